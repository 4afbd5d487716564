"""The gather streams the listing into harvest objects a batch at a time:
what it holds grows by an object id per record, not by the record (it held
every record, and a harvest object per record, until the end).
bench/harvest_memory.py measures the gather consumer's peak for 1,000 and
10,000 records."""
import tracemalloc

import pytest

from ckan.tests import helpers
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob

from ckanext.thanhhoa_lgsp.harvester import LgspHarvester

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                                     "clean_harvest_queues")


def gather_peak(gateway, admin, make_source, name) -> tuple[int, int]:
    """(objects gathered, peak bytes allocated by the gather above what was
    allocated when it started)."""
    source = make_source(admin, gateway.url, {"page_size": 100}, name=name)
    job = helpers.call_action("harvest_job_create", {"user": admin["name"]}, source_id=source["id"])
    queue.purge_queues()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        ids = queue.gather_stage(LgspHarvester(), HarvestJob.get(job["id"]))
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    return len(ids), peak


def test_gather_holds_an_id_per_record_not_the_record(gateway_of, admin, make_source):
    small_gateway, large_gateway = gateway_of(300), gateway_of(3000)
    gather_peak(gateway_of(300), admin, make_source, "warm-up")   # caches filled once
    small, small_peak = gather_peak(small_gateway, admin, make_source, "small")
    large, large_peak = gather_peak(large_gateway, admin, make_source, "large")

    per_record = (large_peak - small_peak) / (large - small)
    assert (small, large) == (300, 3000)
    assert per_record < 300, (small_peak, large_peak, per_record)   # a record alone is ~2 kB
