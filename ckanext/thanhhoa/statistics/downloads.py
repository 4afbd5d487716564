"""Downloads the portal serves, counted per resource, day and kind: a file
(CKAN's resource download: the stored file, or the redirect to a link), a
DataStore dump (CSV, TSV, JSON, XML) and a DataStore API search. CKAN's
tracking counts only clicks on resource links in a browser, so programs and
direct links go uncounted: this counts what the portal answered, whoever
asked (but the portal's own loader fetching a file). One upsert per download, on a connection of its own: a failure to
count is logged and never fails the download."""
from __future__ import annotations

import datetime
import logging

import sqlalchemy as sa
from flask import request

from ckan.model import meta

log = logging.getLogger(__name__)

download = sa.Table(
    "thanhhoa_download", meta.metadata,
    sa.Column("resource_id", sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("kind", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    extend_existing=True,
)
KINDS = ("file", "dump", "api")
API_ACTIONS = frozenset({"datastore_search"})

_UPSERT = sa.text("""
    INSERT INTO thanhhoa_download (resource_id, day, kind, package_id, count)
    SELECT r.id, :day, :kind, r.package_id, 1 FROM resource r WHERE r.id = :resource_id AND r.state = 'active'
    ON CONFLICT (resource_id, day, kind) DO UPDATE SET count = thanhhoa_download.count + 1""")


def what_was_downloaded(endpoint: str | None, view_args: dict, status: int,
                        args: dict, body: dict | None) -> tuple[str, str] | None:
    """(kind, resource id) when a response is a download (pure)."""
    if not endpoint or not (200 <= status < 400):
        return None
    if endpoint.endswith("resource.download") and status in (200, 302, 303, 307):
        return "file", view_args.get("resource_id")
    if endpoint == "datastore.dump" and status == 200:
        return "dump", view_args.get("resource_id")
    if endpoint == "api.action" and status == 200 and view_args.get("logic_function") in API_ACTIONS:
        params = body if isinstance(body, dict) else args
        resource_id = params.get("resource_id") or params.get("id")
        return ("api", resource_id) if isinstance(resource_id, str) else None
    return None


def _counted_request() -> bool:
    """A GET (or an API call's POST), not xloader fetching a file to load it
    (it signs with the token the portal gives it)."""
    import ckan.plugins.toolkit as tk

    if request.method != "GET" and not (request.method == "POST" and request.endpoint == "api.action"):
        return False
    loader = tk.config.get("ckanext.xloader.api_token")
    return not (loader and request.headers.get("Authorization") == loader)


def count(response):
    """Flask after_request: count a download, pass the response on."""
    if not _counted_request():
        return response
    try:
        body = request.get_json(silent=True) if request.method == "POST" else None
        found = what_was_downloaded(request.endpoint, request.view_args or {}, response.status_code,
                                    request.args, body)
        if found and found[1]:
            with meta.engine.begin() as connection:
                connection.execute(_UPSERT, {"day": datetime.date.today(), "kind": found[0],
                                             "resource_id": found[1]})
    except Exception:  # a download never fails for its count
        log.exception("Could not count a download of %s", request.path)
    return response


def register(app) -> None:
    app.after_request(count)
