"""Runs that die half-way: nothing half-written, nothing duplicated, the job
is closed with an error instead of staying "Running", and the next run
finishes the work."""
import datetime

import pytest

import ckan.model as model
from ckan.tests import helpers
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob, HarvestObject

from ckanext.thanhhoa_lgsp.harvester import LgspHarvester

from ckanext.thanhhoa.testing.harvest import active, catalogue, drain, gateway_titles, run_job

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                                     "clean_harvest_queues")


def age(job_id, hours=3):
    """Let a dead run's job and objects grow older than ckan.harvest.timeout."""
    past = datetime.datetime.utcnow() - datetime.timedelta(hours=hours)
    job = model.Session.query(HarvestJob).get(job_id)
    job.gather_finished = job.created = past
    for obj in model.Session.query(HarvestObject).filter_by(harvest_job_id=job_id):
        obj.gathered = past
        if obj.import_finished:
            obj.import_finished = past
    model.Session.commit()


def test_an_import_killed_before_linking_its_dataset_is_not_duplicated(gateway, admin, monkeypatch, make_source):
    source = make_source(admin, gateway.url)
    real_link = LgspHarvester._link
    calls = {"n": 0}

    def dies_on_the_fifth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt("process killed")
        return real_link(*args, **kwargs)

    monkeypatch.setattr(LgspHarvester, "_link", staticmethod(dies_on_the_fifth))
    job = helpers.call_action("harvest_job_create", {"user": admin["name"]}, source_id=source["id"])
    drain(queue.get_gather_consumer(), queue.gather_callback, queue.get_gather_routing_key())
    with pytest.raises(KeyboardInterrupt):
        drain(queue.get_fetch_consumer(), queue.fetch_callback, queue.get_fetch_routing_key())
    monkeypatch.setattr(LgspHarvester, "_link", staticmethod(real_link))
    model.Session.remove()
    queue.purge_queues()

    # the dead run's job is closed by the timeout, with an error
    age(job["id"])
    helpers.call_action("harvest_jobs_run", {"user": admin["name"]}, source_id=source["id"])
    closed = helpers.call_action("harvest_job_show", id=job["id"])
    report = helpers.call_action("harvest_job_report", id=job["id"])
    assert closed["status"] == "Finished"
    assert any("timeout" in e["message"] for e in report["gather_errors"])

    rerun = run_job(source["id"], admin["name"])

    assert rerun["status"] == "Finished"
    assert active(catalogue()) == gateway_titles(gateway)   # catalogue() fails on duplicates


def test_a_rerun_after_a_dead_run_is_complete_again(gateway, admin, make_source):
    source = make_source(admin, gateway.url)
    run_job(source["id"], admin["name"])
    gateway.change("TH-00007", tenTapDuLieu="Đổi khi lần chạy bị ngắt")

    job = helpers.call_action("harvest_job_create", {"user": admin["name"]}, source_id=source["id"])
    drain(queue.get_gather_consumer(), queue.gather_callback, queue.get_gather_routing_key())
    queue.purge_queues()                       # the fetch consumer died with its queue
    age(job["id"])
    helpers.call_action("harvest_jobs_run", {"user": admin["name"]}, source_id=source["id"])

    run_job(source["id"], admin["name"])

    assert catalogue()["TH-00007"] == ("active", "Đổi khi lần chạy bị ngắt")
