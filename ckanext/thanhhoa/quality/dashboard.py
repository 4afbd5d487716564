"""The quality dashboard's numbers (/chat-luong and its CSV): read from the
search index, where every dataset carries its score, rating, missing
criteria, broken-link count and last update (quality/assess.py), so the
whole portal is summed without computing a score.

Who sees what: the open datasets for everyone; a steward also their own
agencies' shared and internal datasets (`visible_rows`); a sysadmin all."""
from __future__ import annotations

import datetime

from ckanext.thanhhoa.quality import overdue, scoring

FIELDS = ("id", "name", "title", "owner_org", "access_level", "frequency", "quality_score",
          "quality_rating", "quality_missing", "quality_broken_links", "quality_last_update")
PAGE = 1000
FIXES = {c.key: (c.fix, c.points) for c in scoring.CRITERIA}


def today() -> datetime.date:
    return datetime.date.today()


def _own_agencies(context) -> list[str] | None:
    """The ids of the caller's agencies; None for a sysadmin (every one)."""
    import ckan.authz as authz
    import ckan.plugins.toolkit as tk

    user = context.get("user")
    if not user:
        return []
    if authz.is_sysadmin(user):
        return None
    return [o["id"] for o in tk.get_action("organization_list_for_user")(
        {"user": user}, {"permission": "read", "include_dataset_count": False})]


def visible_rows(context, owner_org: str | None = None) -> list[dict]:
    """The index fields of the datasets the caller may see on the dashboard,
    lowest score first.

    Solr is asked as package_search asks it, with the caller's permission
    labels (CKAN's rule: none for a sysadmin) and active datasets only, but
    not through package_search: CKAN's tracking plugin reads each result's
    views in one SQL query apiece (6,650 rows: 6.3 of 6.8 s)."""
    import ckan.authz as authz
    import ckan.lib.plugins as lib_plugins
    import ckan.lib.search as search
    import ckan.model as model

    own = _own_agencies(context)
    filters = ["+state:active", "+dataset_type:dataset"]
    if own is not None:
        agencies = " OR ".join(f'"{i}"' for i in own)
        filters.append(f"+(access_level:mo OR owner_org:({agencies}))" if own else "+access_level:mo")
    if owner_org:
        filters.append(f'+owner_org:"{owner_org}"')
    user = context.get("user")
    labels = None if user and authz.is_sysadmin(user) else \
        lib_plugins.get_permission_labels().get_user_dataset_labels(context.get("auth_user_obj"))
    rows, start = [], 0
    while True:
        query = search.query_for(model.Package)
        query.run({"q": "*:*", "fq": " ".join(filters), "fl": " ".join(FIELDS), "rows": PAGE,
                   "start": start, "sort": "quality_score asc, name asc"}, permission_labels=labels)
        rows += query.results
        start += len(query.results)   # ckan.search.rows_max may give fewer than asked
        if start >= query.count or not query.results:
            return rows


def _due(row: dict, day: datetime.date):
    return overdue.due({"frequency": row.get("frequency"), "modified": row.get("quality_last_update")}, day)


def summarize(rows: list[dict], day: datetime.date, checks: dict, translate=lambda s: s) -> dict:
    """Per agency: datasets, mean score, datasets per rating, broken links,
    overdue; the datasets (lowest score first) with what to fix; broken
    links with their checks; overdue datasets, latest first."""
    agencies: dict[str, dict] = {}
    datasets = []
    fixes = {key: translate(fix) for key, (fix, _) in FIXES.items()}   # once, not per dataset
    for row in rows:
        score = int(row.get("quality_score") or 0)
        due = _due(row, day)
        missing = [key for key in row.get("quality_missing") or [] if key in FIXES]
        dataset = {
            "id": row["id"], "name": row.get("name"), "title": row.get("title"),
            "owner_org": row.get("owner_org"), "access_level": row.get("access_level"),
            "score": score, "rating": row.get("quality_rating") or scoring.rating(score),
            "missing": [fixes[key] for key in sorted(missing, key=lambda k: -FIXES[k][1])],
            "broken_links": int(row.get("quality_broken_links") or 0),
            "last_update": due.last_update.isoformat() if due else (row.get("quality_last_update") or "")[:10],
            "due": due.due.isoformat() if due else None,
            "days_late": due.days_late if due and due.overdue else 0,
        }
        datasets.append(dataset)
        agency = agencies.setdefault(dataset["owner_org"], {
            "datasets": 0, "score_total": 0, "ratings": {name: 0 for name, _ in scoring.RATINGS},
            "broken_links": 0, "overdue": 0})
        agency["datasets"] += 1
        agency["score_total"] += score
        agency["ratings"][dataset["rating"]] += 1
        agency["broken_links"] += dataset["broken_links"]
        agency["overdue"] += bool(dataset["days_late"])
    for agency in agencies.values():
        agency["score_mean"] = round(agency.pop("score_total") / agency["datasets"])
    broken = []
    for dataset in datasets:
        for resource_id, check in sorted((checks.get(dataset["id"]) or {}).items()):
            if not check["ok"]:
                broken.append({"dataset": dataset, "resource_id": resource_id, **check})
    return {
        "total": len(datasets),
        "ratings": {name: sum(1 for d in datasets if d["rating"] == name) for name, _ in scoring.RATINGS},
        "agencies": agencies,
        "datasets": datasets,
        "broken": broken,
        "overdue": sorted((d for d in datasets if d["days_late"]), key=lambda d: -d["days_late"]),
    }
