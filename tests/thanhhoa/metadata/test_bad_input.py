"""Whatever a client sends for a field, the API answers with a validation
error (409) or accepts it: never a 500, never a half-written dataset."""
import json
import pathlib

import pytest

import ckan.model as model

ROOT = pathlib.Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

FIELDS = sorted(json.loads((DATA / "dataset_full.json").read_text(encoding="utf-8"))) + [
    "spatial", "identifier", "lgsp_id", "modified"]
ODD_VALUES = [None, 42, True, [], {}, [None], {"vi": ["a"]}, "<script>alert(1)</script>",
              "[1, 2", "x" * 5000, "nul\u0000"]


def test_odd_values_never_break_the_api(api, sysadmin, agency, dataset_dict):
    broken = []
    for field in FIELDS:
        for value in ODD_VALUES:
            data = dataset_dict(agency["id"], name="thu-nghiem", **{field: value})
            response = api("package_create", sysadmin["token"], status="*", **data)
            if response["_status"] == 200:
                api("dataset_purge", sysadmin["token"], id="thu-nghiem")
            elif response["_status"] != 409 or model.Session.query(model.Package).count():
                broken.append((field, repr(value)[:30], response["_status"]))
    assert broken == []


def test_markup_from_outside_reaches_pages_escaped(app, sysadmin, agency, dataset_dict):
    script = "<script>alert('x')</script>"
    data = dataset_dict(
        agency["id"], name="thu-nghiem",
        title_translated={"vi": f"Tên {script}", "en": f"Name {script}"},
        notes_translated={"vi": f"Mô tả {script} <img src=x onerror=alert(1)>"},
        provenance=f"Nguồn {script}", version_notes=script,
        contact=[{"name": f"Cán bộ {script}", "email": "a@thanhhoa.gov.vn", "phone": "0237 3852 333"}],
        tag_string="an toàn")
    data["resources"][0]["name"] = f"Tệp {script}"
    api_result = app.post("/api/3/action/package_create", json=data,
                          headers={"Authorization": sysadmin["token"]}).json["result"]

    pages = [app.get(url).get_data(as_text=True) for url in (
        "/dataset/thu-nghiem", "/dataset/", "/en/dataset/thu-nghiem",
        f"/dataset/thu-nghiem/resource/{api_result['resources'][0]['id']}")]

    for page in pages:  # escaped as &lt;…&gt; in HTML, \u003c…\u003e in JSON-LD
        assert "<script>alert('x')</script>" not in page
        assert "<img src=x" not in page
    assert "Tên &lt;script&gt;" in pages[0]


def test_input_nested_450_levels_deep_is_a_validation_error(api, sysadmin, agency, dataset_dict):
    deep = node = {}
    for _ in range(450):
        node["x"] = {}
        node = node["x"]
    data = dataset_dict(agency["id"], name="thu-nghiem", version_notes=deep)
    answer = api("package_create", sysadmin["token"], status="*", **data)
    assert answer["_status"] == 409 and "__input" in answer["error"]
    assert model.Session.query(model.Package).count() == 0


def test_characters_no_text_keeps_are_dropped(api, sysadmin, agency, dataset_dict):
    title = "Trường\ud800 học\ufffe\uffff \x85tỉnh\u200b \u202eThanh\u2066 Hóa"
    data = dataset_dict(agency["id"], name="ky-tu-la", title_translated={"vi": title},
                        contact=[{"name": "Cán bộ", "email": "du\u200blieu@thanhhoa.gov.vn"}],
                        documentation=["https://thanhhoa.gov.vn/\u202etai-lieu"])
    created = api("package_create", sysadmin["token"], **data)["result"]
    assert created["title"] == "Trường học tỉnh Thanh Hóa"
    assert created["contact"][0]["email"] == "dulieu@thanhhoa.gov.vn"
    assert created["documentation"] == ["https://thanhhoa.gov.vn/tai-lieu"]


@pytest.mark.parametrize("change, field, message", [
    ({"title_translated": {"vi": "Dữ liệu " + "rất dài " * 5000}}, "title_translated",
     "Tối đa 500 ký tự"),
    ({"issued": "2025-02-28junk"}, "issued", "Ngày không hợp lệ (YYYY-MM-DD)"),
    ({"license_id": "giay-phep-tu-che"}, "license_id", "Giấy phép không tồn tại: giay-phep-tu-che"),
])
def test_values_that_slipped_through_are_refused(api, sysadmin, agency, dataset_dict, change, field,
                                                 message):
    answer = api("package_create", sysadmin["token"], status="*",
                 **dataset_dict(agency["id"], name="thu-nghiem", **change))
    assert answer["_status"] == 409
    assert message in " ".join(answer["error"][field])
    assert model.Session.query(model.Package).count() == 0


def test_an_identifier_is_stored_as_compared(api, sysadmin, agency, dataset_dict):
    created = api("package_create", sysadmin["token"],
                  **dataset_dict(agency["id"], name="ma-co-khoang-trang", identifier="  SGD-01  "))
    assert created["result"]["identifier"] == "SGD-01"


@pytest.mark.parametrize("code", ["０００.００.１２.H56", "٠٠٠.٠٠.١٢.H56"])
def test_agency_codes_are_ascii_digits(api, sysadmin, code):
    answer = api("organization_create", sysadmin["token"], status="*", name="so-gia",
                 title="Sở giả", agency_code=code)
    assert answer["_status"] == 409 and "agency_code" in answer["error"]
