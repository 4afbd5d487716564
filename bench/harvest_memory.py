"""Peak memory of the LGSP gather (not a test). For each size, a fresh
process loads the portal (test.ini, its databases emptied first) and
gathers N records from the fake gateway, served by a process of its own, as
the gather consumer does: listing, storing the harvest objects, returning
their ids. It reports the process's peak resident memory (VmHWM: what the
gather consumer needs), its resident memory before the gather, and the peak
of what the gather allocated in Python (tracemalloc, a second gather).

    .venv/bin/python bench/harvest_memory.py [--sizes 1000 10000]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import socket
import subprocess
import sys
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parent.parent
import portal  # bench/portal.py, beside this script



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.config)))
        return
    rows = []
    for size in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(size), "--config", args.config],
                              capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print("\nLGSP gather, peak memory (one process per size)\n")
    print("| records | objects | peak RSS (MB) | RSS before the gather (MB) | "
          "gather's Python peak (MB) | peak RSS / first size's |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['records']:,} | {row['objects']:,} | {row['peak_rss'] / 2**20:.1f} | "
              f"{row['rss_before'] / 2**20:.1f} | {row['python_peak'] / 2**20:.1f} | "
              f"{row['peak_rss'] / rows[0]['peak_rss']:.2f} |")


def status(field: str) -> int:
    """A field of /proc/self/status, in bytes."""
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def measure(records: int, config: str) -> dict:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gateway = subprocess.Popen(
        [sys.executable, "-m", "ckanext.thanhhoa.testing.lgsp_gateway", "--records", str(records),
         "--port", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        gateway.stdout.readline()        # "fake LGSP gateway … at …": it serves
        with portal.flask_app(config, **portal.LGSP_CREDENTIALS).test_request_context():
            return gather(records, f"http://127.0.0.1:{port}")
    finally:
        gateway.terminate()
        gateway.wait()


def gather(records: int, url: str) -> dict:
    from ckan.tests import factories, helpers
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob

    from ckanext.thanhhoa_lgsp.harvester import LgspHarvester

    portal.empty_portal()
    queue.purge_queues()
    admin = factories.Sysadmin()
    owner = factories.Organization()["id"]

    def job(name: str, config: dict) -> HarvestJob:
        source = helpers.call_action(
            "harvest_source_create", {"user": admin["name"]}, name=name, title=name, url=url,
            source_type="lgsp", owner_org=owner, frequency="MANUAL",
            config=json.dumps(config))
        created = helpers.call_action("harvest_job_create", {"user": admin["name"]},
                                      source_id=source["id"])
        queue.purge_queues()
        return HarvestJob.get(created["id"])

    rss_before = status("VmRSS")
    ids = queue.gather_stage(LgspHarvester(), job("first", {"page_size": 100}))
    peak_rss = status("VmHWM")

    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    queue.gather_stage(LgspHarvester(), job("second", {"page_size": 100, "mode": "full"}))
    python_peak = tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()
    return {"records": records, "objects": len(ids), "peak_rss": peak_rss,
            "rss_before": rss_before, "python_peak": python_peak}


if __name__ == "__main__":
    main()
