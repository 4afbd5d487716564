"""The suite's rules beyond the access levels, each where CKAN or an
extension was open: agencies are made by sysadmins, harvesting is the
operators' business, no DataStore table is listed to all, a deleted
agency's members are nobody's staff."""
import pytest

from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_an_account_cannot_make_itself_an_agency(api):
    user = factories.UserWithToken()
    answer = api("organization_create", user["token"], status="*", name="co-quan-gia")
    assert answer["_status"] == 403


def test_an_agency_editor_cannot_create_harvest_sources(api):
    editor = factories.UserWithToken()
    agency = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    answer = api("harvest_source_create", editor["token"], status="*", name="nguon-gia",
                 title="Nguồn", url="http://127.0.0.1:9/", source_type="lgsp",
                 owner_org=agency["id"])
    assert answer["_status"] == 403


@pytest.mark.parametrize("action, params", [
    ("harvest_source_list", {}), ("harvest_object_list", {}), ("harvest_log_list", {}),
    ("harvest_source_show_status", {"id": "x"}),
])
def test_harvest_reads_are_for_operators(api, action, params):
    user = factories.UserWithToken()
    for token in (None, user["token"]):
        assert api(action, token, status="*", **params)["_status"] == 403


def test_no_datastore_table_is_listed_to_all(api):
    answer = api("datastore_search", None, status="*", resource_id="_table_metadata")
    assert answer["_status"] in (403, 404)


def test_members_of_a_deleted_agency_lose_shared_data(api, sysadmin, dataset_dict):
    member = factories.UserWithToken()
    owner = factories.Organization()
    gone = factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    shared = helpers.call_action("package_create", {"user": sysadmin["name"]},
                                 **dataset_dict(owner["id"], access_level="dung-chung"))
    assert api("package_show", member["token"], id=shared["id"])["success"]
    helpers.call_action("organization_delete", {"user": sysadmin["name"]}, id=gone["id"])
    assert api("package_show", member["token"], status="*", id=shared["id"])["_status"] == 403
