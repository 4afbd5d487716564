"""The public statistics (/thong-ke): datasets by sector, agency, access
level, format and licence (counts of every published dataset: shared and
internal ones are counted, never named), growth per month, and the open
datasets most viewed (CKAN's tracking) and most downloaded (downloads.py).

Counts come from one search (facets over every active dataset, whoever
asks) and three SQL queries; the lists name open datasets only."""
from __future__ import annotations

import datetime
import json

import sqlalchemy as sa

FACETS = ("vocab_sectors", "owner_org", "access_level", "res_format", "license_id")
TOP = 10
OPEN = "p.state = 'active' AND p.type = 'dataset' AND NOT p.private AND coalesce(p.extras->>'access_level', 'mo') = 'mo'"

_GROWTH = sa.text("""
    SELECT to_char(date_trunc('month', p.metadata_created), 'YYYY-MM') AS month, count(*) AS added,
           count(*) FILTER (WHERE NOT p.private AND coalesce(p.extras->>'access_level', 'mo') = 'mo') AS added_open
    FROM package p WHERE p.state = 'active' AND p.type = 'dataset'
    GROUP BY 1 ORDER BY 1""")
_VIEWED = sa.text(f"""
    SELECT p.name, p.title, sum(t.count) AS views
    FROM tracking_summary t JOIN package p ON p.id = t.package_id
    WHERE t.tracking_type = 'page' AND {OPEN}
    GROUP BY p.name, p.title ORDER BY views DESC, p.name LIMIT :top""")
_DOWNLOADED = sa.text(f"""
    SELECT p.name, p.title, sum(d.count) AS downloads,
           sum(d.count) FILTER (WHERE d.kind = 'file') AS file,
           sum(d.count) FILTER (WHERE d.kind = 'dump') AS dump,
           sum(d.count) FILTER (WHERE d.kind = 'api') AS api
    FROM thanhhoa_download d JOIN package p ON p.id = d.package_id
    WHERE {OPEN} GROUP BY p.name, p.title ORDER BY downloads DESC, p.name LIMIT :top""")
_DOWNLOADS = sa.text("""
    SELECT d.kind, sum(d.count) AS total, sum(d.count) FILTER (WHERE d.day > :since) AS recent
    FROM thanhhoa_download d JOIN package p ON p.id = d.package_id
    WHERE p.state = 'active' GROUP BY d.kind""")
_RESOURCES = sa.text("""
    SELECT count(*) FROM resource r JOIN package p ON p.id = r.package_id
    WHERE r.state = 'active' AND p.state = 'active' AND p.type = 'dataset'""")


def growth(rows: list[tuple[str, int, int]], months: int, today: datetime.date) -> list[dict]:
    """Per month of the last `months` (to this one): datasets added and the
    total at its end, all and open (pure)."""
    added = {month: (n, n_open) for month, n, n_open in rows}
    first = datetime.date(today.year, today.month, 1)
    series = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        series.append(f"{year:04d}-{month + 1:02d}")
    before = [v for m, v in added.items() if m < series[0]]
    total, total_open = sum(v[0] for v in before), sum(v[1] for v in before)
    out = []
    for month in series:
        n, n_open = added.get(month, (0, 0))
        total, total_open = total + n, total_open + n_open
        out.append({"month": month, "added": n, "added_open": n_open, "total": total, "total_open": total_open})
    return out


def known_formats(facet: dict, other: str) -> dict:
    """The format facet with the formats of the DCAT mapping only; a format
    typed by hand (perhaps on a shared or internal file: these counts cover
    every access level) is counted as `other`, never shown (pure)."""
    from ckanext.thanhhoa.dcat import mapping

    items, rest = [], 0
    for item in facet.get("items", []):
        if mapping.file_type(item["name"])[0]:
            items.append(item)
        else:
            rest += item["count"]
    if rest:
        items.append({"name": "other", "display_name": other, "count": rest})
    return dict(facet, items=items)


def _facets(found: dict, labels: dict) -> dict[str, list[dict]]:
    out = {}
    for field in FACETS:
        items = (found.get("search_facets", {}).get(field) or {}).get("items", [])
        rows = [{"code": i["name"], "label": labels.get(field, {}).get(i["name"]) or i.get("display_name") or i["name"],
                 "count": i["count"]} for i in items]
        out[field] = sorted(rows, key=lambda r: (-r["count"], r["label"]))
    return out


def _labels(found: dict) -> dict:
    import ckan.plugins.toolkit as tk

    from ckanext.thanhhoa.metadata.derived import agencies
    from ckanext.thanhhoa.theme.helpers import vocab_label

    facets = found.get("search_facets", {})
    codes = {f: [i["name"] for i in (facets.get(f) or {}).get("items", [])] for f in FACETS}
    licences = {lic["id"]: lic["title"] for lic in tk.get_action("license_list")({}, {})}
    return {
        "vocab_sectors": {c: vocab_label("sectors", c) for c in codes["vocab_sectors"]},
        "access_level": {c: vocab_label("access_levels", c) for c in codes["access_level"]},
        "owner_org": {i: a.get("title") or a.get("name") for i, a in agencies(codes["owner_org"]).items()},
        "license_id": {c: licences.get(c, c) for c in codes["license_id"]},
    }


def figures(today: datetime.date, months: int = 24) -> dict:
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    # published datasets of every access level (drafts are private in CKAN)
    found = tk.get_action("package_search")({"ignore_auth": True}, {
        "q": "*:*", "rows": 0, "facet.field": json.dumps(FACETS), "facet.limit": -1, "facet.mincount": 1})
    found["search_facets"]["res_format"] = known_formats(found["search_facets"].get("res_format") or {},
                                                         tk._("Other"))
    connection = model.Session.connection()
    by_kind = {row.kind: row for row in connection.execute(
        _DOWNLOADS, {"since": today - datetime.timedelta(days=30)})}
    by_level = {row["code"]: row["count"] for row in _facets(found, {})["access_level"]}
    return {
        "date": today.isoformat(),
        "totals": {
            "datasets": found["count"],
            "open": by_level.get("mo", 0), "shared": by_level.get("dung-chung", 0),
            "internal": by_level.get("dung-rieng", 0),
            "resources": connection.execute(_RESOURCES).scalar(),
            "agencies": len((found.get("search_facets", {}).get("owner_org") or {}).get("items", [])),
            "downloads": sum(int(r.total or 0) for r in by_kind.values()),
            "downloads_30_days": sum(int(r.recent or 0) for r in by_kind.values()),
        },
        "downloads_by_kind": {kind: int(by_kind[kind].total) if kind in by_kind else 0
                              for kind in ("file", "dump", "api")},
        "by": _facets(found, _labels(found)),
        "growth": growth([tuple(r) for r in connection.execute(_GROWTH)], months, today),
        "most_viewed": [dict(r._mapping, views=int(r.views)) for r in connection.execute(_VIEWED, {"top": TOP})],
        "most_downloaded": [{"name": r.name, "title": r.title, "downloads": int(r.downloads),
                             "file": int(r.file or 0), "dump": int(r.dump or 0), "api": int(r.api or 0)}
                            for r in connection.execute(_DOWNLOADED, {"top": TOP})],
    }
