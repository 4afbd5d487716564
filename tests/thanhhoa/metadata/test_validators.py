"""The dataset schema through CKAN's actions: what is stored, what is
derived, and what is rejected (with a Vietnamese message and nothing saved)."""
import datetime
import unicodedata

import pytest

import ckan.model as model
from ckan.tests import helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def create(user, data):
    return helpers.call_action("package_create", {"user": user["name"]}, **data)


def test_a_complete_dataset_is_stored_with_its_types(sysadmin, agency, dataset_dict):
    created = create(sysadmin, dataset_dict(agency["id"]))
    shown = helpers.call_action("package_show", id=created["id"])

    assert shown["name"] == "danh-sach-truong-hoc-tinh-thanh-hoa"
    assert shown["title"] == "Danh sách trường học tỉnh Thanh Hóa"
    assert shown["notes"] == "Tên, địa chỉ và số học sinh của các trường."
    assert shown["title_translated"]["en"] == "Schools of Thanh Hóa province"
    assert shown["sectors"] == ["giao-duc", "thong-ke"]
    assert shown["admin_units"] == ["14797", "399"]
    assert shown["temporal_coverage"] == [{"start": "2024-09-01", "end": "2025-05-31"}]
    assert shown["contact"][0]["email"] == "khtc@thanhhoa.edu.vn"
    assert shown["language"] == ["vi", "en"]
    assert shown["applicable_legislation"] == ["Luật Dữ liệu 2024", "Nghị định 165/2025/NĐ-CP"]
    assert shown["identifier"] == created["id"]
    assert shown["publisher"] == {"name": "so-giao-duc-va-dao-tao", "title": "Sở Giáo dục và Đào tạo"}
    assert shown["modified"] == datetime.date.today().isoformat()
    assert shown["license_title"].startswith("Creative Commons Ghi công 4.0")
    assert shown["resources"][0]["size"] == 20480
    assert shown["resources"][0]["language"] == "vi"


def test_defaults_of_the_model(sysadmin, agency, dataset_dict):
    data = dataset_dict(agency["id"])
    for key in ("access_level", "license_id", "admin_units", "language"):
        del data[key]
    shown = create(sysadmin, data)
    assert shown["access_level"] == "mo"
    assert shown["license_id"] == "cc-by-4.0"
    assert shown["admin_units"] == ["38"]
    assert shown["language"] == ["vi"]


def test_nfd_input_is_stored_as_nfc(sysadmin, agency, dataset_dict):
    nfc = create(sysadmin, dataset_dict(agency["id"], name="nfc"))
    nfd_input = {k: (unicodedata.normalize("NFD", v) if isinstance(v, str) else v)
                 for k, v in dataset_dict(agency["id"], name="nfd").items()}
    nfd_input["title_translated"] = {
        k: unicodedata.normalize("NFD", v) for k, v in nfd_input["title_translated"].items()}
    nfd_input["tag_string"] = unicodedata.normalize("NFD", "giáo dục,trường học")
    nfd_input["contact"] = [{k: unicodedata.normalize("NFD", v) for k, v in c.items()}
                            for c in nfd_input["contact"]]
    assert nfd_input["title_translated"]["vi"] != nfc["title_translated"]["vi"]

    nfd = create(sysadmin, nfd_input)

    for key in ("title", "title_translated", "notes_translated", "contact", "provenance",
                "version_notes", "applicable_legislation"):
        assert nfd[key] == nfc[key], key
    assert sorted(t["name"] for t in nfd["tags"]) == sorted(t["name"] for t in nfc["tags"])
    assert helpers.call_action("package_search", q=unicodedata.normalize("NFD", "trường học"))["count"] == 2


def test_slug_from_a_vietnamese_title_is_unique(sysadmin, agency, dataset_dict):
    title = {"vi": "Đường giao thông nông thôn Thanh Hóa"}
    first = create(sysadmin, dataset_dict(agency["id"], title_translated=title))
    second = create(sysadmin, dataset_dict(agency["id"], title_translated=title))
    assert first["name"] == "duong-giao-thong-nong-thon-thanh-hoa"
    assert second["name"] == "duong-giao-thong-nong-thon-thanh-hoa-2"


@pytest.mark.parametrize("change, field, message", [
    ({"title_translated": {"en": "Schools"}}, "title_translated", "Thiếu nội dung bằng tiếng Việt"),
    ({"notes_translated": {"vi": "   "}}, "notes_translated", "Thiếu nội dung bằng tiếng Việt"),
    ({"sectors": ["giao-duc", "thuy-san"]}, "sectors", "Mã lĩnh vực không tồn tại: thuy-san"),
    ({"sectors": []}, "sectors", "Chọn ít nhất một giá trị"),
    ({"frequency": "HOURLY"}, "frequency", "Tần suất cập nhật không tồn tại: HOURLY"),
    ({"access_level": "bi-mat"}, "access_level", "Mức độ chia sẻ không tồn tại: bi-mat"),
    ({"admin_units": ["99999"]}, "admin_units", "Mã đơn vị hành chính không tồn tại: 99999"),
    ({"spatial": '{"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}'}, "spatial",
     "GeoJSON không hợp lệ"),
    ({"temporal_coverage": [{"start": "2025-01-01", "end": "2024-01-01"}]}, "temporal_coverage",
     "Ngày kết thúc không được trước ngày bắt đầu"),
    ({"issued": "15/06/2025"}, "issued", "Ngày không hợp lệ (YYYY-MM-DD)"),
    ({"contact": [{"name": "A", "email": "khtc@", "phone": "0237 3852 333"}]}, "contact",
     "Địa chỉ thư điện tử không hợp lệ"),
    ({"contact": [{"name": "A", "email": "a@b.vn", "phone": "12"}]}, "contact",
     "Số điện thoại không hợp lệ"),
    ({"contact": []}, "contact", "Dữ liệu mở cần ít nhất một đầu mối liên hệ có thư điện tử hợp lệ"),
    ({"documentation": ["ftp://example.org/doc"]}, "documentation", "Không phải đường dẫn http(s) hợp lệ"),
])
def test_rejections_name_the_field_in_vietnamese_and_save_nothing(
        api, sysadmin, agency, dataset_dict, change, field, message):
    result = api("package_create", sysadmin["token"], status=409,
                 **dataset_dict(agency["id"], **change))

    assert message in str(result["error"][field])
    assert model.Session.query(model.Package).count() == 0


@pytest.mark.parametrize("resource, field, message", [
    ({"name": "", "url": "https://a.vn/x.csv", "format": "CSV"}, "name", "Thiếu giá trị"),
    ({"name": "x", "url": "javascript:alert(1)", "format": "CSV"}, "url", "Không phải đường dẫn http(s) hợp lệ"),
    ({"name": "x", "url": "https://a.vn/x.csv", "format": "CSV", "size": "-1"}, "size",
     "Dung lượng phải là số byte nguyên"),
])
def test_resource_rejections(api, sysadmin, agency, dataset_dict, resource, field, message):
    result = api("package_create", sysadmin["token"], status=409,
                 **dataset_dict(agency["id"], resources=[resource]))
    assert message in str(result["error"]["resources"][0][field])
    assert model.Session.query(model.Package).count() == 0


def test_a_rejected_update_changes_nothing(sysadmin, agency, dataset_dict):
    created = create(sysadmin, dataset_dict(agency["id"]))
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("package_patch", {"user": sysadmin["name"]}, id=created["id"],
                            title_translated={"vi": "Tên mới"}, frequency="HOURLY")
    assert helpers.call_action("package_show", id=created["id"])["title"] == created["title"]


def test_lgsp_id_is_written_by_the_harvester_only(sysadmin, agency, dataset_dict):
    created = create(sysadmin, dataset_dict(agency["id"], lgsp_id="typed-by-hand"))
    assert "lgsp_id" not in created
    harvested = helpers.call_action(
        "package_patch", {"user": sysadmin["name"], "thanhhoa_harvester": True},
        id=created["id"], lgsp_id="LGSP-000123")
    assert harvested["lgsp_id"] == "LGSP-000123"
    edited = helpers.call_action("package_patch", {"user": sysadmin["name"]},
                                 id=created["id"], lgsp_id="changed")
    assert edited["lgsp_id"] == "LGSP-000123"


def test_identifier_given_by_hand_is_unique(api, sysadmin, agency, dataset_dict):
    create(sysadmin, dataset_dict(agency["id"], identifier="TH-GD-001"))
    result = api("package_create", sysadmin["token"], status=409,
                 **dataset_dict(agency["id"], identifier="TH-GD-001"))
    assert result["error"]["identifier"] == ["Đã có tập dữ liệu khác dùng mã này"]
