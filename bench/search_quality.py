"""Search quality on a judged set (not a test): the corpus and queries of
tests/data/search/ are loaded into the portal (test.ini, its databases and
Solr core emptied first), then every query is asked twice in the same run:

- the portal: `package_search` as a citizen would call it, through the
  suite's plugins, against the portal's configset (solr/configsets/ckan);
- CKAN's stock chain: the same index documents in a core of CKAN 2.12's own
  schema and the portal's solrconfig as they were before the search issue
  (bench/solr-stock), queried as CKAN builds a query without plugins
  (`PackageSearchQuery.run`).

It prints recall@10 (of the relevant datasets, or of ten when more are
relevant), MRR and nDCG@10 (graded), overall and per kind of query, and
whether each "exact diacritics first" pair is in order.

    .venv/bin/python bench/search_quality.py [--show-misses]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import pathlib
import shutil
import unicodedata

import requests

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "search"
STOCK_CONF = ROOT / "bench" / "solr-stock" / "conf"
STOCK_CORE = "ckan_stock_bench"
import portal  # bench/portal.py, beside this script


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    corpus = json.loads((DATA / "corpus.json").read_text(encoding="utf-8"))["datasets"]
    queries = json.loads((DATA / "judged.json").read_text(encoding="utf-8"))["queries"]
    with portal.flask_app(args.config).test_request_context():
        load(corpus)
        stock = stock_core()
        results = {"portal": [portal_search(q) for q in queries],
                   "stock CKAN": [stock_search(stock, q) for q in queries]}
    report(queries, results, args.show_misses)


# --- the corpus -----------------------------------------------------------------

def load(corpus: list[dict]) -> None:
    """The corpus as datasets of the portal, one agency per publisher."""
    from ckan.tests import factories, helpers
    from ckanext.thanhhoa.metadata import text

    portal.empty_portal()
    admin = factories.Sysadmin()
    context = {"user": admin["name"]}
    agencies: dict[str, str] = {}
    for number, item in enumerate(corpus):
        agency = item.get("agency") or "Ủy ban nhân dân tỉnh Thanh Hóa"
        if agency not in agencies:
            agencies[agency] = helpers.call_action(
                "organization_create", dict(context), name=f"{text.slugify(agency)[:80]}-{len(agencies)}",
                title=agency, agency_code=f"{100 + len(agencies) // 100:03d}.{len(agencies) % 100:02d}.10.H56")["id"]
        title = {"vi": item["title_vi"], **({"en": item["title_en"]} if item.get("title_en") else {})}
        notes = {"vi": item.get("notes_vi", ""), **({"en": item["notes_en"]} if item.get("notes_en") else {})}
        helpers.call_action(
            "package_create", dict(context), name=item["id"], title_translated=title,
            notes_translated=notes, tag_string=",".join(t.replace(",", " ") for t in item.get("tags", [])),
            sectors=[item["sector"]] if item.get("sector") else [],
            admin_units=item.get("admin_units", []), frequency=item.get("frequency") or "",
            access_level="mo", license_id="cc-by-4.0", owner_org=agencies[agency],
            contact=[{"name": agency, "email": f"dulieu{number}@thanhhoa.gov.vn"}])


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
    """CKAN's searches and writes go to this core inside the block."""
    import ckan.plugins.toolkit as tk

    portal_url = tk.config["solr_url"]
    tk.config["solr_url"] = url
    try:
        yield
    finally:
        tk.config["solr_url"] = portal_url


# --- the searches ---------------------------------------------------------------

def text_of(query: dict) -> str:
    return unicodedata.normalize("NFD", query["q"]) if "nfd" in query["kinds"] else query["q"]


def portal_search(query: dict) -> list[str]:
    from ckan.tests import helpers

    found = helpers.call_action("package_search", {"user": ""}, q=text_of(query), rows=10)
    return [d["name"] for d in found["results"]]


def stock_search(core_url: str, query: dict) -> list[str]:
    from ckan.lib.search.query import PackageSearchQuery

    with solr_core(core_url):
        found = PackageSearchQuery().run({"q": text_of(query), "rows": 10, "fl": "name",
                                          "fq": "+dataset_type:dataset"},
                                         permission_labels=["public"])
    return [d if isinstance(d, str) else d["name"] for d in found["results"]][:10]


# --- the measures ---------------------------------------------------------------

def measures(query: dict, ranked: list[str]) -> dict:
    relevant = query["relevant"]
    found = [name for name in ranked[:10] if name in relevant]
    first = next((rank for rank, name in enumerate(ranked[:10], 1) if name in relevant), None)
    gains = [(2 ** relevant.get(name, 0) - 1) / math.log2(rank + 1)
             for rank, name in enumerate(ranked[:10], 1)]
    ideal = [(2 ** grade - 1) / math.log2(rank + 1)
             for rank, grade in enumerate(sorted(relevant.values(), reverse=True)[:10], 1)]
    pairs = []
    for before, after in query.get("must_rank_before", []):
        rank_before = ranked.index(before) if before in ranked else math.inf
        rank_after = ranked.index(after) if after in ranked else math.inf
        pairs.append(rank_before < rank_after)
    return {"recall": len(found) / min(10, len(relevant)), "rr": 1 / first if first else 0.0,
            "ndcg": sum(gains) / sum(ideal) if ideal else 0.0, "pairs": pairs}


def report(queries: list[dict], results: dict[str, list[list[str]]], show_misses: bool) -> None:
    kinds = sorted({kind for q in queries for kind in q["kinds"]})
    table = {}
    for system, ranked_lists in results.items():
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
    print(f"\nSearch quality, {len(queries)} judged queries "
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


def summary(scored: list[dict]) -> dict:
    n = len(scored) or 1
    pairs = [ok for m in scored for ok in m["pairs"]]
    return {"n": len(scored), "recall": sum(m["recall"] for m in scored) / n,
            "mrr": sum(m["rr"] for m in scored) / n, "ndcg": sum(m["ndcg"] for m in scored) / n,
            "pairs": len(pairs), "pairs_ok": sum(pairs)}


if __name__ == "__main__":
    main()
