"""Every DataStore table is a data service: an OpenAPI 3 document that
validates and whose example requests return the rows, a Frictionless Table
Schema of its columns with the steward's dictionary, and the access level
of its dataset on every data request."""
import csv
import io

import pytest
from openapi_spec_validator import validate

from ckan.tests import factories, helpers

from ckanext.thanhhoa.datastore import service

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_queues",
                                     "with_test_worker")


def describe(resource_id):
    helpers.call_action("datastore_create", resource_id=resource_id, force=True, fields=[
        {"id": "Kinh phí (đồng)", "type": "numeric",
         "info": {"label": "Kinh phí", "notes": "Kinh phí được cấp năm 2024", "unit": "đồng"}}])


def test_the_openapi_document_validates_and_its_examples_return_the_rows(load, app, expected):
    resource = load("schools-utf8.csv")
    describe(resource["id"])
    document = app.get(f"/dich-vu-du-lieu/{resource['id']}/openapi.json").json
    validate(document)
    assert document["security"] == []
    first = expected["schools-utf8.csv"]["rows"][0]

    requests = dict(service.example_requests(document))
    found = app.get("/api/3/action/datastore_search", query_string=requests["/api/3/action/datastore_search"]).json
    assert found["success"] and found["result"]["records"]
    assert found["result"]["records"][0]["Tên trường"] == first[1]

    dump = app.get(f"/datastore/dump/{resource['id']}",
                   query_string=requests[f"/datastore/dump/{resource['id']}"]).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(dump.lstrip("\ufeff"))))
    assert rows and rows[0]["Tên trường"] == first[1]
    money = document["components"]["schemas"]["Dong"]["properties"]["Kinh phí (đồng)"]
    assert money["type"] == "number" and "đồng" in money["description"]


def test_the_table_schema_carries_the_dictionary(load, app, expected):
    resource = load("schools-utf8.csv")
    describe(resource["id"])
    schema = app.get(f"/dich-vu-du-lieu/{resource['id']}/table-schema.json").json
    assert [f["name"] for f in schema["fields"]] == expected["schools-utf8.csv"]["columns"]
    assert [f["type"] for f in schema["fields"]] == ["integer", "string", "string", "integer", "number", "date"]
    money = schema["fields"][4]
    assert (money["title"], money["description"], money["unit"]) == (
        "Kinh phí", "Kinh phí được cấp năm 2024", "đồng")


def test_a_shared_table_answers_only_to_state_agencies(load, app, api):
    resource = load("schools-utf8.csv", access_level="dung-chung")
    citizen = factories.UserWithToken()
    staff = factories.UserWithToken()
    factories.Organization(name="so-tai-chinh", users=[{"name": staff["name"], "capacity": "member"}])

    for token in (None, citizen["token"]):
        answer = api("datastore_search", token=token, status="*", resource_id=resource["id"])
        assert answer["_status"] == 403, token
        headers = {"Authorization": token} if token else {}
        for path in ("openapi.json", "table-schema.json"):
            assert app.get(f"/dich-vu-du-lieu/{resource['id']}/{path}", headers=headers,
                           expect_errors=True).status_code == 403
        dump = app.get(f"/datastore/dump/{resource['id']}", headers=headers, expect_errors=True)
        assert dump.status_code in (403, 404) and "Hàm Rồng" not in dump.get_data(as_text=True)

    answer = api("datastore_search", token=staff["token"], resource_id=resource["id"])
    assert answer["result"]["total"] == 6
    document = app.get(f"/dich-vu-du-lieu/{resource['id']}/openapi.json",
                       headers={"Authorization": staff["token"]}).json
    validate(document)
    assert document["security"] == [{"apiToken": []}]


def test_a_resource_without_a_table_has_no_service(app, sysadmin, agency, dataset_dict):
    dataset = helpers.call_action("package_create", {"user": sysadmin["name"]},
                                  **dataset_dict(agency["id"], resources=[]))
    resource = helpers.call_action("resource_create", {"user": sysadmin["name"]}, package_id=dataset["id"],
                                   url="https://example.org/a.pdf", format="PDF", name="Văn bản")
    answer = app.get(f"/dich-vu-du-lieu/{resource['id']}/openapi.json", expect_errors=True)
    assert answer.status_code == 404
    assert app.get("/dich-vu-du-lieu/khong-co/openapi.json", expect_errors=True).status_code == 404
