"""How often one may ask: a fixed window per key in Redis (shared by every
web worker). Requests, and the confirmation e-mails they send to any address
typed, are bounded per account, per e-mail address and per client address."""
from __future__ import annotations

import hashlib

import ckan.plugins.toolkit as tk

HOUR, DAY = 3600, 86400


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def address(email: str) -> str:
    """One inbox, one count: lower case, without a +tag (and, at Gmail,
    without dots)."""
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local = local.replace(".", "")
    return f"{local}@{domain}"


def take(kind: str, who: str, limit: int, seconds: int) -> bool:
    """Count one more of `kind` by `who` in its window: False when that is
    past `limit`. The window is set with the key, atomically (a crash
    cannot leave a count without its end). Keys hold a hash, not the
    address."""
    key = "thanhhoa:limit:{}:{}:{}".format(tk.config.get("ckan.site_id"), kind,
                                            hashlib.sha256(who.lower().encode()).hexdigest()[:32])
    pipe = _redis().pipeline()
    pipe.set(key, 0, ex=seconds, nx=True)
    pipe.incr(key)
    return pipe.execute()[1] <= limit


def within(checks) -> bool:
    """Each (kind, who, limit, seconds) in turn, stopping at the first past
    its limit (the later ones are not counted)."""
    return all(take(*check) for check in checks)


def client_address() -> str | None:
    """The caller's address in a web request (behind nginx, werkzeug's
    ProxyFix takes it from X-Forwarded-For when
    `ckanext.thanhhoa.proxy_hops` says how many proxies are trusted:
    access/proxy.py), None outside one."""
    from flask import has_request_context, request

    return request.remote_addr if has_request_context() else None


def clear() -> None:
    """For tests: forget every count."""
    redis = _redis()
    for key in redis.scan_iter(f"thanhhoa:limit:{tk.config.get('ckan.site_id')}:*"):
        redis.delete(key)
