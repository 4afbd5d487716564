"""The proof that shared and internal data reach no one outside their
audience: a canary crawler over every side-effect-free action CKAN has
registered and every GET route of the app (enumerated at run time), as an
anonymous citizen and as a member of another agency. Its positive control:
a member of the owning agency finds every canary.

The data comes in as agencies' data does, through the LGSP gateway: one
shared (`DUNG_CHUNG`) and one internal (`DUNG_RIENG`) record whose every
text carries a canary (title, description, keyword, contact, resource name
and URL, record id), harvested into datasets with harvest objects and
activities, with canary rows in the DataStore, a canary view, an uploaded
canary file and membership of a group.

Coverage is proven by a fourth crawl, a sysadmin's, which calls each target
until it answers 200 once: an action or route counts as covered only when
one of its calls answered 200 (to any identity); those that cannot, on this
portal's configuration, are listed below with the reason and are checked to
stay that way."""
import datetime
import io
import json
import random

import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.thanhhoa.testing import crawler
from ckanext.thanhhoa.testing.harvest import run_job
from ckanext.thanhhoa.testing.lgsp_gateway import FakeGateway, make_record
from ckanext.thanhhoa.testing.portal import empty_portal

pytestmark = pytest.mark.usefixtures("with_plugins")

PROBE = "zqk"                      # every canary starts with it: searches ask for it
LEVELS = {"dc": "DUNG_CHUNG", "dr": "DUNG_RIENG"}
FIELDS = ("title", "notes", "tag", "contact", "res", "url", "id", "row", "view", "file")
CANARIES = [f"{PROBE}{level}{name}" for level in LEVELS for name in FIELDS]
# a citizen's private data request to the agency: its requester, the agency and sysadmins only
REQUEST = f"{PROBE}drrequest"
CANARIES.append(REQUEST)
# a request asked by e-mail, its link not followed: nobody's (not even the agency's)
UNCONFIRMED = f"{PROBE}unconfirmed"
CANARIES.append(UNCONFIRMED)
# what each identity may read: shared data is for every agency's staff
SHARED = {c for c in CANARIES if c.startswith(PROBE + "dc")}
AUDIENCE = {"anonymous": set(), "other_agency": SHARED, "own_agency": set(CANARIES) - {UNCONFIRMED}}

# Not crawled, and why.
SKIP_ACTIONS: dict[str, str] = {}
SKIP_ROUTES = {
    "/<path:filename>": "static files of the theme and CKAN, the same for everyone",
    "/webassets/<path:path>": "compiled assets, the same for everyone",
    "/user/_logout": "ends the crawl's own session",
    "/api/<int(min=3, max=3):ver>/action/<logic_function>": "the actions, crawled one by one",
    "/api/action/<logic_function>": "the actions, crawled one by one",
}
# Crawled for leaks, but no call can answer 200 on this portal's
# configuration, and why (the test checks that none does).
NO_FILE_STORAGE = ("the portal configures no file storage (ckan.files.storage.*): uploads "
                   "go to ckan.storage_path, so the files API holds no file")
POST_ONLY = "changes state: answers 405 to a GET (access/routes.py)"
NO_RESOURCES = ("CKAN's resource pages for the harvest type: a harvest source has no "
                "resources, so no resource of it is found")
OLD_LOCALE = ("CKAN's redirect from a retired locale code (no, zh_CN, zh_TW) to one the portal "
              "does not offer (ckan.locales_offered = vi en): 308, then 404")
NEVER_200 = {
    "action package_collaborator_list": "collaborators are off (ckan.auth.allow_dataset_"
                                        "collaborators, CKAN's default): 409 to everyone",
    "action package_collaborator_list_for_user": "collaborators are off: 409 to everyone",
    "action file_show": NO_FILE_STORAGE,
    "route /file/download/<id>": NO_FILE_STORAGE,
    "route /file/trusted-download/<token>": NO_FILE_STORAGE,
    "route /file/public-download/<storage_name>/<path:location>": NO_FILE_STORAGE,
    "route /harvest/clear/<id>": POST_ONLY,
    "route /harvest/refresh/<id>": POST_ONLY,
    "route /harvest/<source>/job/<id>/abort": POST_ONLY,
    "route /group/bulk_process/<id>": "CKAN's bulk page is for organizations: 404 for a group "
                                      "(CKAN raised an error)",
    **{f"route /harvest/<id>/resource/<resource_id>{page}": NO_RESOURCES
       for page in ("", "/view", "/new_view")},
    **{f"route /{code}/{path}": OLD_LOCALE
       for code in ("no", "zh_CN", "zh_TW") for path in ("", "<path:path>")},
}


def canary_record(index: int, level: str) -> dict:
    record = make_record(index, random.Random(index), datetime.datetime(2025, 1, 1))
    c = {name: f"{PROBE}{level}{name}" for name in FIELDS}
    record.update({
        "maTapDuLieu": c["id"], "tenTapDuLieu": f"Dữ liệu {c['title']}",
        "moTa": f"Mô tả {c['notes']}", "tuKhoa": [c["tag"]], "mucDoChiaSe": LEVELS[level],
        "linhVuc": ["LV05"],      # education: the sector's feed and followers face the canaries
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


def open_record(index: int) -> dict:
    """An open dataset of the same agency, without canaries: what DCAT serves."""
    record = make_record(index, random.Random(index), datetime.datetime(2025, 1, 1))
    record.update({"mucDoChiaSe": "MO", "maDonVi": "000.00.12.H56",
                   "tenDonVi": "Sở Giáo dục và Đào tạo"})
    return record


def dress(dataset: dict, level: str, group: dict, as_admin: dict) -> dict:
    """Around a harvested dataset: canary rows in the DataStore, a second
    resource uploaded with a canary in its file, a canary view, membership
    of a group. Returns its objects' ids."""
    resource = dataset["resources"][0]
    helpers.call_action("datastore_create", as_admin, force=True, resource_id=resource["id"],
                        records=[{"ten": f"{PROBE}{level}row"}])
    upload = helpers.call_action(
        "resource_create", as_admin, package_id=dataset["id"], name="Tệp tải lên",
        url="du-lieu.csv", format="CSV",
        upload=FileStorage(io.BytesIO(f"ten\n{PROBE}{level}file\n".encode()),
                           "du-lieu.csv", "upload"))
    view = helpers.call_action(
        "resource_view_create", as_admin, resource_id=resource["id"],
        view_type="datatables_view", title=f"Bảng {PROBE}{level}view")
    helpers.call_action("member_create", as_admin, id=group["id"], object=dataset["id"],
                        object_type="package", capacity="public")
    return {"resources": [resource["id"], upload["id"]], "view": view["id"]}


def activities_of(object_ids: list[str]) -> dict[str, list]:
    """object id → its activities, oldest first."""
    from ckan import model
    from ckanext.activity.model import Activity

    found = {}
    for activity in model.Session.query(Activity).filter(
            Activity.object_id.in_(object_ids)).order_by(Activity.timestamp):
        found.setdefault(activity.object_id, []).append(activity)
    return found


def xloader_task(resource_id: str, admin: dict):
    """A real xloader submission (its job waits in the queue: no worker runs)."""
    from ckan import model

    saved, tk.config["ckanext.xloader.api_token"] = (
        tk.config.get("ckanext.xloader.api_token"), admin["token"])     # xloader submits with it
    try:
        assert helpers.call_action("xloader_submit", {"user": admin["name"]}, ignore_hash=True,
                                   resource_id=resource_id)
    finally:
        tk.config["ckanext.xloader.api_token"] = saved
    return model.Session.query(model.TaskStatus).filter_by(
        task_type="xloader", entity_id=resource_id).one()


def used(client, datasets: list[dict], admin: dict) -> None:
    """Each dataset downloaded (its uploaded file) and viewed, and its links
    and DCAT-AP conformance checked (broken: the gateway's host does not
    resolve here): what the quality dashboard and the statistics show."""
    from ckanext.tracking.cli.tracking import update_all
    from ckanext.thanhhoa.quality import jobs as quality_jobs

    for dataset in datasets:
        for resource in helpers.call_action("package_show", id=dataset["id"])["resources"]:
            client.get(f"/dataset/{dataset['id']}/resource/{resource['id']}/download/du-lieu.csv",
                       headers={"Authorization": admin["token"]}, follow_redirects=False)
        client.post("/_tracking", params={"url": f"/dataset/{dataset['name']}", "type": "page"},
                    headers={"User-Agent": "crawler"})
        quality_jobs.check_dataset(dataset["id"])
    update_all(datetime.date.today().isoformat())


@pytest.fixture(scope="module")
def world(_loaded_plugins, client, _mailbox_server):
    from ckan import model
    from ckan.lib import jobs
    from ckan.lib.mailer import create_reset_key
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject
    from ckanext.thanhhoa.quality import jobs as quality_jobs

    empty_portal()
    queue.purge_queues()
    jobs.get_queue().empty()
    quality_jobs.clear()
    admin = factories.SysadminWithToken()
    as_admin = {"user": admin["name"]}
    owner, other = factories.UserWithToken(), factories.UserWithToken()
    agency = factories.Organization(name="so-giao-duc-va-dao-tao", agency_code="000.00.12.H56",
                                    users=[{"name": owner["name"], "capacity": "editor"}])
    factories.Organization(name="so-tai-chinh", users=[{"name": other["name"], "capacity": "member"}])
    group = factories.Group(name="giao-duc", user=admin)
    for changed in (agency, group):       # a change to show: changes pages
        helpers.call_action(f"{'organization' if changed is agency else 'group'}_patch", as_admin,
                            id=changed["id"], description="Cập nhật")
    gateway = FakeGateway([canary_record(i, level) for i, level in enumerate(LEVELS)]
                          + [open_record(len(LEVELS))])
    gateway.start()
    try:
        source = helpers.call_action(
            "harvest_source_create", as_admin, name="lgsp-thanh-hoa",
            title="LGSP", url=gateway.url, source_type="lgsp", owner_org=agency["id"],
            frequency="MANUAL")
        job = run_job(source["id"], admin["name"])
    finally:
        gateway.stop()
    assert job["stats"]["added"] == 3, job
    datasets, open_data = [], None
    for package in model.Session.query(model.Package).filter_by(type="dataset"):
        dataset = helpers.call_action("package_show", id=package.id)
        if PROBE in dataset["title"]:
            datasets.append(dataset)
        else:
            open_data = dataset
    parents, resources, views = {}, [], []
    for dataset in datasets:
        level = next(lvl for lvl in LEVELS if f"{PROBE}{lvl}title" in dataset["title"])
        dressed = dress(dataset, level, group, as_admin)
        resources += dressed["resources"]
        views.append(dressed["view"])
        parents.update({r: dataset["id"] for r in dressed["resources"]})
        parents[dressed["view"]] = dressed["resources"][0]
    task = xloader_task(datasets[0]["resources"][0]["id"], admin)
    used(client, datasets + [open_data], admin)
    citizen = factories.User()
    request = helpers.call_action("thanhhoa_data_request_create", {"user": citizen["name"]}, public=False,
                                  title=f"Hồ sơ {REQUEST}", description=f"Chi tiết {REQUEST}",
                                  organization=agency["name"])
    helpers.call_action("thanhhoa_data_request_create", {"user": ""}, email=f"{UNCONFIRMED}@example.vn",
                        title=f"Hồ sơ {UNCONFIRMED}", description=f"Chi tiết {UNCONFIRMED}",
                        organization=agency["name"])
    follow_everything([owner, other], datasets, agency)
    vocabulary = helpers.call_action("vocabulary_create", as_admin, name="crawl",
                                     tags=[{"name": "crawl"}])
    user = model.User.get(owner["name"])
    create_reset_key(user)
    model.repo.commit()
    history = activities_of([d["id"] for d in datasets] + [agency["id"], group["id"]])
    changes = {}       # object id → (its last change, the one before)
    for object_id, stream in history.items():
        edits = [a for a in stream if not a.activity_type.endswith("view")]
        changes[object_id] = (edits[-1].id, edits[-2].id)
        parents.update({a.id: object_id for a in stream})
    ids = {
        "dataset": [d["id"] for d in datasets],
        "resource": resources,
        "resource_view": views,
        "organization": [agency["id"]],
        "group": [group["id"]],
        "user": [owner["name"], admin["name"]],
        "tag": [f"{PROBE}{level}tag" for level in LEVELS],
        "activity": [a.id for stream in history.values() for a in stream
                     if a.id == changes[a.object_id][0] or a.activity_type.endswith("view")],
        "harvest_source": [source["id"]],
        "harvest_job": [j.id for j in model.Session.query(HarvestJob)],
        "harvest_object": [o.id for o in model.Session.query(HarvestObject)
                           if o.package_id != open_data["id"]],
        "task_status": [task.id], "vocabulary": [vocabulary["id"]], "job": jobs.get_queue().job_ids,
        "sector": ["giao-duc"], "admin_unit": ["38"], "file": ["x"], "file_token": ["x"],
        "data_request": [request["id"]],
        "file_location": ["x"],
    }
    def change_pairs(*object_ids):
        return [{"new_id": changes[o][0], "old_id": changes[o][1]} for o in object_ids]

    queries = {
        "/util/redirect": [{"url": "/dataset/"}],
        "/user/reset/<id>": [{"key": user.reset_key}],
        "/dataset/changes_multiple": change_pairs(*ids["dataset"]),
        "/organization/changes_multiple": change_pairs(agency["id"]),
        "/group/changes_multiple": change_pairs(group["id"]),
        "/organization/member_delete/<id>": [{"user": owner["id"]}],
        "/group/member_delete/<id>": [{"user": admin["id"]}],
        "/dataset/<id>/resource/<resource_id>/new_view": [{"view_type": "datatables_view"}],
        "/chat-luong": [{"agency": agency["name"]}],
        "/chat-luong.csv": [{"agency": agency["name"]}],
        "/dataset/<id>/resource/<resource_id>/view": [{"resource_view": json.dumps(
            {"id": views[0], "view_type": "datatables_view", "title": "Xem trước",
             "resource_id": resources[0]})}],
    }
    tokens = {"anonymous": None, "other_agency": other["token"], "own_agency": owner["token"],
              "sysadmin": admin["token"]}
    # the sysadmin's crawl, for coverage, also has the open dataset (DCAT serves open data only)
    coverage = dict(ids, dataset=ids["dataset"] + [open_data["id"]])
    aliases = {"organization": [agency["name"]], "harvest_source": [source["name"]],
               "dataset": [d["name"] for d in datasets]}
    yield {"ids": {"sysadmin": coverage}, "all_ids": ids, "aliases": aliases,
           "tokens": tokens, "parents": parents, "queries": queries,
           "calls": extra_calls(ids, [owner, other])}
    jobs.get_queue().empty()
    quality_jobs.clear()


def follow_everything(users, datasets, agency):
    """Both agencies' members follow the agency, the education sector and
    every canary dataset, as if each had been open when followed (a dataset
    becomes shared or internal later): what they follow lists only what
    they may read now."""
    from ckan import model
    from ckanext.thanhhoa.follow import model as follows

    for user in users:
        for dataset in datasets:
            model.Session.add(model.UserFollowingDataset(user["id"], dataset["id"]))
        model.Session.add(model.UserFollowingGroup(user["id"], agency["id"]))
        model.Session.commit()
        follows.follow(user["id"], "giao-duc")


def extra_calls(ids, users):
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
        "config_option_show": [{"key": "ckan.site_title"}],
        "group_package_show": [{"id": g} for g in ids["group"]],
        "group_autocomplete": [{"q": "giao"}],
        "organization_autocomplete": [{"q": "giao"}],
        **{f"{kind}followee_{what}": [{"id": user["id"]} for user in users]
           for kind in ("dataset_", "group_", "organization_", "") for what in ("count", "list")},
    }


def run(client, world, who, covered=frozenset()):
    """The crawl as `who`; the owning agency's is the positive control. The
    sysadmin's is for coverage: each target that no other crawl had answer
    200 is called until it does."""
    token = world["tokens"][who]
    ids = world["ids"].get(who, world["all_ids"])
    return crawler.crawl(client, {"Authorization": token} if token else {}, ids, CANARIES,
                         PROBE, SKIP_ACTIONS, SKIP_ROUTES, world["calls"],
                         parents=world["parents"], route_queries=world["queries"],
                         aliases=world["aliases"], until_covered=who == "sysadmin",
                         covered=covered)


@pytest.fixture(scope="module")
def crawls(client, world):
    results = {who: run(client, world, who) for who in world["tokens"] if who != "sysadmin"}
    covered = set().union(*(result.covered() for result in results.values()))
    results["sysadmin"] = run(client, world, "sysadmin", covered)
    return results


@pytest.mark.parametrize("who", ["anonymous", "other_agency", "own_agency"])
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


def test_every_action_and_route_answers_200_once(client, crawls):
    """Every side-effect-free action and every GET route (but those skipped
    above, for the reasons given) is called, and answers 200 to at least one
    identity: a route whose variables the crawler cannot fill, an action it
    calls wrong, or one added by a plugin is not passed over in silence.
    Those that cannot answer 200 here are listed above with the reason, and
    must still not."""
    actions = {f"action {name}" for name in crawler.side_effect_free_actions()} - {
        f"action {name}" for name in SKIP_ACTIONS}
    routes = {f"route {rule.rule}" for rule in crawler.get_routes(client.flask_app)} - {
        f"route {rule}" for rule in SKIP_ROUTES}
    called = set().union(*(result.statuses for result in crawls.values()))
    covered = set().union(*(result.covered() for result in crawls.values()))
    print(f"\ncrawled: {len(actions)} actions, {len(routes)} GET routes "
          f"({len(SKIP_ROUTES)} routes skipped); {sum(r.calls for r in crawls.values())} calls "
          f"({', '.join(f'{who} {r.calls} in {r.seconds:.1f} s' for who, r in crawls.items())}); "
          f"answered 200: "
          f"{len(covered & actions)} actions, {len(covered & routes)} routes; "
          f"{len(NEVER_200)} cannot here")
    for who, result in crawls.items():
        slowest = sorted(result.durations.items(), key=lambda item: -item[1])[:5]
        print(f"  slowest for {who}:", ", ".join(
            f"{t} {s:.1f} s/{result.calls_by_target[t]} calls" for t, s in slowest))
    uncovered = {}
    for target in sorted((actions | routes) - covered):
        statuses = sorted(set().union(*(r.statuses.get(target, set()) for r in crawls.values())))
        print(f"  never 200: {target} {statuses}")
        uncovered[target] = statuses
    assert sorted((actions | routes) - called) == []
    assert sorted(set(uncovered) - set(NEVER_200)) == []
    assert sorted(set(NEVER_200) - set(uncovered)) == [], "answers 200 now: update NEVER_200"
