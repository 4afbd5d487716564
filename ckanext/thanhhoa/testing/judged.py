"""The judged search set of tests/data/search (test support, used by
bench/search_quality.py and tests/thanhhoa/search/test_quality.py): the
corpus loaded as datasets of the portal, the queries asked as a citizen
asks them, and the measures (recall@10 of the relevant datasets or of ten
when more are relevant, reciprocal rank, graded nDCG@10, "exact diacritics
first" pairs in order on the first page of twenty)."""
from __future__ import annotations

import json
import math
import pathlib
import unicodedata

DATA = pathlib.Path(__file__).resolve().parents[3] / "tests" / "data" / "search"


def corpus() -> list[dict]:
    return json.loads((DATA / "corpus.json").read_text(encoding="utf-8"))["datasets"]


# the judged sets: the portal's own (written before the analysis changed)
# and those written by other authors who saw neither it nor the search's data
SETS = {"own": "judged.json", "second author": "judged-second-author.json",
        "third author": "judged-third-author.json", "fourth author": "judged-fourth-author.json",
        "fifth author": "judged-fifth-author.json", "sixth author": "judged-sixth-author.json"}


def queries(name: str = "own") -> list[dict]:
    return json.loads((DATA / SETS[name]).read_text(encoding="utf-8"))["queries"]


def load(corpus: list[dict]) -> None:
    """The corpus as datasets of the portal, one agency per publisher."""
    from ckan.tests import factories, helpers

    from ckanext.thanhhoa.metadata import text

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


def text_of(query: dict) -> str:
    return unicodedata.normalize("NFD", query["q"]) if "nfd" in query["kinds"] else query["q"]


# the first page of the dataset search (ckan.datasets_per_page): recall,
# MRR and nDCG are of its first ten, the "exact diacritics first" pairs of
# the page a citizen sees (two datasets neither on it count as out of order)
PAGE = 20


def search(query: dict) -> list[str]:
    from ckan.tests import helpers

    found = helpers.call_action("package_search", {"user": ""}, q=text_of(query), rows=PAGE)
    return [d["name"] for d in found["results"]]


def measures(query: dict, ranked: list[str]) -> dict:
    relevant = query["relevant"]
    found = [name for name in ranked[:10] if name in relevant]
    first = next((rank for rank, name in enumerate(ranked[:10], 1) if name in relevant), None)
    gains = [(2 ** relevant.get(name, 0) - 1) / math.log2(rank + 1)
             for rank, name in enumerate(ranked[:10], 1)]
    ideal = [(2 ** grade - 1) / math.log2(rank + 1)
             for rank, grade in enumerate(sorted(relevant.values(), reverse=True)[:10], 1)]
    pairs = []
    for before, after in query.get("must_rank_before", []):     # on the whole page
        rank_before = ranked.index(before) if before in ranked else math.inf
        rank_after = ranked.index(after) if after in ranked else math.inf
        pairs.append(rank_before < rank_after)
    return {"recall": len(found) / min(10, len(relevant)), "rr": 1 / first if first else 0.0,
            "ndcg": sum(gains) / sum(ideal) if ideal else 0.0, "pairs": pairs}


def summary(scored: list[dict]) -> dict:
    n = len(scored) or 1
    pairs = [ok for m in scored for ok in m["pairs"]]
    return {"n": len(scored), "recall": sum(m["recall"] for m in scored) / n,
            "mrr": sum(m["rr"] for m in scored) / n, "ndcg": sum(m["ndcg"] for m in scored) / n,
            "pairs": len(pairs), "pairs_ok": sum(pairs)}

