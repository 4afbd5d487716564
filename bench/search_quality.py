"""Search quality on a judged set (not a test): the corpus and queries of
tests/data/search/ are loaded into the portal (test.ini, its databases and
Solr core emptied first), then every query is asked twice in the same run:

- the portal: `package_search` as a citizen would call it, through the
  suite's plugins, against the portal's configset (solr/configsets/ckan);
- CKAN's stock chain: the same index documents in a core of CKAN 2.12's own
  schema and the portal's solrconfig as they were before the search issue
  (bench/solr-stock), queried as CKAN builds a query without plugins
  (`PackageSearchQuery.run`).

Every judged set of testing/judged.SETS is asked: the portal's own and the
sets written by other authors, who saw neither it nor the search's data
(abbreviations, glossary, related terms). It prints recall@10 (of the
relevant datasets, or of ten when more are relevant), MRR and nDCG@10
(graded), overall and per kind of query, and whether each "exact
diacritics first" pair is in order.

    .venv/bin/python bench/search_quality.py [--show-misses] [--set own]
"""
from __future__ import annotations

import argparse
import contextlib
import pathlib
import shutil

import requests

ROOT = pathlib.Path(__file__).resolve().parent.parent
STOCK_CONF = ROOT / "bench" / "solr-stock" / "conf"
STOCK_CORE = "ckan_stock_bench"
import portal  # bench/portal.py, beside this script


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--set", dest="sets", action="append",
                        help="a judged set of testing/judged.SETS (all by default)")
    args = parser.parse_args()
    from ckanext.thanhhoa.testing import judged

    with portal.flask_app(args.config).test_request_context():
        portal.empty_portal()
        judged.load(judged.corpus())
        stock = stock_core()
        for name in args.sets or list(judged.SETS):
            queries = judged.queries(name)
            results = {"portal": [judged.search(q) for q in queries],
                       "stock CKAN": [stock_search(stock, q) for q in queries]}
            report(f"{name} set", queries, results, args.show_misses)


# --- the corpus -----------------------------------------------------------------

def stock_core():
    """A core of CKAN's stock chain holding the portal's index documents."""
    import ckan.plugins.toolkit as tk
    from ckan.lib import search

    base = tk.config["solr_url"].rsplit("/", 1)[0]
    home = ROOT / ".run" / "solr" / STOCK_CORE
    requests.get(f"{base}/admin/cores", params={"action": "UNLOAD", "core": STOCK_CORE,
                                                "deleteIndex": "true"}, timeout=60)
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(STOCK_CONF, home / "conf")
    created = requests.get(f"{base}/admin/cores", params={
        "action": "CREATE", "name": STOCK_CORE, "instanceDir": str(home)}, timeout=120)
    created.raise_for_status()
    with solr_core(f"{base}/{STOCK_CORE}"):
        search.rebuild(force=True, quiet=True)   # the same documents, CKAN's own indexing pipeline
    return f"{base}/{STOCK_CORE}"


@contextlib.contextmanager
def solr_core(url: str):
    """CKAN's searches and writes go to this core inside the block (its
    search and index modules make their connections with make_connection,
    which reads the app's solr_url)."""
    import importlib

    import pysolr

    index = importlib.import_module("ckan.lib.search.index")
    query = importlib.import_module("ckan.lib.search.query")

    def make_connection(decode_dates: bool = True) -> pysolr.Solr:
        return pysolr.Solr(url, timeout=60)

    saved = index.make_connection, query.make_connection
    index.make_connection = query.make_connection = make_connection
    try:
        yield
    finally:
        index.make_connection, query.make_connection = saved


def stock_search(core_url: str, query: dict) -> list[str]:
    from ckan.lib.search.query import PackageSearchQuery

    from ckanext.thanhhoa.testing.judged import PAGE, text_of

    with solr_core(core_url):
        found = PackageSearchQuery().run({"q": text_of(query), "rows": PAGE, "fl": "name",
                                          "fq": "+dataset_type:dataset"},
                                         permission_labels=["public"])
    return [d if isinstance(d, str) else d["name"] for d in found["results"]][:PAGE]


# --- the measures ---------------------------------------------------------------

def report(title: str, queries: list[dict], results: dict[str, list[list[str]]], show_misses: bool) -> None:
    kinds = sorted({kind for q in queries for kind in q["kinds"]})
    table = {}
    for system, ranked_lists in results.items():
        from ckanext.thanhhoa.testing.judged import measures, summary

        scored = [measures(q, ranked) for q, ranked in zip(queries, ranked_lists)]
        rows = {"all": scored}
        for kind in kinds:
            rows[kind] = [m for q, m in zip(queries, scored) if kind in q["kinds"]]
        table[system] = {name: summary(ms) for name, ms in rows.items()}
        if show_misses:
            print(f"\n{system}: queries not perfect")
            for q, m, ranked in zip(queries, scored, ranked_lists):
                if m["recall"] < 1 or m["rr"] < 1 or not all(m["pairs"]):
                    missing = [name for name in q["relevant"] if name not in ranked[:10]]
                    print(f"  {q['q']!r} {q['kinds']}: recall {m['recall']:.2f}, rr {m['rr']:.2f}, "
                          f"pairs {m['pairs']}, missing {missing}, top3 {ranked[:3]}")

    systems = list(results)
    print(f"\nSearch quality, {title}: {len(queries)} judged queries "
          f"({sum(len(q['relevant']) for q in queries)} relevant pairs)\n")
    print("| queries | n | " + " | ".join(f"{s}: recall@10 / MRR / nDCG@10" for s in systems)
          + " | exact-diacritics pairs in order |")
    print("|---|---|" + "---|" * len(systems) + "---|")
    for name in ["all"] + kinds:
        cells = []
        for system in systems:
            row = table[system][name]
            cells.append(f"{row['recall']:.2f} / {row['mrr']:.2f} / {row['ndcg']:.2f}")
        pairs = " · ".join(f"{table[s][name]['pairs_ok']}/{table[s][name]['pairs']}" for s in systems)
        print(f"| {name} | {table[systems[0]][name]['n']} | " + " | ".join(cells) + f" | {pairs} |")




if __name__ == "__main__":
    main()
