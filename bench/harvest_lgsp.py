"""Benchmark of the LGSP harvester (not a test): harvest N datasets from the
fake gateway on loopback through the real Redis queues, PostgreSQL and Solr,
then run again with nothing changed (incremental, then a complete listing).
Reports datasets per second and where the time went: the gateway (HTTP),
CKAN's actions (validation and PostgreSQL, less Solr), Solr (indexing).

    .venv/bin/python bench/harvest_lgsp.py --datasets 1000

It uses the test databases of test.ini and empties them first.
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import os
import pathlib
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
import portal  # bench/portal.py, beside this script

TIMES: collections.Counter = collections.Counter()


def timed(owner, name, bucket):
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMES[bucket] += time.perf_counter() - start
    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    args = parser.parse_args()

    with portal.flask_app(args.config).test_request_context():
        run(args.datasets)


def run(count: int) -> None:
    import ckan.plugins.toolkit as tk
    import pysolr
    from ckan.tests import factories, helpers
    from ckanext.harvest import queue

    from ckanext.thanhhoa.testing.harvest import catalogue, run_job
    from ckanext.thanhhoa.testing.lgsp_gateway import FakeGateway

    portal.empty_portal()
    queue.purge_queues()
    tk.config["ckanext.thanhhoa_lgsp.client_id"] = "portal"
    tk.config["ckanext.thanhhoa_lgsp.client_secret"] = "bi-mat"

    from ckanext.thanhhoa_lgsp.client import LgspClient
    timed(LgspClient, "_send", "gateway (HTTP)")
    timed(pysolr.Solr, "add", "Solr")
    timed(pysolr.Solr, "commit", "Solr")
    import ckan.logic
    original_get_action = ckan.logic.get_action

    @functools.lru_cache(maxsize=None)
    def counted(name):
        action = original_get_action(name)
        if name not in ("package_create", "package_update", "package_delete", "organization_create"):
            return action

        @functools.wraps(action)
        def wrapper(context, data_dict):
            start = time.perf_counter()
            try:
                return action(context, data_dict)
            finally:
                TIMES["CKAN actions (incl. Solr)"] += time.perf_counter() - start
        return wrapper
    tk.get_action = ckan.logic.get_action = counted

    gateway = FakeGateway.generated(count, seed=1)
    gateway.start()
    admin = factories.Sysadmin()
    source = helpers.call_action(
        "harvest_source_create", {"user": admin["name"]}, name="bench-lgsp", title="bench",
        url=gateway.url, source_type="lgsp", owner_org=factories.Organization()["id"],
        frequency="MANUAL", config='{"page_size": 100}')

    rows = []
    for label, config in (("first run", None), ("re-run, nothing changed (incremental)", None),
                          ("re-run, nothing changed (complete listing)", '{"page_size": 100, "mode": "full"}')):
        if config:
            from ckanext.harvest.model import HarvestSource
            harvest_source = HarvestSource.get(source["id"])
            harvest_source.config = config
            harvest_source.save()
        TIMES.clear()
        start = time.perf_counter()
        if os.environ.get("BENCH_PROFILE") == label:
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            job = profiler.runcall(run_job, source["id"], admin["name"])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            job = run_job(source["id"], admin["name"])
        seconds = time.perf_counter() - start
        rows.append((label, seconds, job["stats"], dict(TIMES)))
    active = sum(1 for state, _ in catalogue().values() if state == "active")
    gateway.stop()

    print(f"\nLGSP harvest benchmark: {count} datasets from the fake gateway "
          f"({active} active in the portal after the runs)\n")
    print("| run | seconds | datasets/s | added | updated | unchanged | gateway | CKAN actions (less Solr) | Solr | rest |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, seconds, stats, times in rows:
        gw = times.get("gateway (HTTP)", 0)
        solr = times.get("Solr", 0)
        actions = max(times.get("CKAN actions (incl. Solr)", 0) - solr, 0)
        rest = max(seconds - gw - solr - actions, 0)
        print(f"| {label} | {seconds:.1f} | {count / seconds:.0f} | {stats.get('added', 0)} | "
              f"{stats.get('updated', 0)} | {stats.get('not modified', 0)} | "
              f"{100 * gw / seconds:.0f}% | {100 * actions / seconds:.0f}% | "
              f"{100 * solr / seconds:.0f}% | {100 * rest / seconds:.0f}% |")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
