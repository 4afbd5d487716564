"""`ckan thanhhoa backup DIR` and `ckan thanhhoa restore DIR`: a portal
backed up, its services emptied (both databases' schemas dropped, the file
store and Solr emptied), restored and reindexed is the same portal: every
dataset as package_show gives it, every uploaded file, every DataStore row
read through the read-only role, the accounts and their API tokens, the
suite's own tables. A damaged backup, or a portal that holds data, is
refused before anything is touched."""
import io
import shutil

import pytest
from werkzeug.datastructures import FileStorage

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers

from ckanext.thanhhoa.backup import postgres

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
CSV = "ten,so_truong\nThành phố Thanh Hóa,42\nSầm Sơn,7\n".encode("utf-8")


@pytest.fixture
def empty_store():
    """The DataStore's tables and the uploaded files of earlier tests gone
    (CKAN's clean_db empties neither)."""
    postgres.empty_tables(tk.config["ckan.datastore.write_url"], keep_prefix="_")
    for folder in ("resources", "storage"):
        shutil.rmtree(tk.config["ckan.storage_path"] + "/" + folder, ignore_errors=True)


@pytest.fixture
def portal(empty_store, sysadmin, dataset_dict):
    steward = factories.UserWithToken()
    agency = factories.Organization(name="so-giao-duc-sao-luu", image_url="",
                                    users=[{"name": steward["name"], "capacity": "editor"}])
    as_admin = {"user": sysadmin["name"]}
    datasets = [helpers.call_action("package_create", as_admin, **dataset_dict(
        agency["id"], name=name, access_level=level, resources=[]))
        for name, level in (("truong-hoc-sao-luu", "mo"), ("ho-so-noi-bo-sao-luu", "dung-rieng"))]
    resource = helpers.call_action("resource_create", as_admin, package_id=datasets[0]["id"], name="Trường",
                                   url="truong.csv", format="CSV",
                                   upload=FileStorage(io.BytesIO(CSV), "truong.csv", "text/csv"))
    helpers.call_action("datastore_create", as_admin, force=True, resource_id=resource["id"],
                        records=[{"ten": "Thành phố Thanh Hóa", "so_truong": 42}, {"ten": "Sầm Sơn", "so_truong": 7}])
    helpers.call_action("thanhhoa_sector_follow", {"user": steward["name"]}, sector="giao-duc")
    helpers.call_action("thanhhoa_data_request_create", {"user": steward["name"]}, title="Điểm thi",
                        description="Theo trường.")
    return {"steward": steward, "datasets": datasets, "resource": resource}


def state(app, api, portal, sysadmin):
    """What a citizen, a steward and the operator see."""
    resource = portal["resource"]
    return {
        "datasets": {d["name"]: helpers.call_action("package_show", id=d["id"]) for d in portal["datasets"]},
        "search": api("package_search", token=sysadmin["token"], q="*:*", include_private=True)["result"]["count"],
        "file": app.get(f"/dataset/{resource['package_id']}/resource/{resource['id']}/download/truong.csv").body,
        "rows": api("datastore_search", resource_id=resource["id"], sort="_id")["result"]["records"],
        "steward": api("thanhhoa_followee_list", token=portal["steward"]["token"])["result"]["sectors"],
        "requests": [r["title"] for r in api("thanhhoa_data_request_list")["result"]["results"]],
    }


def run(cli, *args):
    result = cli.invoke(ckan, list(args))
    return result.exit_code, result.output


def test_a_portal_restored_on_empty_services_is_the_same(app, api, cli, portal, sysadmin, tmp_path):
    before = state(app, api, portal, sysadmin)
    code, said = run(cli, "thanhhoa", "backup", str(tmp_path / "sao-luu"))
    assert code == 0, said
    assert "backup of 2 datasets, 1 DataStore tables and 1 files" in said

    model.Session.remove()
    for url in (tk.config["sqlalchemy.url"], tk.config["ckan.datastore.write_url"]):
        postgres.empty(url)
    shutil.rmtree(tk.config["ckan.storage_path"] + "/resources")
    search.clear_all()

    code, said = run(cli, "thanhhoa", "restore", str(tmp_path / "sao-luu"))
    assert code == 0, said
    assert "restored 2 datasets, 1 DataStore tables and 1 files" in said
    code, said = run(cli, "search-index", "rebuild")
    assert code == 0, said
    model.Session.remove()
    assert state(app, api, portal, sysadmin) == before


def test_a_damaged_backup_or_a_portal_with_data_is_refused_untouched(cli, portal, tmp_path):
    folder = tmp_path / "sao-luu"
    assert run(cli, "thanhhoa", "backup", str(folder))[0] == 0
    code, said = run(cli, "thanhhoa", "backup", str(folder))
    assert code == 1 and "is not empty" in said
    code, said = run(cli, "thanhhoa", "restore", str(folder))      # this portal holds data
    assert code == 1 and "nothing restored: this portal holds data (2 datasets" in said
    dump = folder / "ckan.dump"
    damaged = bytearray(dump.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    dump.write_bytes(bytes(damaged))
    code, said = run(cli, "thanhhoa", "restore", "--replace", str(folder))
    assert code == 1 and "nothing restored: ckan.dump is missing or damaged" in said
    (folder / "manifest.json").write_text("{", encoding="utf-8")
    assert "nothing restored: no readable manifest.json" in run(cli, "thanhhoa", "restore", str(folder))[1]
    assert helpers.call_action("package_show", id="truong-hoc-sao-luu")["name"] == "truong-hoc-sao-luu"
