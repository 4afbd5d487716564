"""Benchmark of the theme (not a test): render the home, search and dataset
pages of the demo catalogue with the portal's plugins and without the
`thanhhoa` plugin (CKAN with the same other extensions; its schemas are the
suite's, so datasets fall back to CKAN's own schema and organizations to
ckanext-scheming's stock one), both served by `ckan run` on loopback from
the same databases and Solr core, requests interleaved in one run.

    .venv/bin/python bench/render_pages.py --repeat 30

It uses the test databases of test.ini and empties them first.
"""
from __future__ import annotations

import argparse
import configparser
import os
import pathlib
import statistics
import subprocess
import sys
import time

import requests

import portal  # bench/portal.py, beside this script

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUN = ROOT / ".run"
PAGES = {
    "home": "/",
    "search": "/dataset/?q=tr%C6%B0%E1%BB%9Dng",
    "dataset": "/dataset/danh-sach-truong-trung-hoc-pho-thong",
}
# the portal without the suite's portal plugin (and the LGSP one, built on
# it, and scheming's datasets, whose schema is the suite's)
WITHOUT = {
    "scheming.organization_schemas": "ckanext.scheming:org_with_dept_id.json",
    "scheming.presets": "ckanext.scheming:presets.json",
    "ckanext.dcat.rdf.profiles": "euro_dcat_ap_3",
    "ckanext.dcat.structured_data.profiles": "schemaorg",
}


def without_thanhhoa_ini() -> pathlib.Path:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "test.ini", encoding="utf-8")
    plugins = [p for p in parser["app:main"]["ckan.plugins"].split()
               if p not in ("thanhhoa", "thanhhoa_lgsp", "scheming_datasets")]
    lines = ["[app:main]", f"use = config:{ROOT / 'test.ini'}",
             "ckan.plugins = " + " ".join(plugins)]
    lines += [f"{key} = {value}" for key, value in WITHOUT.items()]
    path = RUN / "bench-without-thanhhoa.ini"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def serve(ini: pathlib.Path, port: int) -> subprocess.Popen:
    ckan = pathlib.Path(sys.executable).with_name("ckan")
    log = open(RUN / "logs" / f"bench-render-{port}.log", "ab")
    server = subprocess.Popen([str(ckan), "-c", str(ini), "run", "--disable-reloader",
                               "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=2).ok:
                return server
        except requests.ConnectionError:
            time.sleep(0.5)
    server.kill()
    sys.exit(f"the portal on :{port} did not start; see .run/logs/bench-render-{port}.log")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    with portal.flask_app(str(ROOT / "test.ini")).test_request_context():
        from ckanext.thanhhoa.operations import demo
        portal.empty_portal()
        demo.load()

    servers = {"with thanhhoa": serve(ROOT / "test.ini", 5061),
               "without thanhhoa": serve(without_thanhhoa_ini(), 5062)}
    ports = {"with thanhhoa": 5061, "without thanhhoa": 5062}
    sessions = {name: requests.Session() for name in servers}
    times = {(name, page): [] for name in servers for page in PAGES}
    try:
        for _ in range(3):                                       # warm both
            for name, port in ports.items():
                for path in PAGES.values():
                    sessions[name].get(f"http://127.0.0.1:{port}{path}").raise_for_status()
        for _ in range(args.repeat):
            for page, path in PAGES.items():
                for name, port in ports.items():
                    start = time.perf_counter()
                    response = sessions[name].get(f"http://127.0.0.1:{port}{path}")
                    times[(name, page)].append(time.perf_counter() - start)
                    response.raise_for_status()
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=20)

    print(f"\nPage rendering benchmark: demo catalogue, `ckan run` on loopback, "
          f"median of {args.repeat} interleaved requests\n")
    print("| page | with `thanhhoa` (ms) | without (ms) | ratio |")
    print("|---|---|---|---|")
    for page in PAGES:
        with_ = statistics.median(times[("with thanhhoa", page)]) * 1000
        without = statistics.median(times[("without thanhhoa", page)]) * 1000
        print(f"| {page} | {with_:.0f} | {without:.0f} | {with_ / without:.2f} |")


if __name__ == "__main__":
    main()
