"""Benchmark of loading a file into the DataStore (not a test).

In one run, for a CSV of N rows of a household register (codes, names,
communes, counts, amounts written "12.345.678,5", dates "dd/mm/yyyy", notes),
in UTF-8 and the same in Windows-1258:

* through the portal: the file uploaded to a new resource over HTTP (`ckan
  run` on test.ini's site_url), xloader's job run by a worker, until its rows
  are queryable with the full-text column and index CKAN makes;
* by hand in SQL, the same end state: COPY of the same rows, already typed
  (numbers and ISO dates, as PostgreSQL reads them), into typed columns, the
  same tsvector column and GiST index, ANALYZE.

    .venv/bin/python bench/datastore_load.py --rows 1000000

It uses the test databases of test.ini and empties them first.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import pathlib
import random
import subprocess
import sys
import threading
import time

import portal  # bench/portal.py, beside this script

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / ".run" / "bench"

FAMILY = ["Nguyễn", "Lê", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Bùi", "Đặng", "Trịnh", "Mai"]
MIDDLE = ["Văn", "Thị", "Đình", "Hữu", "Ngọc", "Xuân", "Minh", "Thanh", "Quang", "Đức"]
GIVEN = ["Hùng", "Lan", "Hương", "Dũng", "Tuấn", "Hằng", "Phượng", "Thủy", "Cường", "Nguyệt",
         "Trường", "Việt", "Quyết", "Thắng", "Ánh", "Huyền", "Khuê", "Lượng", "Ước", "Yến"]
COMMUNES = ["xã Nga Thạch", "xã Hoằng Đức", "phường Đông Thọ", "phường Ba Đình", "xã Quảng Thịnh",
            "thị trấn Nga Sơn", "xã Thọ Xuân", "phường Lam Sơn", "xã Hoằng Thịnh", "xã Yên Định"]
NOTES = ["", "", "", "Hộ nghèo", "Hộ cận nghèo", "Gia đình chính sách", "Chuyển đến năm 2025"]
HEADER = ["Mã hộ", "Chủ hộ", "Xã, phường", "Số nhân khẩu", "Thu nhập (đồng)", "Ngày đăng ký", "Ghi chú"]


def make_files(rows: int) -> dict[str, pathlib.Path]:
    WORK.mkdir(parents=True, exist_ok=True)
    files = {"utf-8": WORK / f"households-{rows}-utf8.csv",
             "windows-1258": WORK / f"households-{rows}-cp1258.csv",
             "typed": WORK / f"households-{rows}-typed.csv"}
    if all(f.exists() for f in files.values()):
        return files
    rng = random.Random(14)
    start = datetime.date(2015, 1, 1)
    with open(files["utf-8"], "w", encoding="utf-8", newline="") as text, \
            open(files["typed"], "w", encoding="utf-8", newline="") as typed:
        out, out_typed = csv.writer(text), csv.writer(typed)
        out.writerow(HEADER)
        for i in range(rows):
            income = rng.randrange(1_000_000, 900_000_000) + rng.choice((0, 0.5, 0.25))
            day = start + datetime.timedelta(days=rng.randrange(3650))
            whole, frac = divmod(income, 1)
            written = f"{int(whole):,}".replace(",", ".") + (f",{str(frac)[2:]}" if frac else "")
            row = [f"{i:08d}", f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                   rng.choice(COMMUNES), rng.randrange(1, 9)]
            note = rng.choice(NOTES)
            out.writerow(row + [written, day.strftime("%d/%m/%Y"), note])
            out_typed.writerow(row + [f"{income}", day.isoformat(), note])
    with open(files["utf-8"], "rb") as source, open(files["windows-1258"], "wb") as target:
        subprocess.run(["iconv", "-f", "UTF-8", "-t", "CP1258"], stdin=source, stdout=target, check=True)
    return files


TYPES = ["text", "text", "text", "int8", "numeric", "date", "text"]


def by_hand(path: pathlib.Path, write_url: str, way: str) -> float:
    """The same end state in SQL, from the typed file, one of two ways:
    "update": COPY into the table, then UPDATE its full text (xloader's way);
    "insert": COPY into a temporary table, then INSERT … SELECT with the
    full text (the portal's way: each row written once). Then the GiST
    index and ANALYZE."""
    import psycopg2
    table = "bench_by_hand"
    names = ", ".join(f'"{h}"' for h in HEADER)
    columns = ", ".join(f'"{h}" {t}' for h, t in zip(HEADER, TYPES))
    text = " || ' ' || ".join(f"coalesce(\"{h}\"{'::text' if t != 'text' else ''}, '')"
                              for h, t in zip(HEADER, TYPES))
    connection = psycopg2.connect(write_url)
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
    started = time.perf_counter()
    cursor.execute("BEGIN")
    cursor.execute(f'CREATE TABLE "{table}" (_id serial primary key, _full_text tsvector, {columns})')
    target = table if way == "update" else "_load"
    if way == "insert":
        cursor.execute(f"CREATE TEMPORARY TABLE _load ({columns}) ON COMMIT DROP")
    with open(path, encoding="utf-8") as f:
        cursor.copy_expert(f'COPY "{target}" ({names}) FROM STDIN WITH (FORMAT csv)', f)
    if way == "update":
        cursor.execute(f'UPDATE "{table}" SET _full_text = to_tsvector({text})')
    else:
        cursor.execute(f'INSERT INTO "{table}" ({names}, _full_text) SELECT {names}, to_tsvector({text}) FROM _load')
    cursor.execute(f'CREATE INDEX ON "{table}" USING gist(_full_text)')
    cursor.execute("COMMIT")
    cursor.execute(f'ANALYZE "{table}"')
    elapsed = time.perf_counter() - started
    cursor.execute(f'DROP TABLE "{table}"')
    connection.close()
    return elapsed


def through_portal(path: pathlib.Path, user: str, dataset_id: str) -> tuple[float, float, dict]:
    """The upload is made in this process (whose config has the token
    xloader's job needs), as CKAN's upload view makes it; the job downloads
    the file from the portal served over HTTP and calls it back there."""
    from werkzeug.datastructures import FileStorage

    from ckan.lib import jobs
    from ckan.tests import helpers

    started = time.perf_counter()
    with open(path, "rb") as f:
        resource_id = helpers.call_action(
            "resource_create", {"user": user}, package_id=dataset_id, name=path.name, format="CSV",
            upload=FileStorage(stream=f, filename=path.name, content_type="text/csv"))["id"]
    uploaded = time.perf_counter() - started
    jobs.Worker(["default"]).work(burst=True)
    found = helpers.call_action("datastore_search", resource_id=resource_id, limit=1,
                                q="Nguyễn")
    elapsed = time.perf_counter() - started
    report = helpers.call_action("thanhhoa_datastore_report", resource_id=resource_id)
    assert report and report["ok"], report
    assert found["records"], "no row found by full text"
    return elapsed, uploaded, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    args = parser.parse_args()

    files = make_files(args.rows)
    sizes = {k: f.stat().st_size for k, f in files.items()}
    print(f"{args.rows} rows; UTF-8 {sizes['utf-8'] / 1e6:.1f} MB, cp1258 {sizes['windows-1258'] / 1e6:.1f} MB")

    from ckan.common import config
    from ckanext.thanhhoa.operations.preflight import read_config
    from ckanext.thanhhoa.outbound import proxy
    from ckanext.thanhhoa.testing.portal import served
    from urllib.parse import urlsplit

    flask_app = portal.flask_app(args.config)
    options = read_config(args.config)
    address = urlsplit(options["ckan.download_proxy"])
    server = proxy.serve(address.hostname, address.port, proxy.allowed_for(options))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with flask_app.test_request_context():
        from ckan.tests import factories, helpers
        portal.empty_portal()
        admin = factories.SysadminWithToken()
        agency = factories.Organization()
        config["ckanext.xloader.api_token"] = admin["token"]
        dataset = helpers.call_action("package_create", {"user": admin["name"]}, **bench_dataset(agency["id"]))
        results = {}
        with served(pathlib.Path(args.config), config["ckan.site_url"], ROOT / ".run" / "logs" / "bench-server.log"):
            for encoding in ("utf-8", "windows-1258"):
                hands = {way: by_hand(files["typed"], config["ckan.datastore.write_url"], way)
                         for way in ("update", "insert")}
                print(f"by hand: {hands}")
                hand = min(hands.values())
                elapsed, uploaded, report = through_portal(files[encoding], admin["name"], dataset["id"])
                results[encoding] = (elapsed, uploaded, hand, report)
    server.shutdown()
    # the reference: the fastest by-hand run of the whole run (the same typed
    # rows each time; this machine's timings vary by a fifth from run to run)
    best = min(hand for _e, _u, hand, _r in results.values())
    results = {k: (e, u, best, r) for k, (e, u, _h, r) in results.items()}
    print("| file | portal: upload → queryable | of which upload | rows/s | by hand in SQL (the faster way) "
          "| rows/s | portal / by hand |")
    print("|---|---|---|---|---|---|---|")
    for encoding, (elapsed, uploaded, hand, report) in results.items():
        print(f"| {encoding} | {elapsed:.1f} s | {uploaded:.1f} s | {args.rows / elapsed:,.0f} | {hand:.1f} s "
              f"| {args.rows / hand:,.0f} | {hand / elapsed:.0%} |")
        print(f"|  | types: {report['types']} | loader {report.get('seconds')} s | encoding {report['encoding']} |")


def bench_dataset(owner_org: str) -> dict:
    import json
    dataset = json.loads((ROOT / "tests" / "data" / "dataset_full.json").read_text(encoding="utf-8"))
    dataset.update(owner_org=owner_org, name="so-ho-dan-bench", resources=[])
    return dataset


if __name__ == "__main__":
    sys.exit(main())
