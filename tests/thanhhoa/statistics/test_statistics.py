"""The public statistics (/thong-ke, its CSV and JSON, thanhhoa_statistics):
counts of every dataset by access level, sector, agency, format and
licence; only open datasets named in the most viewed and downloaded;
downloads counted by the portal (file, DataStore dump, API search), views
through CKAN's tracking."""
import csv
import datetime
import io
import json

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.fixture(scope="module")
def world(_loaded_plugins, data_dir):
    """An agency with an open dataset (an uploaded CSV in the DataStore) and
    a shared one (a file too), both downloaded; the open one viewed."""
    from ckanext.thanhhoa.testing.portal import empty_portal

    empty_portal()
    template = json.loads((data_dir / "dataset_full.json").read_text(encoding="utf-8"))
    admin = factories.SysadminWithToken()
    agency = factories.Organization(name="so-y-te", title="Sở Y tế")
    as_admin = {"user": admin["name"]}
    datasets = {}
    for level, name in (("mo", "benh-vien-mo"), ("dung-chung", "benh-vien-bi-mat")):
        dataset = helpers.call_action("package_create", as_admin, **dict(
            template, owner_org=agency["id"], name=name, access_level=level, resources=[],
            title_translated={"vi": f"Bệnh viện {name}"}))
        resource = helpers.call_action(
            "resource_create", as_admin, package_id=dataset["id"], name="Bảng", format="CSV",
            upload=FileStorage(io.BytesIO("ma,ten\n1,Bệnh viện\n".encode()), "bang.csv"))
        helpers.call_action("datastore_create", as_admin, resource_id=resource["id"], force=True,
                            records=[{"ma": 1, "ten": "Bệnh viện"}])
        datasets[level] = dict(dataset, resource=resource)
    return {"admin": admin, "agency": agency, "datasets": datasets}


def test_downloads_are_counted_by_kind_and_only_open_data_is_named(app, world, ckan_config, monkeypatch):
    from ckanext.tracking.cli.tracking import update_all

    loader = factories.SysadminWithToken()["token"]
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", loader)
    token = {"Authorization": world["admin"]["token"]}
    opened, shared = world["datasets"]["mo"], world["datasets"]["dung-chung"]
    for _ in range(2):
        app.get(f"/dataset/{opened['name']}/resource/{opened['resource']['id']}/download/bang.csv")
    app.get(f"/datastore/dump/{opened['resource']['id']}?format=csv")
    app.post("/api/3/action/datastore_search", json={"resource_id": opened["resource"]["id"]})
    # not downloads: the loader fetching a file, a HEAD to the API
    app.get(f"/dataset/{opened['name']}/resource/{opened['resource']['id']}/download/bang.csv",
            headers={"Authorization": loader}, status=200)
    app.test_client().head(f"/api/3/action/datastore_search?resource_id={opened['resource']['id']}")
    app.test_client().head(f"/dataset/{opened['name']}/resource/{opened['resource']['id']}/download/bang.csv")
    app.get(f"/dataset/{shared['name']}/resource/{shared['resource']['id']}/download/bang.csv", headers=token)
    app.get(f"/dataset/{shared['name']}/resource/{shared['resource']['id']}/download/bang.csv", status=403)
    for agent in ("Firefox", "Chromium"):
        app.post("/_tracking", params={"url": f"/dataset/{opened['name']}", "type": "page"},
                 headers={"User-Agent": agent}, extra_environ={"REMOTE_ADDR": "10.0.0.1"})
    update_all(datetime.date.today().isoformat())

    numbers = helpers.call_action("thanhhoa_statistics")
    assert numbers["totals"]["datasets"] == 2
    assert (numbers["totals"]["open"], numbers["totals"]["shared"], numbers["totals"]["internal"]) == (1, 1, 0)
    assert numbers["totals"]["downloads"] == 5
    assert numbers["downloads_by_kind"] == {"file": 3, "dump": 1, "api": 1}
    assert numbers["most_downloaded"] == [{"name": opened["name"], "title": opened["title"], "downloads": 4,
                                           "file": 2, "dump": 1, "api": 1}]
    assert numbers["most_viewed"] == [{"name": opened["name"], "title": opened["title"], "views": 2}]
    assert numbers["by"]["owner_org"] == [{"code": world["agency"]["id"], "label": "Sở Y tế", "count": 2}]
    assert [(r["code"], r["count"]) for r in numbers["by"]["access_level"]] == [("dung-chung", 1), ("mo", 1)]
    assert {r["code"]: r["count"] for r in numbers["by"]["vocab_sectors"]} == {"giao-duc": 2, "thong-ke": 2}
    this_month = numbers["growth"][-1]
    assert (this_month["added"], this_month["total"], this_month["total_open"]) == (2, 2, 1)
    assert len(numbers["growth"]) == 24


def test_the_page_its_charts_and_tables(app, world):
    page = app.get("/thong-ke").body
    assert "<h1>Thống kê</h1>" in page
    assert page.count('role="img"') == 6          # growth and five breakdowns
    assert "Bệnh viện benh-vien-mo" in page
    assert "benh-vien-bi-mat" not in page           # counted, never named
    assert "<caption>Tập dữ liệu theo cơ quan</caption>" in page
    english = app.get("/en/thong-ke").body
    assert "<h1>Statistics</h1>" in english and "Datasets by agency" in english


def test_the_csv_and_json_carry_the_same_numbers(app, world):
    numbers = helpers.call_action("thanhhoa_statistics")
    as_json = app.get("/thong-ke.json").json
    assert as_json["totals"] == numbers["totals"] and as_json["by"] == numbers["by"]
    text = app.get("/thong-ke.csv").body
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["section", "code", "label", "value"]
    assert ["totals", "datasets", "datasets", "2"] in rows
    assert ["access_level", "dung-chung", "Dữ liệu dùng chung", "1"] in rows
    assert "benh-vien-bi-mat" not in text
