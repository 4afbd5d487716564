"""Files loaded as a steward loads them: uploaded to a resource, then
xloader's job run by a worker in this process against the portal served
over HTTP (the job downloads the file and calls CKAN back)."""
import json
import pathlib

import pytest

from ckan.lib import jobs
from ckan.tests import helpers

DATA = pathlib.Path(__file__).parents[2] / "data" / "datastore"


@pytest.fixture
def expected():
    return json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def load(portal_url, ckan_config, monkeypatch, create_with_upload, sysadmin, agency, dataset_dict):
    """load(name) uploads tests/data/datastore/<name> (or bytes) as a new
    resource and runs the queued jobs; load(name, resource=r) replaces r's
    file. Returns the resource."""
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", sysadmin["token"])
    context = {"user": sysadmin["name"]}
    state = {}

    def run(name, data=None, resource=None, fmt=None, **dataset_fields):
        data = (DATA / name).read_bytes() if data is None else data
        fmt = fmt or name.rsplit(".", 1)[-1].upper()
        if resource is None:
            if "dataset" not in state or dataset_fields:
                state["dataset"] = helpers.call_action(
                    "package_create", context, **dataset_dict(agency["id"], resources=[], **dataset_fields))
            resource = create_with_upload(data, name, package_id=state["dataset"]["id"],
                                          name=name, format=fmt, context=context)
        else:
            resource = create_with_upload(data, name, action="resource_patch", id=resource["id"],
                                          format=fmt, context=context)
        jobs.Worker(["default"]).work(burst=True)
        return helpers.call_action("resource_show", id=resource["id"])

    return run


@pytest.fixture
def table():
    """table(resource_id) -> (fields, rows) as datastore_search gives them."""
    def read(resource_id):
        found = helpers.call_action("datastore_search", resource_id=resource_id, limit=1000, sort="_id")
        fields = [f for f in found["fields"] if not f["id"].startswith("_")]
        return fields, [[r[f["id"]] for f in fields] for r in found["records"]]
    return read


@pytest.fixture
def report():
    def read(resource_id):
        return helpers.call_action("thanhhoa_datastore_report", resource_id=resource_id)
    return read
