"""The proof that shared and internal data reach no one outside their
audience: a canary crawler over every side-effect-free action CKAN has
registered and every GET route of the app (enumerated at run time), as an
anonymous citizen and as a member of another agency. Its positive control:
a member of the owning agency finds every canary.

The data comes in as agencies' data does, through the LGSP gateway: one
shared (`DUNG_CHUNG`) and one internal (`DUNG_RIENG`) record whose every
text carries a canary (title, description, keyword, contact, resource name
and URL, record id), harvested into datasets with harvest objects and
activities, with canary rows in the DataStore."""
import datetime
import random

import pytest

from ckan.tests import factories, helpers

from ckanext.thanhhoa.testing import crawler
from ckanext.thanhhoa.testing.harvest import run_job
from ckanext.thanhhoa.testing.lgsp_gateway import FakeGateway, make_record
from ckanext.thanhhoa.testing.portal import empty_portal

pytestmark = pytest.mark.usefixtures("with_plugins")

PROBE = "zqk"                      # every canary starts with it: searches ask for it
LEVELS = {"dc": "DUNG_CHUNG", "dr": "DUNG_RIENG"}
FIELDS = ("title", "notes", "tag", "contact", "res", "url", "id", "row")
CANARIES = [f"{PROBE}{level}{name}" for level in LEVELS for name in FIELDS]
# what each identity may read: shared data is for every agency's staff
AUDIENCE = {"anonymous": set(), "other_agency": {c for c in CANARIES if c.startswith(PROBE + "dc")},
            "own_agency": set(CANARIES)}

# Not crawled, and why.
SKIP_ACTIONS = {}
SKIP_ROUTES = {
    "/<path:filename>": "static files of the theme and CKAN, the same for everyone",
    "/webassets/<path:path>": "compiled assets, the same for everyone",
    "/user/_logout": "ends the crawl's own session",
    "/api/<int(min=3, max=3):ver>/action/<logic_function>": "the actions, crawled one by one",
    "/api/action/<logic_function>": "the actions, crawled one by one",
}


def canary_record(index: int, level: str) -> dict:
    record = make_record(index, random.Random(index), datetime.datetime(2025, 1, 1))
    c = {name: f"{PROBE}{level}{name}" for name in FIELDS}
    record.update({
        "maTapDuLieu": c["id"], "tenTapDuLieu": f"Dữ liệu {c['title']}",
        "moTa": f"Mô tả {c['notes']}", "tuKhoa": [c["tag"]], "mucDoChiaSe": LEVELS[level],
        "maDonVi": "000.00.12.H56", "tenDonVi": "Sở Giáo dục và Đào tạo",
        "nguoiLienHe": {"hoTen": c["contact"], "email": "dulieu@thanhhoa.gov.vn"},
    })
    record["taiNguyen"][0].update({"ten": c["res"],
                                   "duongDan": f"https://lgsp.thanhhoa.gov.vn/files/{c['url']}.csv"})
    return record


@pytest.fixture(scope="module")
def client(_wsgi_app):
    from ckan.tests.helpers import CKANTestApp

    return CKANTestApp(_wsgi_app)


@pytest.fixture(scope="module")
def world(_loaded_plugins):
    from ckan import model
    from ckanext.activity.model import Activity
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    empty_portal()
    queue.purge_queues()
    admin = factories.SysadminWithToken()
    owner, other = factories.UserWithToken(), factories.UserWithToken()
    agency = factories.Organization(name="so-giao-duc-va-dao-tao", agency_code="000.00.12.H56",
                                    users=[{"name": owner["name"], "capacity": "editor"}])
    factories.Organization(name="so-tai-chinh", users=[{"name": other["name"], "capacity": "member"}])
    gateway = FakeGateway([canary_record(i, level) for i, level in enumerate(LEVELS)])
    gateway.start()
    try:
        source = helpers.call_action(
            "harvest_source_create", {"user": admin["name"]}, name="lgsp-thanh-hoa",
            title="LGSP", url=gateway.url, source_type="lgsp", owner_org=agency["id"],
            frequency="MANUAL")
        job = run_job(source["id"], admin["name"])
    finally:
        gateway.stop()
    assert job["stats"]["added"] == 2, job
    datasets = [helpers.call_action("package_show", id=p.id)
                for p in model.Session.query(model.Package).filter_by(type="dataset")]
    for dataset in datasets:
        level = next(lvl for lvl in LEVELS if f"{PROBE}{lvl}title" in dataset["title"])
        helpers.call_action("datastore_create", {"user": admin["name"]}, force=True,
                            resource_id=dataset["resources"][0]["id"],
                            records=[{"ten": f"{PROBE}{level}row"}])
    latest = {}
    for activity in model.Session.query(Activity).filter(
            Activity.object_id.in_([d["id"] for d in datasets])).order_by(Activity.timestamp):
        latest[activity.object_id] = activity.id
    ids = {
        "dataset": [d["id"] for d in datasets],
        "resource": [d["resources"][0]["id"] for d in datasets],
        "organization": [agency["id"], agency["name"]],
        "user": [owner["name"]],
        "tag": [f"{PROBE}{level}tag" for level in LEVELS],
        "activity": list(latest.values()),
        "harvest_source": [source["id"], source["name"]],
        "harvest_job": [j.id for j in model.Session.query(HarvestJob)],
        "harvest_object": [o.id for o in model.Session.query(HarvestObject)],
    }
    parents = {d["resources"][0]["id"]: d["id"] for d in datasets}
    parents.update({activity: dataset for dataset, activity in latest.items()})
    tokens = {"anonymous": None, "other_agency": other["token"], "own_agency": owner["token"]}
    return {"ids": ids, "tokens": tokens, "parents": parents}


def extra_calls(ids):
    """Parameters the crawler's rules miss."""
    return {
        "help_show": [{"name": "package_show"}],
        "resource_search": [{"query": f"name:{PROBE}"}, {"query": f"url:{PROBE}"}],
        "scheming_dataset_schema_show": [{"type": "dataset"}],
        "scheming_organization_schema_show": [{"type": "organization"}],
        "term_translation_show": [{"terms": PROBE}],
        "dcat_dataset_show": [{"id": i, "_format": "turtle"} for i in ids["dataset"]],
        "api_token_list": [{"user_id": u} for u in ids["user"]],
        "harvest_job_list": [{"source_id": s} for s in ids["harvest_source"]],
        "harvest_log_list": [{"level": "info"}],
    }


def run(client, world, who):
    """The crawl as `who`; the owning agency's (the positive control) calls
    the actions only: they reach every canary."""
    token = world["tokens"][who]
    return crawler.crawl(client, {"Authorization": token} if token else {}, world["ids"], CANARIES,
                         PROBE, SKIP_ACTIONS, SKIP_ROUTES, extra_calls(world["ids"]),
                         routes=who != "own_agency", parents=world["parents"])


@pytest.fixture(scope="module")
def crawls(client, world):
    return {who: run(client, world, who) for who in world["tokens"]}


@pytest.mark.parametrize("who", ["anonymous", "other_agency"])
def test_no_canary_reaches_anyone_outside_the_audience(crawls, who):
    leaks = sorted({where.split(" {")[0].split("?")[0]
                    for canary, where_set in crawls[who].found.items() if canary not in AUDIENCE[who]
                    for where in where_set})
    print(f"\n{who} leaks:", *leaks, sep="\n  ")
    assert leaks == []


@pytest.mark.parametrize("who", ["own_agency", "other_agency"])
def test_the_audience_finds_every_canary_it_may_read(crawls, who):
    """The positive control: the crawl does reach the data."""
    assert sorted(AUDIENCE[who] - set(crawls[who].found)) == []


def test_nothing_answers_500(crawls):
    failures = sorted({f for result in crawls.values() for f in result.failures})
    print("\n500s:", *failures, sep="\n  ")
    assert failures == []


def test_every_action_and_route_is_called(client, crawls):
    """Every side-effect-free action and every GET route (but those skipped
    above, for the reasons given) is called by the crawl: a route whose
    variables the crawler cannot fill, or an action added by a plugin, is
    not passed over in silence. Those that never answered 200 to any of the
    three identities are listed with what they answered."""
    actions = {f"action {name}" for name in crawler.side_effect_free_actions()} - {
        f"action {name}" for name in SKIP_ACTIONS}
    routes = {f"route {rule.rule}" for rule in crawler.get_routes(client.flask_app)} - {
        f"route {rule}" for rule in SKIP_ROUTES}
    called = set().union(*(result.statuses for result in crawls.values()))
    covered = set().union(*(result.covered() for result in crawls.values()))
    print(f"\ncrawled: {len(actions)} actions, {len(routes)} GET routes "
          f"({len(SKIP_ROUTES)} routes skipped); {sum(r.calls for r in crawls.values())} calls; "
          f"answered 200: {len(covered & actions)} actions, {len(covered & routes)} routes")
    for target in sorted((actions | routes) - covered):
        statuses = sorted(set().union(*(r.statuses.get(target, set()) for r in crawls.values())))
        print(f"  never 200: {target} {statuses}")
    assert sorted((actions | routes) - called) == []
