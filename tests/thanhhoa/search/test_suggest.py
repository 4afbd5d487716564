"""thanhhoa_suggest: places, and titles the requester may read. A place
filters the search; a pre-2025 district finds the datasets of the communes
it became."""
import pytest

from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def make(sysadmin, dataset_dict, agency, name, **fields):
    return helpers.call_action("package_create", {"user": sysadmin["name"]},
                               **dataset_dict(agency["id"], name=name, **fields))


def test_titles_follow_access_levels(app, sysadmin, agency, dataset_dict):
    make(sysadmin, dataset_dict, agency, "wifi-mo", title_translated={"vi": "Điểm wifi công cộng"})
    make(sysadmin, dataset_dict, agency, "wifi-chung", access_level="dung-chung",
         title_translated={"vi": "Điểm wifi nội bộ"})
    staff = factories.User()
    helpers.call_action("member_create", {"user": sysadmin["name"]}, id=agency["id"],
                        object=staff["name"], object_type="user", capacity="member")

    citizen = helpers.call_action("thanhhoa_suggest", {"user": ""}, q="wifi")
    member = helpers.call_action("thanhhoa_suggest", {"user": staff["name"]}, q="wifi")

    assert [d["name"] for d in citizen["datasets"]] == ["wifi-mo"]
    assert sorted(d["name"] for d in member["datasets"]) == ["wifi-chung", "wifi-mo"]
    assert app.get("/api/3/action/thanhhoa_suggest?q=w").json["result"] == {"places": [], "datasets": []}


def test_an_old_district_filters_the_datasets_of_what_it_became(app, sysadmin, agency, dataset_dict):
    make(sysadmin, dataset_dict, agency, "ha-tang-hac-thanh", admin_units=["14797"])
    make(sysadmin, dataset_dict, agency, "ha-tang-bim-son", admin_units=["14812"])

    answer = app.get("/api/3/action/thanhhoa_suggest?q=thanh+pho+thanh+hoa").json["result"]
    place = answer["places"][0]
    assert place["name"] == "Thành phố Thanh Hóa" and place["note"] == "trước 1/7/2025"
    assert "vocab_admin_units_old=380" in place["url"]

    found = helpers.call_action("package_search", {"user": ""}, fq='vocab_admin_units_old:"380"')
    assert [d["name"] for d in found["results"]] == ["ha-tang-hac-thanh"]


def test_a_filter_by_an_old_place_is_shown_by_its_name(app, sysadmin, agency, dataset_dict):
    make(sysadmin, dataset_dict, agency, "ha-tang-hac-thanh", admin_units=["14797"])

    page = app.get("/dataset/?vocab_admin_units_old=380").get_data(as_text=True)

    assert "Thành phố Thanh Hóa (trước 1/7/2025)" in page and "None:" not in page
    assert "Địa danh trước 1/7/2025" in page
