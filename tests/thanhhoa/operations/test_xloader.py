"""An uploaded CSV goes through xloader (Redis queue, real worker, the portal
served over HTTP) into the DataStore, and its rows come back."""
import pathlib
import pytest

from ckan.lib import jobs
from ckan.tests import helpers

ROOT = pathlib.Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"

pytestmark = pytest.mark.usefixtures(
    "with_plugins", "clean_db", "clean_index", "clean_queues", "with_test_worker"
)


def test_uploaded_csv_is_loaded_into_the_datastore(
    portal_url, ckan_config, monkeypatch, create_with_upload, sysadmin, agency, dataset_dict
):
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", sysadmin["token"])
    dataset = helpers.call_action("package_create", {"user": sysadmin["name"]},
                                  **dataset_dict(agency["id"], resources=[]))

    resource = create_with_upload(
        (DATA / "schools.csv").read_bytes(), "schools.csv",
        package_id=dataset["id"], name="Trường THPT", format="CSV",
        context={"user": sysadmin["name"]},
    )
    queued = [job.func_name for job in jobs.get_queue().get_jobs()]
    assert any(name.endswith("xloader_data_into_datastore") for name in queued)

    jobs.Worker(["default"]).work(burst=True)

    rows = helpers.call_action("datastore_search", resource_id=resource["id"])
    assert rows["total"] == 3
    assert [r["ten_truong"] for r in rows["records"]] == [
        "Trường THPT chuyên Lam Sơn", "Trường THPT Đào Duy Từ", "Trường THPT Hàm Rồng",
    ]
    assert helpers.call_action("resource_show", id=resource["id"])["datastore_active"]


def test_a_resource_pointing_at_solr_is_not_loaded(
    portal_url, ckan_config, monkeypatch, sysadmin, agency, dataset_dict
):
    """xloader downloads through the outbound proxy: Solr's select handler
    (every agency's metadata as CSV) is an address on this machine that no
    allowlist names."""
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", sysadmin["token"])
    solr = "http://127.0.0.1:8983/solr/ckan_test/select?q=*:*&wt=csv&fl=title,notes"
    dataset = helpers.call_action("package_create", {"user": sysadmin["name"]},
                                  **dataset_dict(agency["id"], resources=[]))
    resource = helpers.call_action("resource_create", {"user": sysadmin["name"]},
                                   package_id=dataset["id"], name="Bảng", url=solr, format="CSV")
    queued = [job.func_name for job in jobs.get_queue().get_jobs()]
    assert any(name.endswith("xloader_data_into_datastore") for name in queued)

    jobs.Worker(["default"]).work(burst=True)

    assert not helpers.call_action("resource_show", id=resource["id"])["datastore_active"]
    status = helpers.call_action("xloader_status", resource_id=resource["id"])
    assert status["status"] == "error", status
