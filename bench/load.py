"""Load test of the portal as production serves it (not a test): gunicorn
with WEB_WORKERS workers on ckanext.thanhhoa.operations.wsgi against the
test databases (test.ini), and Locust (its own venv, .run/venv-load)
simulating citizens who pause 1-5 s between pages (bench/load/locustfile.py),
for each number of users; then a saturation run without pauses. Only
127.0.0.1 is reached. Prints, per run: requests/s, p50/p95/p99 per page
kind, failures; and where the CPU went (gunicorn, Solr, PostgreSQL, Locust).

    .venv/bin/python bench/load.py --users 10 50 100 --seconds 60 [--tables 20]

Load the catalogue first (e.g. `bench/harvest_lgsp.py --datasets 10000`);
`--tables N` adds N datasets with a DataStore table and its CSV.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import pathlib
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV = ROOT / ".run" / "venv-load"
PORT = 5056
KINDS = ("home", "search", "dataset page", "DataStore preview", "CSV download", "API search", "catalog.ttl page")


def load_venv() -> pathlib.Path:
    if not (VENV / "bin" / "locust").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "-r",
                        str(ROOT / "bench" / "load" / "requirements.txt")], check=True)
    return VENV / "bin" / "locust"


def add_tables(count: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import portal

    app = portal.flask_app(str(ROOT / "test.ini"))
    with app.test_request_context():
        from werkzeug.datastructures import FileStorage
        from ckan.tests import factories, helpers

        import ckan.model as model

        admin = factories.Sysadmin()
        agency = ({"id": model.Group.get("co-quan-bang-du-lieu").id} if model.Group.get("co-quan-bang-du-lieu")
                  else factories.Organization(name="co-quan-bang-du-lieu"))
        rows = [{"xa": f"Xã {i}", "dan_so": 1000 + i * 17, "nam": 2025} for i in range(500)]
        body = ("xa,dan_so,nam\n" + "".join(f"{r['xa']},{r['dan_so']},{r['nam']}\n" for r in rows)).encode()
        import json

        template = json.loads((ROOT / "tests" / "data" / "dataset_full.json").read_text("utf-8"))
        for n in range(count):
            if model.Package.get(f"tai-{n}") is not None:      # loaded by an earlier run
                continue
            dataset = helpers.call_action("package_create", {"user": admin["name"]}, **dict(
                template, name=f"tai-{n}", title_translated={"vi": f"Dân số theo xã {n}"}, owner_org=agency["id"],
                access_level="mo", resources=[]))
            resource = helpers.call_action("resource_create", {"user": admin["name"]}, package_id=dataset["id"],
                                           name="Dân số", url="dan-so.csv", format="CSV",
                                           upload=FileStorage(io.BytesIO(body), "dan-so.csv", "text/csv"))
            helpers.call_action("datastore_create", {"user": admin["name"]}, force=True,
                                resource_id=resource["id"], records=rows)


def cpu_seconds() -> dict[str, float]:
    """CPU time so far of the processes by what they are."""
    tick = os.sysconf("SC_CLK_TCK")
    totals = {"gunicorn (CKAN)": 0.0, "Solr": 0.0, "PostgreSQL": 0.0, "Locust": 0.0, "Redis": 0.0}
    for proc in pathlib.Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used = (int(fields[11]) + int(fields[12])) / tick
        if "gunicorn" in command:
            totals["gunicorn (CKAN)"] += used
        elif "vn.thanhhoa.solr" in command:
            totals["Solr"] += used
        elif command.startswith("postgres"):
            totals["PostgreSQL"] += used
        elif "redis-server" in command:
            totals["Redis"] += used
    return totals


def run(locust: pathlib.Path, users: int, seconds: int, pause: bool) -> tuple[list[dict], dict]:
    import resource

    prefix = ROOT / ".run" / f"load-{users}{'' if pause else '-nopause'}"
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, started = cpu_seconds(), time.perf_counter()
    subprocess.run([str(locust), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
                    "-u", str(users), "-r", str(max(1, users // 5)), "--run-time", f"{seconds}s",
                    "--host", f"http://127.0.0.1:{PORT}", "--csv", str(prefix), "--only-summary",
                    "--stop-timeout", "30"],
                   env=dict(os.environ, PAUSE="1" if pause else "0"), check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = cpu_seconds()
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)      # Locust has exited: its time is here
    after["Locust"] = before["Locust"] + (ended.ru_utime + ended.ru_stime) - (children.ru_utime + children.ru_stime)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    return rows, {name: (after[name] - before[name]) / wall for name in after}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--tables", type=int, default=0)
    parser.add_argument("--saturation-users", type=int, default=20)
    args = parser.parse_args()
    locust = load_venv()
    if args.tables:
        add_tables(args.tables)
    server = subprocess.Popen(
        [str(pathlib.Path(sys.executable).with_name("gunicorn")), "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{PORT}", "--timeout", "120", "ckanext.thanhhoa.operations.wsgi:application"],
        env=dict(os.environ, CKAN_INI=str(ROOT / "test.ini")), stdout=subprocess.DEVNULL,
        stderr=open(ROOT / ".run" / "logs" / "load-gunicorn.log", "w"))
    try:
        for _ in range(120):
            try:
                count = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/3/action/package_search?rows=0",
                                               timeout=10).read()
                break
            except OSError:
                time.sleep(1)
        print(f"gunicorn, {args.workers} workers; the catalogue: {count[:200]!r}\n")
        for users, pause in [(u, True) for u in args.users] + [(args.saturation_users, False)]:
            rows, cpu = run(locust, users, args.seconds, pause)
            total = next(r for r in rows if r["Name"] == "Aggregated")
            print(f"### {users} users{'' if pause else ', no pause (saturation)'}: "
                  f"{float(total['Requests/s']):.1f} requests/s, {total['Failure Count']} failures "
                  f"of {total['Request Count']}")
            print("CPU (cores busy): " + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items()))
            print("\n| page | requests | req/s | p50 ms | p95 ms | p99 ms | failures |\n|---|---|---|---|---|---|---|")
            for row in sorted((r for r in rows if r["Name"] in KINDS), key=lambda r: KINDS.index(r["Name"])):
                print(f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} | {row['50%']} | "
                      f"{row['95%']} | {row['99%']} | {row['Failure Count']} |")
            print()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
