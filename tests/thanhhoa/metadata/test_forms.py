"""Stewards' web forms: create and edit a dataset and its resources in
Vietnamese; a rejected submission shows field errors and keeps what was
typed; form, API and NFD input give the same dataset."""
import unicodedata

import pytest

import ckan.model as model
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

COMPARED = ("title", "title_translated", "notes", "notes_translated", "sectors", "access_level",
            "license_id", "frequency", "admin_units", "temporal_coverage", "issued", "contact",
            "language", "version", "provenance", "applicable_legislation", "conforms_to",
            "documentation", "owner_org")


@pytest.fixture
def steward():
    user = factories.UserWithToken()
    agency = factories.Organization(name="so-giao-duc-va-dao-tao",
                                    users=[{"name": user["name"], "capacity": "editor"}])
    return {"user": user, "agency": agency, "headers": {"Authorization": user["token"]}}


def form_data(agency_id, **changes):
    """What a steward's browser posts from the first page of the dataset form."""
    data = {
        "_ckan_phase": "dataset_new_1", "save": "",
        "title_translated-vi": "Danh sách trường học tỉnh Thanh Hóa",
        "title_translated-en": "Schools of Thanh Hóa province",
        "name": "",
        "notes_translated-vi": "Tên, địa chỉ và số học sinh của các trường.",
        "notes_translated-en": "Names, addresses and pupils of the schools.",
        "owner_org": agency_id,
        "sectors": ["giao-duc", "thong-ke"],
        "tag_string": "giáo dục,trường học",
        "access_level": "mo", "license_id": "cc-by-4.0", "frequency": "ANNUAL",
        "admin_units": ["14797", "399"],
        "temporal_coverage-0-start": "2024-09-01", "temporal_coverage-0-end": "2025-05-31",
        "issued": "2025-06-15",
        "contact-0-name": "Phòng Kế hoạch – Tài chính", "contact-0-email": "khtc@thanhhoa.edu.vn",
        "contact-0-phone": "0237 3852 333",
        "language": ["vi", "en"], "version": "2025.1", "version_notes": "Năm học 2024–2025",
        "conforms_to": ["Thông tư 42/2024/TT-BGDĐT"],
        "documentation": ["https://thanhhoa.edu.vn/du-lieu/truong-hoc"],
        "applicable_legislation": ["Luật Dữ liệu 2024", "Nghị định 165/2025/NĐ-CP"],
        "provenance": "Tổng hợp từ hệ thống quản lý trường học của Sở.",
    }
    data.update(changes)
    return data


def test_the_form_speaks_vietnamese(app, steward):
    page = app.get("/dataset/new", headers=steward["headers"]).get_data(as_text=True)
    for label in ("Tên tập dữ liệu (Tiếng Việt)", "Lĩnh vực", "Mức độ chia sẻ", "Tần suất cập nhật",
                  "Phạm vi địa lý", "Đầu mối liên hệ", "Giáo dục và đào tạo", "Phường Hạc Thành"):
        assert label in page, label


def test_a_steward_creates_a_dataset_and_its_resource(app, steward):
    response = app.post("/dataset/new", data=form_data(steward["agency"]["id"]),
                        headers=steward["headers"], follow_redirects=False)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    app.post(response.headers["location"], headers=steward["headers"], data={
        "id": "", "name": "Danh sách trường", "url": "https://thanhhoa.edu.vn/truong-hoc.csv",
        "format": "CSV", "encoding": "UTF-8", "save": "go-metadata"})

    dataset = helpers.call_action("package_show", id="danh-sach-truong-hoc-tinh-thanh-hoa")
    assert dataset["state"] == "active"
    assert dataset["title_translated"] == {"vi": "Danh sách trường học tỉnh Thanh Hóa",
                                           "en": "Schools of Thanh Hóa province"}
    assert dataset["sectors"] == ["giao-duc", "thong-ke"]
    assert dataset["contact"] == [{"name": "Phòng Kế hoạch – Tài chính",
                                   "email": "khtc@thanhhoa.edu.vn", "phone": "0237 3852 333"}]
    assert dataset["resources"][0]["name"] == "Danh sách trường"


def test_a_rejected_submission_keeps_what_was_typed(app, steward):
    data = form_data(steward["agency"]["id"], **{
        "title_translated-vi": "", "contact-0-email": "khtc@", "frequency": "HOURLY"})

    response = app.post("/dataset/new", data=data, headers=steward["headers"])
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    for message in ("Thiếu nội dung bằng tiếng Việt", "Địa chỉ thư điện tử không hợp lệ",
                    "Tần suất cập nhật không tồn tại: HOURLY"):
        assert message in page, message
    for typed in ("Schools of Thanh Hóa province", "Tên, địa chỉ và số học sinh của các trường.",
                  "khtc@", "0237 3852 333", "2024-09-01", "Luật Dữ liệu 2024"):
        assert typed in page, typed
    assert 'value="thong-ke" checked' in page or 'value="thong-ke"\n' in page
    assert model.Session.query(model.Package).count() == 0


def test_errors_are_in_english_under_en(app, steward):
    data = form_data(steward["agency"]["id"], **{"title_translated-vi": "", "frequency": "HOURLY"})
    page = app.post("/en/dataset/new", data=data, headers=steward["headers"]).get_data(as_text=True)
    assert "Missing value in Vietnamese" in page
    assert "Unknown update frequency: HOURLY" in page


def test_the_edit_form_shows_and_saves_the_fields(app, steward, dataset_dict):
    created = helpers.call_action("package_create", {"user": steward["user"]["name"]},
                                  **dataset_dict(steward["agency"]["id"], name="truong-hoc"))
    page = app.get("/dataset/edit/truong-hoc", headers=steward["headers"]).get_data(as_text=True)
    assert 'value="Schools of Thanh Hóa province"' in page
    assert "khtc@thanhhoa.edu.vn" in page

    data = form_data(steward["agency"]["id"], name="truong-hoc", **{
        "title_translated-vi": "Trường học (cập nhật)", "_ckan_phase": "", "save": ""})
    app.post("/dataset/edit/truong-hoc", data=data, headers=steward["headers"])

    updated = helpers.call_action("package_show", id=created["id"])
    assert updated["title"] == "Trường học (cập nhật)"
    assert updated["identifier"] == created["id"]


def test_form_api_and_nfd_input_give_the_same_dataset(app, steward, dataset_dict):
    agency_id = steward["agency"]["id"]
    response = app.post("/dataset/new", data=form_data(agency_id, name="tu-bieu-mau"),
                        headers=steward["headers"], follow_redirects=False)
    app.post(response.headers["location"], headers=steward["headers"], data={
        "id": "", "name": "Danh sách trường", "url": "https://thanhhoa.edu.vn/truong-hoc.csv",
        "format": "CSV", "save": "go-metadata"})
    api = app.post("/api/3/action/package_create", headers=steward["headers"],
                   json=dataset_dict(agency_id, name="tu-api")).json["result"]
    nfd = {k: (unicodedata.normalize("NFD", v) if isinstance(v, str) else v)
           for k, v in dataset_dict(agency_id, name="tu-nfd").items()}
    nfd["title_translated"] = {k: unicodedata.normalize("NFD", v) for k, v in nfd["title_translated"].items()}
    nfd["notes_translated"] = {k: unicodedata.normalize("NFD", v) for k, v in nfd["notes_translated"].items()}
    nfd["contact"] = [{k: unicodedata.normalize("NFD", v) for k, v in c.items()} for c in nfd["contact"]]
    from_nfd = helpers.call_action("package_create", {"user": steward["user"]["name"]}, **nfd)

    from_form = helpers.call_action("package_show", id="tu-bieu-mau")
    for key in COMPARED:
        assert from_form[key] == api[key] == from_nfd[key], key
    tags = [sorted(t["name"] for t in d["tags"]) for d in (from_form, api, from_nfd)]
    assert tags[0] == tags[1] == tags[2]


def test_the_dataset_page_shows_the_fields_by_name(app, steward, dataset_dict):
    helpers.call_action("package_create", {"user": steward["user"]["name"]},
                        **dataset_dict(steward["agency"]["id"], name="truong-hoc"))
    page = app.get("/dataset/truong-hoc").get_data(as_text=True)
    for shown in ("Giáo dục và đào tạo", "Thống kê", "Dữ liệu mở", "Hằng năm", "Phường Hạc Thành",
                  "Huyện Hoằng Hóa (trước năm 2025; nay là Xã Hoằng Hóa", "khtc@thanhhoa.edu.vn",
                  "Luật Dữ liệu 2024", "2024-09-01"):
        assert shown in page, shown


def test_a_steward_edits_a_resource(app, steward, dataset_dict):
    dataset = helpers.call_action("package_create", {"user": steward["user"]["name"]},
                                  **dataset_dict(steward["agency"]["id"], name="truong-hoc"))
    resource = dataset["resources"][0]
    url = f"/dataset/truong-hoc/resource/{resource['id']}/edit"
    assert 'value="Danh sách trường"' in app.get(url, headers=steward["headers"]).get_data(as_text=True)

    rejected = app.post(url, headers=steward["headers"], data={
        "id": resource["id"], "name": "Danh sách trường (2025)", "url": "ftp://x", "format": "CSV",
        "size": "-5", "save": ""}).get_data(as_text=True)
    assert "Không phải đường dẫn http(s) hợp lệ" in rejected
    assert "Dung lượng phải là số byte nguyên" in rejected
    assert 'value="Danh sách trường (2025)"' in rejected

    app.post(url, headers=steward["headers"], data={
        "id": resource["id"], "name": "Danh sách trường (2025)", "format": "CSV",
        "url": "https://thanhhoa.edu.vn/truong-hoc-2025.csv", "encoding": "UTF-8", "save": ""})
    saved = helpers.call_action("resource_show", id=resource["id"])
    assert saved["name"] == "Danh sách trường (2025)"
    assert saved["url"] == "https://thanhhoa.edu.vn/truong-hoc-2025.csv"
