"""Search speed at scale (not a test): the judged corpus (tests/data/search)
loaded into the portal, then copied in Solr to --datasets documents in the
portal's core and in a core of CKAN's stock chain (bench/solr-stock); the
89 judged queries asked through `package_search` (the API's action, plugins
included) --rounds times on each, after a warm-up round, each query on the
portal and at once on the stock chain. The stock run
differs only by its core and by CKAN's own query (the portal's edismax
fields are left out). Prints p50 and p95 in milliseconds.

    .venv/bin/python bench/search_speed.py [--datasets 10000] [--rounds 5]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import pathlib
import statistics
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parent.parent
import portal  # bench/portal.py, beside this script
import search_quality  # the stock core and the switch between cores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from ckanext.thanhhoa.testing import judged

    queries = judged.queries()
    with portal.flask_app(args.config).test_request_context():
        import ckan.plugins.toolkit as tk

        portal.empty_portal()
        judged.load(judged.corpus())
        stock = search_quality.stock_core()
        own = tk.config["solr_url"]
        for core in (own, stock):
            copy_documents(own, core, args.datasets)
        rows = timings(queries, args.rounds, stock)
    print(f"\nSearch speed: {args.datasets:,} datasets, {len(queries)} queries x {args.rounds} "
          f"rounds through package_search\n")
    print("| chain | p50 (ms) | p95 (ms) |")
    print("|---|---|---|")
    for name, times in rows:
        cut = statistics.quantiles(times, n=20)
        print(f"| {name} | {statistics.median(times):.1f} | {cut[18]:.1f} |")
    p50 = [statistics.median(times) for _, times in rows]
    print(f"\nportal p50 / stock p50 = {p50[0] / p50[1]:.2f}")


def copy_documents(source: str, target: str, total: int) -> None:
    """`total` documents in `target`: the corpus's documents of `source`,
    copied under new ids, labelled open (the label is not stored)."""
    from ckanext.thanhhoa.access.labels import PUBLIC

    fields = requests.get(f"{source}/select", timeout=60, params={
        "q": "*:*", "fl": "*", "rows": 10000, "wt": "json"}).json()["response"]["docs"]
    requests.post(f"{target}/update", params={"commit": "true"}, json={"delete": {"query": "*:*"}},
                  timeout=120).raise_for_status()
    batch = []
    for number in range(total):
        doc = dict(fields[number % len(fields)])
        for key in ("_version_", "indexed_ts", "name_ngram", "title_ngram"):   # made by copyField
            doc.pop(key, None)
        doc.update(id=f"{doc['id']}-{number}", index_id=f"{doc['index_id']}-{number}",
                   name=f"{doc['name']}-{number}", permission_labels=[PUBLIC])
        batch.append(doc)
        if len(batch) == 1000 or number == total - 1:
            requests.post(f"{target}/update", data=json.dumps(batch), timeout=300,
                          headers={"Content-Type": "application/json"}).raise_for_status()
            batch = []
    requests.get(f"{target}/update", params={"commit": "true"}, timeout=300).raise_for_status()


def timings(queries: list[dict], rounds: int, stock_core: str) -> list[tuple[str, list[float]]]:
    """Each query on both chains one after the other, each first in turn,
    so that what else the machine does weighs on both alike."""
    from ckan.tests import helpers

    from ckanext.thanhhoa.search import query as portal_query
    from ckanext.thanhhoa.testing.judged import text_of

    times: dict[str, list[float]] = {"portal": [], "stock CKAN": []}
    for round_ in range(rounds + 1):
        for number, q in enumerate(queries):
            for chain in sorted(times, reverse=bool(number % 2)):     # each first in turn
                stock = chain != "portal"
                with (search_quality.solr_core(stock_core) if stock else contextlib.nullcontext()), \
                        _stock_query(stock, portal_query):
                    start = time.perf_counter()
                    helpers.call_action("package_search", {"user": ""}, q=text_of(q), rows=10)
                    if round_:            # round 0 warms the caches
                        times[chain].append(1000 * (time.perf_counter() - start))
    return list(times.items())


@contextlib.contextmanager
def _stock_query(stock: bool, portal_query):
    """CKAN's own query instead of the portal's edismax fields."""
    original = portal_query.search_params
    if stock:
        portal_query.search_params = lambda params: params
    try:
        yield
    finally:
        portal_query.search_params = original


if __name__ == "__main__":
    main()
