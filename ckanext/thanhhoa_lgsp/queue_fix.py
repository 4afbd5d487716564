"""ckanext-harvest 1.6.3 waits for queue messages with a blocking BLPOP on a
connection made with redis-py's defaults; redis-py 8 (pinned by CKAN 2.12)
defaults to a 5-second socket timeout, so an idle gather or fetch consumer
dies with "Timeout reading from socket" after 5 s. The consumers' connection
is made here without a read timeout (connecting keeps its 5 s limit)."""
from __future__ import annotations

import redis
from ckanext.harvest import queue

_original = queue.get_connection_redis


def get_connection_redis():
    connection = _original()
    kwargs = dict(connection.connection_pool.connection_kwargs)
    for key in list(kwargs):
        if key.startswith("orig_"):
            kwargs.pop(key)
    kwargs["socket_timeout"] = None
    pool = redis.ConnectionPool(connection_class=connection.connection_pool.connection_class, **kwargs)
    return redis.Redis(connection_pool=pool)


def apply() -> None:
    queue.get_connection_redis = get_connection_redis
