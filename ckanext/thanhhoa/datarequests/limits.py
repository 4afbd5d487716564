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


def take(kind: str, who: str, limit: int, seconds: int) -> bool:
    """Count one more of `kind` by `who` in its window: False when that is
    past `limit`. Keys hold a hash, not the address."""
    key = "thanhhoa:limit:{}:{}:{}".format(tk.config.get("ckan.site_id"), kind,
                                            hashlib.sha256(who.lower().encode()).hexdigest()[:32])
    redis = _redis()
    count = redis.incr(key)
    if count == 1:
        redis.expire(key, seconds)
    return count <= limit


def client_address() -> str | None:
    """The caller's address in a web request (nginx's X-Forwarded-For is
    applied by CKAN's ProxyFix when configured), None outside one."""
    from flask import has_request_context, request

    return request.remote_addr if has_request_context() else None


def clear() -> None:
    """For tests: forget every count."""
    redis = _redis()
    for key in redis.scan_iter(f"thanhhoa:limit:{tk.config.get('ckan.site_id')}:*"):
        redis.delete(key)
