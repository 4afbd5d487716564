"""The harvest queues as deployed: two fetch consumers on one queue (the
normal way to scale), and `harvester run` (cron) beside them. Records of
one title once failed with UniqueViolation on package_name_key instead of
taking the next suffix; `harvester run` resubmitted objects on their way,
which were imported twice (counted "not modified" instead of "added"), and
a copy delivered after the job finished turned a completed object into an
error."""
import json
import threading

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


def test_two_fetch_consumers_give_records_of_one_title_names_of_their_own(
        app, gateway_of, admin, make_source, monkeypatch):
    gateway = gateway_of(6)
    for record_id in gateway.records:
        gateway.change(record_id, tenTapDuLieu="Danh mục trường học")
    source = make_source(admin, gateway.url)

    # each consumer waits, before writing its first dataset, until the other
    # has chosen a name too: both chose "danh-muc-truong-hoc", every time
    barrier, first = threading.Barrier(2, timeout=30), set()
    real_save = model_save.package_dict_save

    def save(*args, **kwargs):
        if threading.get_ident() not in first:
            first.add(threading.get_ident())
            barrier.wait()
        return real_save(*args, **kwargs)

    monkeypatch.setattr(model_save, "package_dict_save", save)
    job = gather(source, admin)
    consume_in_threads(2)
    job = finish(job, source, admin)

    assert object_errors(job) == []
    assert job["stats"].get("added") == 6 and not job["stats"].get("errored"), job["stats"]
    names = sorted(model.Package.get(p.id).name for p in model.Session.query(model.Package.id)
                   .filter(model.Package.extras["lgsp_id"].astext.isnot(None)))
    assert names == sorted(["danh-muc-truong-hoc"] + [f"danh-muc-truong-hoc-{n}" for n in range(2, 7)])
    assert len(catalogue()) == 6


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
    datasets = [model.Package.get(p.id) for p in model.Session.query(model.Package.id)
                .filter(model.Package.extras["lgsp_id"].astext.isnot(None))]
    assert len({d.owner_org for d in datasets}) == 1
    assert model.Session.query(model.Group).filter_by(is_organization=True).count() == 2  # + the source's


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
