"""A dataset's quality as the portal shows it (package_show's `quality`,
search results, the dashboard) and indexes it: the score of scoring.py on
the stored link checks and conformance verdict, the overdue state of
overdue.py, what to fix in the page's language."""
from __future__ import annotations

import datetime
import functools

from ckanext.thanhhoa.quality import overdue, scoring, store


def facts(dataset: dict, checks: dict, verdict: dict | None) -> scoring.Facts:
    """A check counts for the link the resource has now (a changed link
    waits for its own check)."""
    links = {}
    for resource in dataset.get("resources") or []:
        check = checks.get(resource.get("id"))
        if check and check["url"] == resource.get("url"):
            links[resource["id"]] = check["ok"]
    return scoring.Facts(dataset, links, verdict["conformant"] if verdict else None)


def quality(dataset: dict, checks: dict, verdict: dict | None, today: datetime.date,
            translate=lambda s: s) -> dict:
    found = facts(dataset, checks, verdict)
    result = scoring.score(found)
    due = overdue.due(dataset, today)
    return {
        "score": result["score"],
        "rating": result["rating"],
        "dimensions": result["dimensions"],
        "missing": [translate(fix) for _, fix, _ in result["missing"]],
        "missing_criteria": [key for key, _, _ in result["missing"]],
        "broken_links": sorted(rid for rid, ok in found.links.items() if not ok),
        "dcat_ap_conformant": found.conformant,
        "last_update": due.last_update.isoformat() if due else None,
        "overdue": {"due": due.due.isoformat(), "days_late": due.days_late} if due and due.overdue else None,
    }


def fill_all(datasets: list) -> None:
    """`quality` on each dataset dict of a list, its checks read in two queries."""
    import ckan.plugins.toolkit as tk

    datasets = [d for d in datasets if isinstance(d, dict) and d.get("id")]
    if not datasets:
        return
    ids = [d["id"] for d in datasets]
    checks, verdicts = store.links(ids), store.verdicts(ids)
    today = datetime.date.today()
    translate = functools.lru_cache(maxsize=None)(tk._)   # 23 fixes, not 23 per dataset of a page
    for dataset in datasets:
        dataset["quality"] = quality(dataset, checks.get(dataset["id"], {}), verdicts.get(dataset["id"]),
                                     today, translate)


def index_fields(dataset: dict) -> dict:
    """The index fields of a dataset's `quality` (sorting, facets, the dashboard)."""
    shown = dataset.get("quality")
    if not isinstance(shown, dict):
        return {}
    fields = {
        "quality_score": shown["score"],
        "quality_rating": shown["rating"],
        "quality_missing": shown["missing_criteria"],
        "quality_broken_links": len(shown["broken_links"]),
    }
    if shown.get("last_update"):
        fields["quality_last_update"] = shown["last_update"] + "T00:00:00Z"
    return fields
