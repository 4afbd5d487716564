"""Benchmark of the DCAT catalogue (not a test): serve `/catalog.ttl` with
ckanext-dcat's stock `euro_dcat_ap_3` profile and with the portal's chain
(`euro_dcat_ap_3` then `thanhhoa`), on the same datasets, in one run:

* one page of 100 datasets, served N times for each (interleaved), median;
* a walk of the whole catalogue, page after page, for each.

    .venv/bin/python bench/dcat_catalog.py --datasets 10000

It uses the test databases of test.ini and empties them first. The datasets
are made with package_create (the fixture catalogue of the tests, varied),
Solr committing once at the end.
"""
from __future__ import annotations

import argparse
import copy
import json
import pathlib
import statistics
import sys
import time

import portal  # bench/portal.py, beside this script

ROOT = pathlib.Path(__file__).resolve().parent.parent
STOCK = "euro_dcat_ap_3"
PORTAL = "euro_dcat_ap_3,thanhhoa"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--config", default=str(ROOT / "test.ini"))
    parser.add_argument("--reuse", action="store_true",
                        help="keep the datasets of an earlier run (same count)")
    args = parser.parse_args()

    # every page made, not read from the cache of pages (dcat/cache.py)
    flask_app = portal.flask_app(args.config, **{"ckan.search.solr_commit": "false",
                                                 "ckanext.thanhhoa.catalog.cache_seconds": 0})
    with flask_app.test_request_context():
        if not args.reuse:
            load(args.datasets)
    measure(flask_app.test_client(), args.repeat)


def load(count: int) -> None:
    import ckan.lib.search as search
    from ckan.tests import factories, helpers

    portal.empty_portal()

    fixture = json.loads((ROOT / "tests" / "data" / "dcat" / "catalogue.json").read_text("utf-8"))
    admin = factories.Sysadmin()
    context = lambda: {"user": admin["name"]}  # noqa: E731
    orgs = [helpers.call_action("organization_create", context(), **a) for a in fixture["agencies"]]
    templates = [d for d in fixture["datasets"] if d["access_level"] == "mo"]
    start = time.perf_counter()
    for i in range(count):
        item = copy.deepcopy(templates[i % len(templates)])
        item.pop("datastore", None)
        key, agency = item.pop("key"), item.pop("agency")
        item["title_translated"] = {lang: f"{text} ({i})" for lang, text in item["title_translated"].items()}
        helpers.call_action("package_create", context(), name=f"{key}-{i}",
                            owner_org=orgs[agency]["id"], **item)
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} datasets, {time.perf_counter() - start:.0f} s", flush=True)
    search.commit()


def get(client, url: str) -> tuple[float, str]:
    start = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return seconds, response.get_data(as_text=True)


def measure(client, repeat: int) -> None:
    import rdflib

    pages = {STOCK: [], PORTAL: []}
    get(client, f"/catalog.ttl?profiles={STOCK}")        # warm caches
    get(client, f"/catalog.ttl?profiles={PORTAL}")
    for _ in range(repeat):
        for profiles in (STOCK, PORTAL):
            pages[profiles].append(get(client, f"/catalog.ttl?page=1&profiles={profiles}")[0])

    # Walk the whole catalogue with each, page by page, interleaved so that
    # both see the same machine. Only serving is timed; the pages are parsed
    # afterwards to count the datasets they hold.
    walks = {STOCK: 0.0, PORTAL: 0.0}
    seen = {STOCK: 0, PORTAL: 0}
    triples = {}
    dataset_type = rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")
    page = 0
    while True:
        page += 1
        found = {}
        for profiles in (STOCK, PORTAL):
            seconds, body = get(client, f"/catalog.ttl?page={page}&profiles={profiles}")
            walks[profiles] += seconds
            graph = rdflib.Graph().parse(data=body, format="turtle")
            triples.setdefault(profiles, len(graph))
            found[profiles] = len(set(graph.subjects(rdflib.RDF.type, dataset_type)))
            seen[profiles] += found[profiles]
        if not any(found.values()):
            break
    walks = {p: (walks[p], seen[p], page - 1) for p in walks}

    stock_page, portal_page = statistics.median(pages[STOCK]), statistics.median(pages[PORTAL])
    print(f"\nDCAT catalogue benchmark: /catalog.ttl, 100 datasets a page, {walks[STOCK][1]} datasets\n")
    print("| profiles | one page, median of %d (s) | triples on page 1 | whole catalogue (s) | pages |" % repeat)
    print("|---|---|---|---|---|")
    for profiles, page in ((STOCK, stock_page), (PORTAL, portal_page)):
        seconds, datasets, count = walks[profiles]
        print(f"| `{profiles}` | {page:.3f} | {triples[profiles]} | {seconds:.1f} | {count} |")
    print(f"\nratio (portal / stock): one page {portal_page / stock_page:.2f}, "
          f"whole catalogue {walks[PORTAL][0] / walks[STOCK][0]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
