"""A requests session whose every connection is checked by the rules once
connected (so after DNS resolution, and again for each redirect's new
connection); environment proxies are ignored (a proxy would be the only
peer seen)."""
from __future__ import annotations

import weakref

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ckanext.thanhhoa.outbound import rules


class BlockedAddress(requests.ConnectionError):
    """An outbound request to an address the rules refuse."""


def _checked(base):
    class Connection(base):
        allowed: list = []
        opened = None   # the session's weak set of sockets

        def _new_conn(self):
            sock = super()._new_conn()
            reason = rules.blocked(self.host, self.port, sock.getpeername()[0], self.allowed)
            if reason:
                sock.close()
                raise BlockedAddress(reason)
            if self.opened is not None:
                self.opened.add(sock)
            return sock

    return Connection


def _blocked_in(error: BaseException, depth: int = 0) -> BlockedAddress | None:
    """The BlockedAddress urllib3 and requests wrapped (in ProtocolError,
    MaxRetryError, ConnectionError)."""
    if isinstance(error, BlockedAddress):
        return error
    if depth > 5:
        return None
    for inner in (*getattr(error, "args", ()), getattr(error, "reason", None)):
        if isinstance(inner, BaseException):
            found = _blocked_in(inner, depth + 1)
            if found:
                return found
    return None


class _Adapter(HTTPAdapter):
    def __init__(self, allowed: list, opened: weakref.WeakSet, **kwargs):
        self.allowed = allowed
        self.opened = opened
        super().__init__(**kwargs)

    def send(self, request, **kwargs):
        try:
            return super().send(request, **kwargs)
        except requests.ConnectionError as error:
            blocked = _blocked_in(error)
            if blocked is not None and blocked is not error:
                raise BlockedAddress(str(blocked), request=request) from error
            raise

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        pools = {}
        for scheme, pool, connection in (("http", HTTPConnectionPool, HTTPConnection),
                                         ("https", HTTPSConnectionPool, HTTPSConnection)):
            checked = type("Checked" + connection.__name__, (_checked(connection),),
                           {"allowed": self.allowed, "opened": self.opened})
            pools[scheme] = type("Checked" + pool.__name__, (pool,), {"ConnectionCls": checked})
        self.poolmanager.pool_classes_by_scheme = pools


def session(allowed: list | None = None) -> requests.Session:
    """A session for outbound requests under the rules; `allowed` defaults to
    the configured allowlist."""
    if allowed is None:
        allowed = configured_allowlist()
    outbound = requests.Session()
    outbound.trust_env = False
    # the sockets it opened, for a caller that must cut them at a deadline
    # (quality/links.py: a server may trickle bytes under any read timeout)
    outbound.opened = weakref.WeakSet()
    adapter = _Adapter(allowed, outbound.opened)
    outbound.mount("http://", adapter)
    outbound.mount("https://", adapter)
    return outbound


def configured_allowlist() -> list:
    import ckan.plugins.toolkit as tk

    return rules.parse_allowlist(tk.config.get("ckanext.thanhhoa.outbound.allow") or [])
