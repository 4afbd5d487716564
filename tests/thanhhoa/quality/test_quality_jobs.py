"""The score in package_show and in the index, kept current by the quality
jobs: a link that breaks or mends changes the order of
sort=quality_score desc; the jobs are queued on every write, checked links
are stored per resource, requests follow the outbound rules."""
import collections
import http.server
import threading

import pytest

from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.thanhhoa.quality import jobs as quality_jobs
from ckanext.thanhhoa.quality import store

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_quality_queue",
                                     "with_test_worker")


class Handler(http.server.BaseHTTPRequestHandler):
    statuses: dict = {}

    def do_HEAD(self):
        self.send_response(self.statuses.get(self.path, 404))
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", "12")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def links(ckan_config, monkeypatch):
    """A web server on 127.0.0.1 whose paths answer the status the test sets,
    allowed by the outbound rules for the test."""
    Handler.statuses = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setitem(ckan_config, "ckanext.thanhhoa.quality.link_allow", [f"127.0.0.1:{httpd.server_port}"])
    monkeypatch.setitem(ckan_config, "ckanext.thanhhoa.quality.link_timeout", 2.0)
    yield f"http://127.0.0.1:{httpd.server_port}", Handler.statuses
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def call(sysadmin):
    """An action as the portal's sysadmin."""
    return lambda action, **data: helpers.call_action(action, {"user": sysadmin["name"]}, **data)


@pytest.fixture
def make(call, dataset_dict):
    """A complete dataset of an agency with one CSV link."""
    def create(agency, name, url, **overrides):
        return call("package_create", **dataset_dict(
            agency["id"], name=name, resources=[{"name": "Dữ liệu", "url": url, "format": "CSV", "size": "12"}],
            **overrides))
    return create


def _order():
    found = helpers.call_action("package_search", q="*:*", sort="quality_score desc, name asc",
                                fl="name,quality_score")
    return [d["name"] for d in found["results"]]


def test_a_link_that_breaks_or_mends_changes_the_order(links, make, call, agency):
    base, statuses = links
    statuses.update({"/a.csv": 200, "/b.csv": 404})
    for name in ("a-du-lieu", "b-du-lieu"):
        make(agency, name, f"{base}/{name[0]}.csv")
    jobs.Worker([quality_jobs.QUEUE]).work(burst=True)
    assert _order() == ["a-du-lieu", "b-du-lieu"]
    a, b = (helpers.call_action("package_show", id=n)["quality"] for n in ("a-du-lieu", "b-du-lieu"))
    assert a["score"] - b["score"] == 80  # the access URL (50) and download URL (30) that answer
    assert b["broken_links"] and not a["broken_links"]

    statuses.update({"/a.csv": 500, "/b.csv": 200})
    for name in ("a-du-lieu", "b-du-lieu"):
        quality_jobs.check_dataset(helpers.call_action("package_show", id=name)["id"], recheck=True)
    assert _order() == ["b-du-lieu", "a-du-lieu"]


def test_every_write_queues_one_check_of_the_dataset(links, make, call, agency):
    base, statuses = links
    statuses["/ok.csv"] = 200
    dataset = make(agency, "du-lieu", f"{base}/missing.csv")
    call("package_patch", id=dataset["id"], version="2025.2")
    queued = jobs.get_queue(quality_jobs.QUEUE).get_jobs()
    assert [job.kwargs["recheck"] for job in queued if dataset["id"] in job.args] == [False]

    jobs.Worker([quality_jobs.QUEUE]).work(burst=True)
    check = store.links([dataset["id"]])[dataset["id"]][dataset["resources"][0]["id"]]
    assert (check["ok"], check["status"], check["url"]) == (False, 404, f"{base}/missing.csv")
    assert check["broken_since"]

    # a changed link is checked again; the old check no longer counts
    resource = call("resource_patch", id=dataset["resources"][0]["id"], url=f"{base}/ok.csv")
    assert helpers.call_action("package_show", id=dataset["id"])["quality"]["broken_links"] == []
    jobs.Worker([quality_jobs.QUEUE]).work(burst=True)
    check = store.links([dataset["id"]])[dataset["id"]][resource["id"]]
    assert (check["ok"], check["status"], check["broken_since"]) == (True, 200, None)


def test_the_outbound_rules_apply_to_link_checks(make, call, agency):
    # Solr's port on 127.0.0.1 is not in the allowlist
    dataset = make(agency, "du-lieu", "http://127.0.0.1:8983/solr/")
    quality_jobs.check_dataset(dataset["id"])
    check = store.links([dataset["id"]])[dataset["id"]][dataset["resources"][0]["id"]]
    assert (check["ok"], check["error"], check["status"]) == (False, "blocked", None)


def test_a_complete_dataset_conforms_to_dcat_ap_and_scores_excellent(links, make, call, agency):
    base, statuses = links
    statuses["/a.csv"] = 200
    dataset = make(agency, "du-lieu", f"{base}/a.csv")
    before = helpers.call_action("package_show", id=dataset["id"])["quality"]
    assert before["dcat_ap_conformant"] is None
    quality_jobs.check_dataset(dataset["id"])
    after = helpers.call_action("package_show", id=dataset["id"])["quality"]
    assert store.verdicts([dataset["id"]])[dataset["id"]]["messages"] == []
    assert (after["dcat_ap_conformant"], after["score"], after["rating"]) == (True, 405, "excellent")
    assert after["missing"] == [] and after["overdue"] is None


def test_the_score_is_shown_not_stored(make, call, agency):
    dataset = make(agency, "du-lieu", "https://thanhhoa.edu.vn/a.csv", tag_string="")
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert shown["quality"]["missing_criteria"][0] == "access_url"
    assert "keywords" in shown["quality"]["missing_criteria"]
    shown["quality"] = {"score": 405, "rating": "excellent"}
    call("package_update", **shown)
    again = helpers.call_action("package_show", id=dataset["id"])
    assert again["quality"]["score"] < 405
    assert not any(e["key"] == "quality" for e in again.get("extras", []))
    edit = helpers.call_action("package_show", {"for_edit": True}, id=dataset["id"])
    assert "quality" not in edit
    # nor in the activity stream's stored copies (a score there would change
    # with every link check)
    for activity in helpers.call_action("package_activity_list", id=dataset["id"]):
        stored = helpers.call_action("activity_show", id=activity["id"], include_data=True)
        assert "quality" not in stored["data"]["package"]


def test_search_sorts_and_facets_by_rating(make, call, agency, dataset_dict):
    make(agency, "day-du", "https://thanhhoa.edu.vn/a.csv")
    call("package_create", **dataset_dict(agency["id"], name="thieu", resources=[], tag_string="",
                                          temporal_coverage=[], admin_units=[]))
    found = helpers.call_action("package_search", q="*:*", sort="quality_score asc",
                                **{"facet.field": '["quality_rating"]'})
    assert [d["name"] for d in found["results"]] == ["thieu", "day-du"]
    assert [d["quality"]["score"] for d in found["results"]] == sorted(d["quality"]["score"] for d in found["results"])
    ratings = {i["name"]: i["count"] for i in found["search_facets"]["quality_rating"]["items"]}
    assert ratings == dict(collections.Counter(d["quality"]["rating"] for d in found["results"]))
    assert len(ratings) == 2


def test_an_uploaded_file_is_checked_in_the_storage(create_with_upload, call, dataset_dict, agency, sysadmin):
    dataset = call("package_create", **dataset_dict(agency["id"], resources=[]))
    resource = create_with_upload(b"ma,ten\n1,a\n", "a.csv", package_id=dataset["id"], format="CSV", name="Tệp",
                                  context={"user": sysadmin["name"]})
    quality_jobs.check_dataset(dataset["id"])
    check = store.links([dataset["id"]])[dataset["id"]][resource["id"]]
    assert (check["ok"], check["status"], check["size"]) == (True, 200, 11)


def test_the_cli_checks_an_agency_again(cli, links, make, agency):
    from ckan.cli.cli import ckan

    base, statuses = links
    statuses["/a.csv"] = 200
    dataset = make(agency, "du-lieu", f"{base}/a.csv")
    other = factories.Organization()
    make(other, "khac", f"{base}/a.csv")
    result = cli.invoke(ckan, ["thanhhoa", "quality", "check", "--agency", agency["name"], "--now"])
    assert result.exit_code == 0, result.output
    assert "1 datasets checked" in result.output
    assert list(store.links([dataset["id"]])[dataset["id"]].values())[0]["ok"] is True

    queued = cli.invoke(ckan, ["thanhhoa", "quality", "check", "--all"])
    assert "2 datasets queued" in queued.output
    bad = cli.invoke(ckan, ["thanhhoa", "quality", "check", "--agency", "khong-co"])
    assert bad.exit_code != 0 and "khong-co" in bad.output


def test_the_dashboard_lists_a_broken_link_until_the_link_changes(make, call, agency):
    dataset = make(agency, "du-lieu", "http://127.0.0.1:8983/solr/")
    quality_jobs.check_dataset(dataset["id"])
    summary = helpers.call_action("thanhhoa_quality_summary", {"user": ""})
    assert [b["url"] for b in summary["broken"]] == ["http://127.0.0.1:8983/solr/"]
    call("resource_patch", id=dataset["resources"][0]["id"], url="https://thanhhoa.edu.vn/moi.csv")
    assert helpers.call_action("thanhhoa_quality_summary", {"user": ""})["broken"] == []
    call("resource_delete", id=dataset["resources"][0]["id"])
    assert helpers.call_action("thanhhoa_quality_summary", {"user": ""})["broken"] == []


def test_a_new_link_in_the_same_state_still_updates_the_index(links, make, call, agency):
    base, statuses = links
    statuses.update({"/a.csv": 200, "/b.csv": 200})
    dataset = make(agency, "du-lieu", f"{base}/a.csv")
    quality_jobs.check_dataset(dataset["id"])
    checked = _indexed_score(dataset["id"])
    call("resource_patch", id=dataset["resources"][0]["id"], url=f"{base}/b.csv")
    assert _indexed_score(dataset["id"]) == checked - 80      # unchecked: no access points
    quality_jobs.check_dataset(dataset["id"])
    assert _indexed_score(dataset["id"]) == checked


def _indexed_score(package_id):
    found = helpers.call_action("package_search", fq=f'id:"{package_id}"', fl="id,quality_score")
    return found["results"][0]["quality_score"]
