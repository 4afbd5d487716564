"""Benchmark of `ckan thanhhoa backup` and `restore` (not a test): a portal
of N datasets, T DataStore tables of R rows and F uploaded files of S KB,
backed up, its services emptied (both databases' schemas, the file store,
Solr), restored and indexed again with `ckan search-index rebuild`.

    .venv/bin/python bench/backup.py --datasets 1000 --tables 100 --rows 1000 --files 100

It uses the test databases of test.ini and empties them first.
"""
from __future__ import annotations

import argparse
import copy
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
import portal  # bench/portal.py, beside this script


def load(args) -> None:
    import random

    from werkzeug.datastructures import FileStorage
    from ckan.tests import factories, helpers

    template = json.loads((ROOT / "tests" / "data" / "dataset_full.json").read_text("utf-8"))
    admin = factories.Sysadmin()
    context = {"user": admin["name"]}
    agencies = [factories.Organization(name=f"co-quan-sao-luu-{n}") for n in range(5)]
    chance = random.Random(17)
    for number in range(args.datasets):
        data = copy.deepcopy(template)
        data.update(name=f"sao-luu-{number}", owner_org=agencies[number % 5]["id"],
                    access_level=chance.choice(["mo", "mo", "dung-chung", "dung-rieng"]))
        dataset = helpers.call_action("package_create", context, **data)
        if number < args.tables:
            helpers.call_action("datastore_create", context, force=True,
                                resource_id=dataset["resources"][0]["id"],
                                records=[{"xa": f"Xã {i}", "dan_so": i * 17, "nam": 2025} for i in range(args.rows)])
        if number < args.files:
            body = os.urandom(args.kb * 512).hex().encode()       # incompressible, args.kb KB
            helpers.call_action("resource_create", context, package_id=dataset["id"], name="Tệp",
                                url="tep.csv", format="CSV",
                                upload=FileStorage(io.BytesIO(body), "tep.csv", "text/csv"))


def ckan(*args) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([str(pathlib.Path(sys.executable).with_name("ckan")), "-c", str(ROOT / "test.ini"),
                           *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"ckan {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--kb", type=int, default=256)
    args = parser.parse_args()
    app = portal.flask_app(str(ROOT / "test.ini"))
    with app.test_request_context():
        import ckan.lib.search as search
        import ckan.model as model
        import ckan.plugins.toolkit as tk
        from ckanext.thanhhoa.backup import postgres

        portal.empty_portal()
        postgres.empty_tables(tk.config["ckan.datastore.write_url"], keep_prefix="_")
        storage = pathlib.Path(tk.config["ckan.storage_path"])
        for folder in ("resources", "storage"):
            shutil.rmtree(storage / folder, ignore_errors=True)
        started = time.perf_counter()
        load(args)
        print(f"loaded {args.datasets} datasets, {args.tables} DataStore tables of {args.rows} rows, "
              f"{args.files} files of {args.kb} KB in {time.perf_counter() - started:.0f} s")
        folder = pathlib.Path(tempfile.mkdtemp(prefix="sao-luu-")) / "backup"
        rows = [("backup",) + ckan("thanhhoa", "backup", str(folder))]
        size = sum(p.stat().st_size for p in folder.iterdir())
        model.Session.remove()
        started = time.perf_counter()
        for url in (tk.config["sqlalchemy.url"], tk.config["ckan.datastore.write_url"]):
            postgres.empty(url)
        for folder_name in ("resources", "storage"):
            shutil.rmtree(storage / folder_name, ignore_errors=True)
        search.clear_all()
        rows.append(("emptying the services", time.perf_counter() - started, ""))
        rows.append(("restore",) + ckan("thanhhoa", "restore", str(folder)))
        rows.append(("search-index rebuild",) + ckan("search-index", "rebuild"))
        shutil.rmtree(folder.parent)
    print(f"\nbackup size: {size / 1e6:.1f} MB\n\n| step | seconds | said |\n|---|---|---|")
    for name, seconds, said in rows:
        print(f"| {name} | {seconds:.1f} | {said[:120]} |")


if __name__ == "__main__":
    main()
