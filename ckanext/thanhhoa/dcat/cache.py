"""Pages of the DCAT catalogue kept in Redis.

A page of /catalog.ttl describes 100 datasets and took about 500 ms of CPU
to make (rdflib builds and serializes some 6,000 triples), the costliest
page of the portal under load. It is the same page for everyone: the
catalogue lists open data only, whoever asks (actions.py). So a page is
made once and kept, shared by every web worker:

- under a key of the action, the page's number and format, the address
  (ckanext-dcat builds the page's own links from it), the language, and
  the options a page is made of (the catalogue's title and publisher, the
  site's address);
- beside the catalogue's version it was made from: the count of open
  datasets and the newest `metadata_modified` among them (a search of one
  row). A dataset published, changed, withdrawn or closed changes the
  version, so the next request makes the page again and replaces it.

What the version does not see (an agency renamed, a link check that changes
a quality score) lasts at most `ckanext.thanhhoa.catalog.cache_seconds`.

Only the catalogue's own pages are kept: at the catalogue's addresses
(`/catalog.{format}`, `/catalog` and `/` by content negotiation,
`/dcat.json`), asked with nothing but a page number and a format, each
once, up to the last page; not a search, a listing since a date, a choice
of profiles, nor the same actions through the API. So the keys are as many
as the catalogue's pages times its addresses, formats and languages,
whatever a client sends, and a new version replaces a page instead of
adding one. Pages are kept compressed. Redis failing, or a kept value that
cannot be read, costs the cache, never the page."""
from __future__ import annotations

import hashlib
import json
import logging
import math
import zlib
from typing import Any, Callable

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.access import citizen

log = logging.getLogger(__name__)
# the catalogue's own addresses (ckanext-dcat's and the portal's views)
ENDPOINTS = {"dcat.read_catalog", "thanhhoa_linked_data.catalog", "dcat_json_interface.dcat_json"}
# the one request a page is kept for: a page number and a format
KEPT_ARGS = {"page", "format"}
# the options a page is made of (the catalogue's title, publisher, URIs...)
OPTIONS = ("ckanext.dcat.", "ckanext.thanhhoa.catalog.", "ckanext.thanhhoa.operator.", "ckan.site_")


def prefix() -> str:
    """The keys' start: the portal's (ckan.site_id), as CKAN's own keys."""
    return f"thanhhoa:dcat:{tk.config.get('ckan.site_id')}:"


def clear() -> None:
    """Forget every page (the tests, as they empty the portal)."""
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    for kept in redis.scan_iter(prefix() + "*"):
        redis.delete(kept)


def version() -> list:
    """The catalogue's count of open datasets and its newest change."""
    found = citizen.search(rows=1, sort="metadata_modified desc", fl="metadata_modified")
    newest = found["results"][0]["metadata_modified"] if found["results"] else None
    return [found["count"], newest]


def page_number(data_dict: dict) -> int | None:
    """The page asked for, when it is one of the catalogue's own pages asked
    at one of its addresses with nothing else (check_paging has refused a
    page that is not a whole number from 1); None otherwise."""
    if not tk.request or tk.request.endpoint not in ENDPOINTS:
        return None
    args = tk.request.args
    if not set(args) <= KEPT_ARGS or any(len(args.getlist(k)) > 1 for k in args):
        return None
    if any(v not in (None, "", []) for k, v in data_dict.items() if k not in KEPT_ARGS):
        return None
    try:
        return int(data_dict.get("page") or 1)
    except (TypeError, ValueError, OverflowError):
        return None


def key(name: str, page: int, data_dict: dict) -> str:
    from ckanext.thanhhoa.language import current_lang

    options = sorted((k, v) for k, v in tk.config.items() if k.startswith(OPTIONS))
    parts = [name, page, str(data_dict.get("format") or ""), tk.request.path, current_lang(), options]
    return prefix() + hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def cached(name: str, data_dict: dict, make: Callable[[], Any]) -> Any:
    """What `make()` returns for this page of the catalogue, from Redis when
    it was kept for the catalogue's current version; made and kept
    otherwise, compressed (a page of 100 datasets: Turtle 364 KB kept in
    21 KB, RDF/XML 658 in 57, JSON-LD 950 in 91; 1 to 4 ms of CPU)."""
    import redis
    from ckan.lib.redis import connect_to_redis

    seconds = tk.config.get("ckanext.thanhhoa.catalog.cache_seconds")
    page = page_number(data_dict) if seconds else None
    if page is None:
        return make()
    current = version()
    per_page = int(tk.config.get("ckanext.dcat.datasets_per_page") or 100)
    if page > max(1, math.ceil(current[0] / per_page)):      # past the last page
        return make()
    where = key(name, page, data_dict)
    try:
        kept = connect_to_redis().get(where)
        if kept is not None:
            made_from, value = json.loads(zlib.decompress(kept))
            if made_from == current:
                return value
    except (redis.RedisError, zlib.error, ValueError, TypeError) as error:
        log.warning("DCAT cache not read: %s", error)
    value = make()
    try:
        connect_to_redis().set(where, zlib.compress(json.dumps([current, value]).encode(), 1), ex=seconds)
    except redis.RedisError as error:
        log.warning("DCAT cache not written: %s", error)
    return value
