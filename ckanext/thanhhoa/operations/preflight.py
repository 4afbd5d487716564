"""Check that PostgreSQL, Solr and Redis answer before CKAN starts.

Run as ``python -m ckanext.thanhhoa.operations.preflight CONFIG.ini``. It reads the URLs
from the CKAN config file without importing CKAN (so it costs a fraction of a
second, not a CKAN start-up), and prints one line per service that is down,
naming it, then exits 1. No traceback reaches the operator.
"""
from __future__ import annotations

import configparser
import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable

TIMEOUT = 5.0


@dataclass(frozen=True)
class Problem:
    service: str
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.service} is not reachable at {_redact(self.url)}: {self.reason}"


def _redact(url: str) -> str:
    """Hide a password in a URL."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def read_config(path: str) -> dict[str, str]:
    """The [app:main] options of a CKAN ini file, `use = config:` followed."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    path = os.path.abspath(path)
    if not parser.read(path, encoding="utf-8"):
        raise FileNotFoundError(path)
    options = dict(parser["app:main"]) if parser.has_section("app:main") else {}
    base = options.get("use", "")
    if base.startswith("config:"):
        parent = os.path.join(os.path.dirname(path), base[len("config:"):])
        options = {**read_config(parent), **options}
    return options


def check_postgres(url: str) -> str | None:
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=int(TIMEOUT)).close()
    except psycopg2.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    return None


def check_redis(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT,
                             socket_timeout=TIMEOUT).ping()
    except redis.RedisError as error:
        return str(error)
    return None


def check_solr(url: str) -> str | None:
    ping = url.rstrip("/") + "/admin/ping?wt=json"
    try:
        with urllib.request.urlopen(ping, timeout=TIMEOUT) as response:
            status = json.load(response).get("status")
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code} (is the core created?)"
    except (OSError, ValueError) as error:
        return str(getattr(error, "reason", error))
    return None if status == "OK" else f"ping answered {status!r}"


CHECKS: list[tuple[str, str, Callable[[str], str | None]]] = [
    ("PostgreSQL", "sqlalchemy.url", check_postgres),
    ("PostgreSQL (DataStore)", "ckan.datastore.write_url", check_postgres),
    ("Solr", "solr_url", check_solr),
    ("Redis", "ckan.redis.url", check_redis),
]


def problems(options: dict[str, str]) -> list[Problem]:
    """One Problem per configured service that does not answer."""
    found = []
    for service, key, check in CHECKS:
        url = options.get(key)
        if not url:
            continue
        reason = check(url)
        if reason:
            found.append(Problem(service, url, reason))
    return found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m ckanext.thanhhoa.operations.preflight CONFIG.ini", file=sys.stderr)
        return 2
    try:
        options = read_config(argv[0])
    except (OSError, configparser.Error) as error:
        print(f"cannot read the CKAN config {argv[0]}: {error}", file=sys.stderr)
        return 2
    found = problems(options)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    if found:
        print("Start the services with `make services` (or see README.md).",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
