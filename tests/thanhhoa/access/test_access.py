"""Access levels of the Law on Data 2024 on every surface: no dataset that is
not `mo` is seen by anyone outside its audience.

            | mo | dung-chung | dung-rieng
anonymous   | ✓  |            |
other agency| ✓  | ✓          |
own agency  | ✓  | ✓          | ✓
sysadmin    | ✓  | ✓          | ✓
"""
import copy
import functools
import io
import json
import re

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from ckanext.thanhhoa.testing.portal import empty_portal

pytestmark = pytest.mark.usefixtures("with_plugins")

LEVELS = ("mo", "dung-chung", "dung-rieng")
EXPECTED = {
    "anonymous": {"mo"},
    "other_agency": {"mo", "dung-chung"},
    "own_agency": {"mo", "dung-chung", "dung-rieng"},
    "sysadmin": {"mo", "dung-chung", "dung-rieng"},
}


def build_world(template: dict) -> dict:
    """Three datasets of one agency, one per access level, each with an
    uploaded CSV in the DataStore; a member of that agency, a member of
    another, a sysadmin."""
    own = factories.UserWithToken()
    other = factories.UserWithToken()
    admin = factories.SysadminWithToken()
    agency = factories.Organization(name="so-y-te", users=[{"name": own["name"], "capacity": "editor"}])
    factories.Organization(name="so-tai-chinh", users=[{"name": other["name"], "capacity": "member"}])
    datasets = {}
    for level in LEVELS:
        data = dict(copy.deepcopy(template), owner_org=agency["id"], name=f"du-lieu-{level}",
                    access_level=level, title_translated={"vi": f"Dữ liệu bệnh viện {level}"},
                    resources=[])
        dataset = helpers.call_action("package_create", {"user": admin["name"]}, **data)
        upload = FileStorage(io.BytesIO("ma,ten\n1,Bệnh viện\n".encode("utf-8")), f"{level}.csv")
        resource = helpers.call_action("resource_create", {"user": admin["name"]}, upload=upload,
                                       package_id=dataset["id"], name="Bảng", format="CSV")
        helpers.call_action("datastore_create", {"user": admin["name"]}, resource_id=resource["id"],
                            force=True, records=[{"ma": 1, "ten": "Bệnh viện"}])
        # CKAN labels no "new resource view" activity: its streams showed them to all
        helpers.call_action("resource_view_create", {"user": admin["name"]}, title="Bảng",
                            resource_id=resource["id"], view_type="datatables_view")
        datasets[level] = dict(dataset, resource=resource)
    tokens = {"anonymous": None, "other_agency": other["token"], "own_agency": own["token"],
              "sysadmin": admin["token"]}
    return {"datasets": datasets, "tokens": tokens, "agency": agency, "admin": admin}


@pytest.fixture(scope="module")
def template(data_dir):
    return json.loads((data_dir / "dataset_full.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def world(_loaded_plugins, template):
    """The world in an emptied portal, once for the tests that only read it."""
    empty_portal()
    return build_world(template)


@pytest.fixture
def own_world(clean_db, clean_index, template):
    """A world of its own, for a test that changes it."""
    return build_world(template)


def headers(token):
    return {"Authorization": token} if token else {}


def check_search_results_and_counts(app, world, who):
    response = app.get("/api/3/action/package_search",
                       query_string={"q": "bệnh viện", "facet.field": '["organization"]'},
                       headers=headers(world["tokens"][who])).json["result"]
    seen = {d["access_level"] for d in response["results"]}
    assert seen == EXPECTED[who]
    assert response["count"] == len(EXPECTED[who])
    assert response["search_facets"]["organization"]["items"][0]["count"] == len(EXPECTED[who])


def check_counts(app, world, who):
    """How many datasets a user made, as its profile and the user list say,
    and an agency's count: CKAN counted the user's from the database."""
    get = functools.partial(app.get, headers=headers(world["tokens"][who]))
    admin = world["admin"]
    shown = get("/api/3/action/user_show", query_string={"id": admin["id"]}).json["result"]
    listed = get("/api/3/action/user_list", query_string={"q": admin["name"]}).json["result"]
    agency = get("/api/3/action/organization_show",
                 query_string={"id": world["agency"]["id"]}).json["result"]
    agencies = get("/api/3/action/organization_list", query_string={"all_fields": True}).json
    listed_agency = next(a for a in agencies["result"] if a["id"] == world["agency"]["id"])
    page = get(f"/user/{admin['name']}").get_data(as_text=True)
    counts = [shown["number_created_packages"], listed[0]["number_created_packages"],
              agency["package_count"], listed_agency["package_count"]]
    assert counts == [len(EXPECTED[who])] * 4
    followers, datasets = re.findall(r"<dd>\s*<span[^>]*>(\d+)</span>", page)[:2]
    assert int(datasets) == len(EXPECTED[who]), "the profile's count"


def check_api_and_dataset_page(app, world, who):
    for level, dataset in world["datasets"].items():
        allowed = level in EXPECTED[who]
        api = app.get("/api/3/action/package_show", query_string={"id": dataset["name"]},
                      headers=headers(world["tokens"][who]), expect_errors=True)
        page = app.get(f"/dataset/{dataset['name']}", headers=headers(world["tokens"][who]),
                       expect_errors=True)
        assert (api.status_code == 200) is allowed, (level, api.status_code)
        assert (page.status_code == 200) is allowed, (level, page.status_code)
        if not allowed:
            assert page.status_code in (403, 404)
            assert dataset["title"] not in page.get_data(as_text=True)


def check_resource_download_and_datastore(app, world, who):
    for level, dataset in world["datasets"].items():
        allowed = level in EXPECTED[who]
        resource = dataset["resource"]
        download = app.get(f"/dataset/{dataset['id']}/resource/{resource['id']}/download/{level}.csv",
                           headers=headers(world["tokens"][who]), expect_errors=True)
        rows = app.get("/api/3/action/datastore_search", query_string={"resource_id": resource["id"]},
                       headers=headers(world["tokens"][who]), expect_errors=True)
        assert (download.status_code == 200) is allowed, (level, download.status_code)
        assert (rows.status_code == 200) is allowed, (level, rows.status_code)
        if allowed:
            assert "Bệnh viện" in download.get_data(as_text=True)
            assert rows.json["result"]["records"][0]["ten"] == "Bệnh viện"


def check_home_page(app, world, who):
    """CKAN's home page helpers search with ignore_auth (featured agency,
    recent datasets): the suite makes them show what a citizen sees."""
    home = app.get("/", headers=headers(world["tokens"][who])).get_data(as_text=True)
    for level, dataset in world["datasets"].items():
        if level != "mo":
            assert dataset["title"] not in home, level
    from ckan.lib.helpers import helper_functions as h
    with app.flask_app.test_request_context():
        recent = {d["access_level"] for d in h.get_recent_datasets(count=10)}
        featured = [o for o in h.get_featured_organizations(count=5) if o["name"] == "so-y-te"]
    assert recent == {"mo"}
    assert {d["access_level"] for d in featured[0]["packages"]} == {"mo"}
    assert featured[0]["package_count"] == 1


def check_dcat_and_schema_org(app, world, who):
    """DCAT and schema.org publish open data only, whoever asks: a sysadmin's
    or a steward's catalogue is the citizens' one."""
    token = world["tokens"][who]
    ask = lambda url, **kw: app.get(url, headers=dict(headers(token), **kw),  # noqa: E731
                                    expect_errors=True)
    feeds = [ask(f"/catalog.{fmt}") for fmt in ("ttl", "rdf", "jsonld", "xml")]
    feeds += [ask("/catalog", Accept="text/turtle"), ask("/", Accept="application/ld+json"),
              ask("/dcat.json")]
    for feed in feeds:
        assert feed.status_code == 200
    for level, dataset in world["datasets"].items():
        is_open = level == "mo"
        for feed in feeds:
            assert (dataset["id"] in feed.get_data(as_text=True)) is is_open, (level, feed.request.url)
        for fmt in ("ttl", "rdf", "jsonld"):
            assert (ask(f"/dataset/{dataset['name']}.{fmt}").status_code == 200) is is_open, (level, fmt)
        negotiated = ask(f"/dataset/{dataset['name']}", Accept="text/turtle")
        assert (negotiated.status_code == 200) is is_open, level
        assert negotiated.status_code in (200, 404)
        page = ask(f"/dataset/{dataset['name']}")
        if page.status_code == 200:
            assert ('<script type="application/ld+json">' in page.get_data(as_text=True)) is is_open, level


def check_activity_streams(app, world, who):
    token = world["tokens"][who]
    recent = app.get("/api/3/action/recently_changed_packages_activity_list",
                     headers=headers(token)).json["result"]
    agency = app.get("/api/3/action/organization_activity_list",
                     query_string={"id": world["agency"]["id"]}, headers=headers(token)).json["result"]
    editor = app.get("/api/3/action/user_activity_list", query_string={"id": world["admin"]["id"]},
                     headers=headers(token)).json["result"]
    ids = {level: d["id"] for level, d in world["datasets"].items()}
    for stream in (recent, agency, editor):
        seen = {level for level, id_ in ids.items() if any(a["object_id"] == id_ for a in stream)}
        assert seen == EXPECTED[who]


@pytest.mark.parametrize("who", EXPECTED)
def test_every_surface_obeys_the_access_level(app, world, who):
    check_search_results_and_counts(app, world, who)
    check_counts(app, world, who)
    check_api_and_dataset_page(app, world, who)
    check_resource_download_and_datastore(app, world, who)
    check_dcat_and_schema_org(app, world, who)
    check_home_page(app, world, who)
    check_activity_streams(app, world, who)


def test_a_dataset_made_internal_takes_its_history_with_it(app, own_world):
    opened = own_world["datasets"]["mo"]
    helpers.call_action("package_patch", {"user": factories.Sysadmin()["name"]},
                        id=opened["id"], access_level="dung-rieng")

    recent = app.get("/api/3/action/recently_changed_packages_activity_list").json["result"]
    search = app.get("/api/3/action/package_search").json["result"]

    assert not any(a["object_id"] == opened["id"] for a in recent)
    assert search["count"] == 0
