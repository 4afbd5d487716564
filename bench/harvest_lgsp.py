"""Benchmark of the LGSP harvester (not a test): harvest N datasets from the
fake gateway on loopback through the real Redis queues, PostgreSQL and Solr,
then run again with nothing changed (incremental, then a complete listing).

    .venv/bin/python bench/harvest_lgsp.py --datasets 1000 [--consumers 2]

By default the jobs go through consumer processes as deployed
(`ckan harvester gather-consumer` and `--consumers` × `fetch-consumer`,
docker/compose.yaml), with the portal's production setting
`ckan.search.solr_commit = false` (the Solr configset makes changes
searchable within a second). `--consumers 0` runs both stages in this
process instead and says where the time went: the gateway (HTTP), CKAN's
actions (validation and PostgreSQL, less Solr), Solr; `BENCH_PROFILE=<run>`
profiles that run. `--solr-commit` commits Solr after each dataset.

It uses the test databases of test.ini and empties them first.
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
import portal  # bench/portal.py, beside this script

TIMES: collections.Counter = collections.Counter()
RUNS = (("first run", None), ("re-run, nothing changed (incremental)", None),
        ("re-run, nothing changed (complete listing)", '{"page_size": 100, "mode": "full"}'))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--consumers", type=int, default=2,
                        help="fetch consumer processes (0: gather and fetch in this process)")
    parser.add_argument("--solr-commit", action="store_true")
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    args = parser.parse_args()
    options = dict(portal.LGSP_CREDENTIALS, **{"ckan.search.solr_commit": str(args.solr_commit).lower()})
    with portal.flask_app(args.config, **options).test_request_context():
        with consumers(args.config, options, args.consumers):
            run(args.datasets, args.consumers, args.solr_commit)


@contextlib.contextmanager
def consumers(config: str, options: dict, count: int):
    """The gather consumer and `count` fetch consumers, as processes of a
    config that chains `config` with `options`."""
    if not count:
        yield
        return
    ini = ROOT / ".run" / "bench-harvest.ini"
    ini.write_text("[app:main]\nuse = config:" + str(pathlib.Path(config).resolve()) + "\n"
                   + "".join(f"{key} = {value}\n" for key, value in options.items()))
    ckan = str(pathlib.Path(sys.executable).with_name("ckan"))
    logs = ROOT / ".run" / "logs"
    processes = [subprocess.Popen([ckan, "-c", str(ini), "harvester", kind],
                                  stdout=subprocess.DEVNULL,
                                  stderr=open(logs / f"bench-{kind}-{n}.log", "w"))
                 for n, kind in enumerate(["gather-consumer"] + ["fetch-consumer"] * count)]
    try:
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def queued_job(source_id: str, user: str, timeout: float = 1800) -> dict:
    """A job left to the consumer processes; `harvester run` (what cron
    calls) every quarter second until it marks the job finished."""
    from ckan.tests import helpers
    import ckan.model as model

    job = helpers.call_action("harvest_job_create", {"user": user}, source_id=source_id)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.25)
        model.Session.remove()
        helpers.call_action("harvest_jobs_run", {"user": user}, source_id=source_id)
        shown = helpers.call_action("harvest_job_show", {"user": user}, id=job["id"])
        if shown["status"] == "Finished":
            return shown
    raise SystemExit(f"job {job['id']} not finished after {timeout} s (see .run/logs/bench-*.log)")


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


def time_in_process() -> None:
    """Where the time of an in-process run goes."""
    import ckan.logic
    import ckan.plugins.toolkit as tk
    import pysolr
    from ckanext.thanhhoa_lgsp.client import LgspClient

    timed(LgspClient, "_send", "gateway (HTTP)")
    timed(pysolr.Solr, "add", "Solr")
    timed(pysolr.Solr, "commit", "Solr")
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


def run(count: int, processes: int, solr_commit: bool) -> None:
    from ckan.tests import factories, helpers
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestSource

    from ckanext.thanhhoa.testing.harvest import catalogue, run_job
    from ckanext.thanhhoa.testing.lgsp_gateway import FakeGateway

    portal.empty_portal()
    queue.purge_queues()
    if not processes:
        time_in_process()

    gateway = FakeGateway.generated(count, seed=1)
    gateway.start()
    admin = factories.Sysadmin()
    source = helpers.call_action(
        "harvest_source_create", {"user": admin["name"]}, name="bench-lgsp", title="bench",
        url=gateway.url, source_type="lgsp", owner_org=factories.Organization()["id"],
        frequency="MANUAL", config='{"page_size": 100}')

    rows = []
    for label, config in RUNS:
        if config:
            harvest_source = HarvestSource.get(source["id"])
            harvest_source.config = config
            harvest_source.save()
        TIMES.clear()
        start = time.perf_counter()
        if processes:
            job = queued_job(source["id"], admin["name"])
        elif os.environ.get("BENCH_PROFILE") == label:
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            job = profiler.runcall(run_job, source["id"], admin["name"])
            if os.environ.get("BENCH_PROFILE_OUT"):
                profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            job = run_job(source["id"], admin["name"])
        seconds = time.perf_counter() - start
        rows.append((label, seconds, job["stats"], dict(TIMES)))
    active = sum(1 for state, _ in catalogue().values() if state == "active")
    gateway.stop()

    how = (f"a gather consumer and {processes} fetch consumer process(es), polled by "
           f"`harvester run` every 0.25 s" if processes else "gather and fetch in this process")
    print(f"\nLGSP harvest benchmark: {count} datasets from the fake gateway, {how}, "
          f"ckan.search.solr_commit = {str(solr_commit).lower()} "
          f"({active} active in the portal after the runs)\n")
    print("| run | seconds | records/s | added | updated | unchanged | errored |"
          + (" gateway | CKAN actions (less Solr) | Solr | rest |" if not processes else ""))
    print("|---|---|---|---|---|---|---|" + ("---|---|---|---|" if not processes else ""))
    for label, seconds, stats, times in rows:
        line = (f"| {label} | {seconds:.1f} | {count / seconds:.0f} | {stats.get('added', 0)} | "
                f"{stats.get('updated', 0)} | {stats.get('not modified', 0)} | "
                f"{stats.get('errored', 0)} |")
        if not processes:
            gw, solr = times.get("gateway (HTTP)", 0), times.get("Solr", 0)
            actions = max(times.get("CKAN actions (incl. Solr)", 0) - solr, 0)
            rest = max(seconds - gw - solr - actions, 0)
            line += (f" {100 * gw / seconds:.0f}% | {100 * actions / seconds:.0f}% | "
                     f"{100 * solr / seconds:.0f}% | {100 * rest / seconds:.0f}% |")
        print(line)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
