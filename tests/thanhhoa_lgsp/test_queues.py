"""The harvest queues as deployed: two fetch consumers on one queue (the
normal way to scale), and `harvester run` (cron) beside them. Records of
one title once failed with UniqueViolation on package_name_key instead of
taking the next suffix; `harvester run` resubmitted objects on their way,
which were imported twice (counted "not modified" instead of "added"), and
a copy delivered after the job finished turned a completed object into an
error."""
import json
import threading
import time

import pytest

import ckan.model as model
from ckan.lib.dictization import model_save
from ckan.tests import helpers
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestObject

from ckanext.thanhhoa.testing.harvest import catalogue, consume_in_threads, drain, run_job

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                                     "clean_harvest_queues")


def gather(source, admin):
    job = helpers.call_action("harvest_job_create", {"user": admin["name"]}, source_id=source["id"])
    drain(queue.get_gather_consumer(), queue.gather_callback, queue.get_gather_routing_key())
    return job


def finish(job, source, admin):
    helpers.call_action("harvest_jobs_run", {"user": admin["name"]}, source_id=source["id"])
    return helpers.call_action("harvest_job_show", id=job["id"])


def object_errors(job):
    report = helpers.call_action("harvest_job_report", id=job["id"])
    return [e["message"] for errors in report["object_errors"].values() for e in errors["errors"]]


def race_first_writes(monkeypatch):
    """Each consumer waits (up to 2 s), before writing its first dataset,
    until the other has validated one too: without a lock on the name, both
    chose the same one, every time."""
    barrier, first = threading.Barrier(2, timeout=2), set()
    real_save = model_save.package_dict_save

    def save(*args, **kwargs):
        if threading.get_ident() not in first:
            first.add(threading.get_ident())
            try:
                barrier.wait()
            except threading.BrokenBarrierError:   # the other waits for this one's name
                pass
        return real_save(*args, **kwargs)

    monkeypatch.setattr(model_save, "package_dict_save", save)


def harvested():
    return [model.Package.get(p.id) for p in model.Session.query(model.Package.id)
            .filter(model.Package.extras["lgsp_id"].astext.isnot(None))]


def one_title(gateway):
    for record_id in gateway.records:
        gateway.change(record_id, tenTapDuLieu="Danh mục trường học")
    return sorted(["danh-muc-truong-hoc"] + [f"danh-muc-truong-hoc-{n}"
                                             for n in range(2, len(gateway.records) + 1)])


def test_two_fetch_consumers_give_records_of_one_title_names_of_their_own(
        app, gateway_of, admin, make_source, monkeypatch):
    gateway = gateway_of(6)
    names = one_title(gateway)
    source = make_source(admin, gateway.url)
    race_first_writes(monkeypatch)

    job = gather(source, admin)
    consume_in_threads(2)
    job = finish(job, source, admin)

    assert object_errors(job) == [], "\n".join(object_errors(job))
    assert job["stats"].get("added") == 6 and not job["stats"].get("errored"), job["stats"]
    assert sorted(d.name for d in harvested()) == names
    assert len(catalogue()) == 6


def test_four_fetch_consumers_on_sixteen_records_of_one_title(app, gateway_of, admin,
                                                              make_source):
    """Retrying alone lost: four writers chose the same free suffix round
    after round, and records ran out of attempts."""
    gateway = gateway_of(16)
    names = one_title(gateway)
    source = make_source(admin, gateway.url)

    job = gather(source, admin)
    consume_in_threads(4)
    job = finish(job, source, admin)

    assert object_errors(job) == [], "\n".join(object_errors(job))
    assert sorted(d.name for d in harvested()) == names


def test_two_fetch_consumers_create_a_new_agency_once(app, gateway_of, admin, make_source,
                                                    monkeypatch):
    from ckanext.thanhhoa.metadata import agencies

    gateway = gateway_of(2)
    first_id, second_id = gateway.records
    gateway.change(second_id, maDonVi=gateway.records[first_id]["maDonVi"])
    source = make_source(admin, gateway.url)

    # both consumers look the agency up before either creates it
    barrier, real_find = threading.Barrier(2, timeout=30), agencies.find

    def find(code):
        found = real_find(code)
        if found is None and not barrier.broken:
            barrier.wait()
        return found

    monkeypatch.setattr(agencies, "find", find)
    job = gather(source, admin)
    consume_in_threads(2)
    job = finish(job, source, admin)

    assert object_errors(job) == [] and job["stats"].get("added") == 2, job["stats"]
    assert len({d.owner_org for d in harvested()}) == 1
    assert model.Session.query(model.Group).filter_by(is_organization=True).count() == 2  # + the source's


def test_two_copies_of_one_object_imported_at_once_make_one_dataset(app, gateway_of, admin,
                                                                    make_source, monkeypatch):
    """`harvester run` may resubmit an object a consumer has just taken;
    both copies were imported at once and the record got two datasets."""
    source = make_source(admin, gateway_of(1).url)
    race_first_writes(monkeypatch)
    job = gather(source, admin)
    connection, key = queue.get_connection(), queue.get_fetch_routing_key()
    connection.rpush(key, connection.lindex(key, 0))      # the copy

    consume_in_threads(2)
    finish(job, source, admin)

    assert len(catalogue()) == 1 and len(harvested()) == 1


def test_harvester_run_does_not_resubmit_an_object_on_its_way(gateway_of, admin, make_source):
    source = make_source(admin, gateway_of(3).url)
    job = gather(source, admin)
    connection, key = queue.get_connection(), queue.get_fetch_routing_key()
    taken = connection.lpop(key)           # a consumer has just taken it
    assert connection.llen(key) == 2

    helpers.call_action("harvest_jobs_run", {"user": admin["name"]}, source_id=source["id"])

    assert connection.llen(key) == 2       # not sent again
    connection.lpush(key, taken)
    drain(queue.get_fetch_consumer(), queue.fetch_callback, key)
    job = finish(job, source, admin)
    assert job["stats"].get("added") == 3 and not job["stats"].get("not modified"), job["stats"]


def test_an_object_delivered_again_after_its_job_stays_done(gateway_of, admin, make_source):
    source = make_source(admin, gateway_of(3).url)
    job = run_job(source["id"], admin["name"])
    assert job["status"] == "Finished" and job["stats"].get("added") == 3
    done = model.Session.query(HarvestObject).filter_by(harvest_job_id=job["id"]).first()

    key = queue.get_fetch_routing_key()
    queue.get_connection().rpush(key, json.dumps({"harvest_object_id": done.id}))
    drain(queue.get_fetch_consumer(), queue.fetch_callback, key)

    model.Session.remove()
    again = model.Session.query(HarvestObject).get(done.id)
    assert (again.state, again.report_status, again.current) == ("COMPLETE", "added", True)
    assert helpers.call_action("harvest_job_show", id=job["id"])["stats"] == job["stats"]


@pytest.mark.ckan_config("ckan.search.solr_commit", False)
def test_without_a_solr_commit_per_write_a_harvest_is_searchable_within_seconds(
        gateway_of, admin, make_source):
    """The production setting (development.ini, docker): Solr's autoSoftCommit
    (solr/configsets/ckan) makes what the consumers wrote searchable."""
    source = make_source(admin, gateway_of(3).url)
    run_job(source["id"], admin["name"])

    deadline, found = time.monotonic() + 10, 0
    while found < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
        found = helpers.call_action("package_search", fq=f'+harvest_source_id:"{source["id"]}"')["count"]
    assert found == 3
