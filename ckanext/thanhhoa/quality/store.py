"""The link checks and DCAT-AP conformance verdicts the score reads, in the
portal's tables (migration/thanhhoa: `ckan db upgrade`). Defined on CKAN's
metadata, so that CKAN's own reset of a test database empties them too."""
from __future__ import annotations

import datetime
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from ckan.model import meta

link_check = sa.Table(
    "thanhhoa_link_check", meta.metadata,
    sa.Column("resource_id", sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
    sa.Column("url", sa.UnicodeText, nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Column("status", sa.Integer),
    sa.Column("seconds", sa.Float),
    sa.Column("content_type", sa.UnicodeText),
    sa.Column("size", sa.BigInteger),
    sa.Column("final_url", sa.UnicodeText),
    sa.Column("error", sa.UnicodeText),
    sa.Column("checked", sa.DateTime(timezone=True), nullable=False),
    sa.Column("broken_since", sa.DateTime(timezone=True)),
    extend_existing=True,
)

conformance = sa.Table(
    "thanhhoa_conformance", meta.metadata,
    sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("conformant", sa.Boolean, nullable=False),
    sa.Column("messages", sa.JSON, nullable=False),
    sa.Column("checked", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)

LINK_FIELDS = ("url", "ok", "status", "seconds", "content_type", "size", "final_url", "error")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _plain(row) -> dict:
    out = dict(row._mapping)
    for key in ("checked", "broken_since"):
        if out.get(key):
            out[key] = out[key].isoformat(timespec="seconds")
    return out


def links(package_ids: Iterable[str]) -> dict[str, dict[str, dict]]:
    """package id -> resource id -> the resource's last check."""
    ids = list({i for i in package_ids if i})
    found: dict[str, dict[str, dict]] = {i: {} for i in ids}
    if ids:
        rows = meta.Session.execute(sa.select(link_check).where(link_check.c.package_id.in_(ids)))
        for row in rows:
            found[row.package_id][row.resource_id] = _plain(row)
    return found


def current(checks: dict[str, dict[str, dict]]) -> dict[str, dict[str, dict]]:
    """The checks of resources still active, for the link they have now (a
    file kept by the portal: whatever its address; its storage was checked)."""
    from ckan import model

    ids = [rid for found in checks.values() for rid in found]
    if not ids:
        return checks
    rows = meta.Session.query(model.Resource.id, model.Resource.url, model.Resource.url_type).filter(
        model.Resource.id.in_(ids), model.Resource.state == "active")
    now = {row.id: row for row in rows}

    def holds(rid, check):
        row = now.get(rid)
        return row is not None and (row.url_type in ("upload", "datastore") or row.url == check["url"])

    return {pid: {rid: c for rid, c in found.items() if holds(rid, c)} for pid, found in checks.items()}


def verdicts(package_ids: Iterable[str]) -> dict[str, dict]:
    """package id -> its DCAT-AP conformance verdict (absent: not checked)."""
    ids = list({i for i in package_ids if i})
    if not ids:
        return {}
    rows = meta.Session.execute(sa.select(conformance).where(conformance.c.package_id.in_(ids)))
    return {row.package_id: _plain(row) for row in rows}


def save_link(resource_id: str, package_id: str, result: dict) -> bool:
    """Store a check; True when the link's state (answering or not) changed,
    a first check of a link included. `broken_since` keeps the first
    failing check of the link."""
    previous = meta.Session.execute(
        sa.select(link_check.c.ok, link_check.c.url, link_check.c.broken_since).where(
            link_check.c.resource_id == resource_id)).first()
    now = _now()
    same_link = previous is not None and previous.url == result["url"]
    broken_since = None if result["ok"] else (
        previous.broken_since if same_link and not previous.ok else now)
    values = {key: result.get(key) for key in LINK_FIELDS}
    values.update(package_id=package_id, checked=now, broken_since=broken_since)
    statement = insert(link_check).values(resource_id=resource_id, **values)
    meta.Session.execute(statement.on_conflict_do_update(index_elements=["resource_id"], set_=values))
    meta.Session.commit()
    # a new link changes the score even in the same state (it was unchecked)
    return not same_link or previous.ok != result["ok"]


def save_verdict(package_id: str, conformant: bool, messages: list[str]) -> bool:
    """Store a conformance verdict; True when it changed (a first one included)."""
    previous = meta.Session.execute(
        sa.select(conformance.c.conformant).where(conformance.c.package_id == package_id)).first()
    values = {"conformant": conformant, "messages": messages, "checked": _now()}
    statement = insert(conformance).values(package_id=package_id, **values)
    meta.Session.execute(statement.on_conflict_do_update(index_elements=["package_id"], set_=values))
    meta.Session.commit()
    return previous is None or previous.conformant != conformant

