"""Metadata quality and statistics at scale (not a test). In the portal of
test.ini (its databases and Solr core emptied first):

1. --datasets real datasets over five agencies (the fixture dataset with
   fields left out at random, a third of them shared or internal, a link
   each to a local web server, one in five of them broken);
2. their quality jobs run in this process: link checks (one host: the
   checks take turns) and DCAT-AP 3 conformance (pySHACL), timed apart;
3. their index documents copied in Solr to --total documents, then the
   quality dashboard (`thanhhoa_quality_summary`, anonymous and as a
   sysadmin), the statistics (`thanhhoa_statistics`) and both pages
   rendered (/chat-luong, /thong-ke) --rounds times after a warm-up.

Prints milliseconds (p50, max) per step.

    .venv/bin/python bench/quality.py [--datasets 200] [--total 10000] [--rounds 5]
"""
from __future__ import annotations

import argparse
import copy
import http.server
import json
import pathlib
import random
import statistics
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
import portal  # bench/portal.py, beside this script
from search_speed import copy_documents

LEFT_OUT = ("tag_string", "temporal_coverage", "admin_units", "contact", "issued")


class Links(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(404 if self.path.endswith("-broken.csv") else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    parser.add_argument("--datasets", type=int, default=200)
    parser.add_argument("--total", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Links)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    allow = [f"127.0.0.1:{server.server_port}"]
    app = portal.flask_app(args.config, **{"ckanext.thanhhoa.quality.link_allow": allow})
    with app.test_request_context():
        import ckan.plugins.toolkit as tk
        from ckanext.thanhhoa.quality import conformance, jobs as quality_jobs

        portal.empty_portal()
        quality_jobs.clear()
        ids = load(args.datasets, server.server_port)
        checks, shacl = [], []
        started = time.perf_counter()
        conformance._shapes()
        shapes_ms = 1000 * (time.perf_counter() - started)
        for package_id in ids:
            dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
            started = time.perf_counter()
            quality_jobs.check_resource(dataset["resources"][0])
            checks.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            conformance.violations(dataset)
            shacl.append(1000 * (time.perf_counter() - started))
            quality_jobs.check_dataset(package_id)
        quality_jobs.clear()
        copy_documents(tk.config["solr_url"], tk.config["solr_url"], args.total)
        admin = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]}
        rows = [
            ("link check (one, local server)", checks),
            ("DCAT-AP 3 conformance (one dataset)", shacl),
            *timed(args.rounds, {
                f"dashboard, anonymous ({args.total:,} datasets)":
                    lambda: tk.get_action("thanhhoa_quality_summary")({"user": ""}, {}),
                f"dashboard, sysadmin ({args.total:,} datasets)":
                    lambda: tk.get_action("thanhhoa_quality_summary")(dict(admin), {}),
                "statistics": lambda: tk.get_action("thanhhoa_statistics")({"user": ""}, {}),
            }),
        ]
    client = app.test_client()
    rows += timed(args.rounds, {"page /chat-luong": lambda: client.get("/chat-luong"),
                                "page /thong-ke": lambda: client.get("/thong-ke")})
    server.shutdown()
    print(f"\nQuality and statistics: {args.datasets} datasets checked, {args.total:,} in the index; "
          f"shapes read in {shapes_ms:.0f} ms\n")
    print("| step | p50 (ms) | max (ms) |")
    print("|---|---|---|")
    for name, times in rows:
        print(f"| {name} | {statistics.median(times):.1f} | {max(times):.1f} |")


def load(count: int, port: int) -> list[str]:
    from ckan.tests import factories, helpers

    template = json.loads((ROOT / "tests" / "data" / "dataset_full.json").read_text("utf-8"))
    admin = factories.Sysadmin()
    agencies = [factories.Organization(name=f"co-quan-{n}", title=f"Cơ quan {n}") for n in range(5)]
    chance = random.Random(15)
    ids = []
    for number in range(count):
        data = copy.deepcopy(template)
        for key in LEFT_OUT:
            if chance.random() < 0.3:
                data.pop(key, None)
        broken = "-broken" if number % 5 == 0 else ""
        data["resources"][0]["url"] = f"http://127.0.0.1:{port}/{number}{broken}.csv"
        level = "mo" if number % 3 else chance.choice(["dung-chung", "dung-rieng"])
        if level == "mo" and "contact" not in data:
            data["contact"] = template["contact"]
        data.update(name=f"tap-du-lieu-{number}", owner_org=agencies[number % 5]["id"], access_level=level,
                    frequency=chance.choice(["MONTHLY", "ANNUAL", "IRREG"]))
        ids.append(helpers.call_action("package_create", {"user": admin["name"]}, **data)["id"])
    return ids


def timed(rounds: int, steps: dict) -> list[tuple[str, list[float]]]:
    out = []
    for name, step in steps.items():
        times = []
        for round_ in range(rounds + 1):
            started = time.perf_counter()
            step()
            if round_:             # round 0 warms the caches
                times.append(1000 * (time.perf_counter() - started))
        out.append((name, times))
    return out


if __name__ == "__main__":
    main()
