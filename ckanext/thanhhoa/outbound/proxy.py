"""The outbound proxy: what xloader downloads goes through it.

xloader has no hook before its download but honours `ckan.download_proxy`:
this small forward proxy applies the outbound rules to every request it is
asked to make (plain HTTP through the checked session, HTTPS by CONNECT to
the address it checked). The portal's own site (`ckan.site_url`, whence
xloader fetches uploads back) is allowed besides the allowlist.

    python -m ckanext.thanhhoa.outbound.proxy CONFIG.ini

listens on the host and port of the config's `ckan.download_proxy` (or
`--listen HOST:PORT --site URL --allow HOST:PORT`, in the container).
"""
from __future__ import annotations

import select
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import requests

from ckanext.thanhhoa.outbound import rules
from ckanext.thanhhoa.outbound.session import BlockedAddress, session

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "transfer-encoding", "upgrade", "proxy-connection", "content-length"}


class Handler(BaseHTTPRequestHandler):
    allowed: list = []

    def do_GET(self):
        self._forward("GET")

    def do_HEAD(self):
        self._forward("HEAD")

    def _refuse(self, status: int, reason: str) -> None:
        body = reason.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _forward(self, method: str) -> None:
        if not self.path.startswith(("http://", "https://")):
            return self._refuse(400, "a proxy: ask for an absolute http(s) URL")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
        try:
            upstream = session(self.allowed).request(method, self.path, headers=headers, stream=True,
                                                     allow_redirects=False, timeout=(10, 60))
        except BlockedAddress as error:
            return self._refuse(403, str(error))
        except requests.RequestException as error:
            return self._refuse(502, f"{type(error).__name__}")
        self.send_response(upstream.status_code)
        for key, value in upstream.raw.headers.items():
            if key.lower() not in HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if method != "HEAD":
            for chunk in upstream.raw.stream(65536, decode_content=False):
                self.wfile.write(chunk)
        upstream.close()

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        try:
            address = socket.getaddrinfo(host.strip("[]"), int(port), type=socket.SOCK_STREAM)[0][4][0]
        except (OSError, ValueError) as error:
            return self._refuse(502, f"{type(error).__name__}")
        reason = rules.blocked(host.strip("[]"), int(port), address, self.allowed)
        if reason:
            return self._refuse(403, reason)
        try:                               # the address checked, not a new resolution
            upstream = socket.create_connection((address, int(port)), timeout=10)
        except OSError as error:
            return self._refuse(502, f"{type(error).__name__}")
        self.send_response(200, "Connection established")
        self.end_headers()
        _relay(self.connection, upstream)

    def log_message(self, format, *args):   # noqa: A002 — the base class's name
        sys.stderr.write("outbound proxy: " + (format % args) + "\n")


def _relay(client: socket.socket, upstream: socket.socket) -> None:
    sockets = [client, upstream]
    try:
        while True:
            readable, _, failed = select.select(sockets, [], sockets, 60)
            if failed or not readable:
                return
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                (upstream if sock is client else client).sendall(data)
    finally:
        upstream.close()


def allowed_for(options: dict) -> list:
    """The allowlist of a config, and the site itself (uploads fetched back)."""
    allowed = rules.parse_allowlist((options.get("ckanext.thanhhoa.outbound.allow") or "").split())
    site = urlsplit(options.get("ckan.site_url", ""))
    if site.hostname:
        port = site.port or (443 if site.scheme == "https" else 80)
        allowed.append(rules.Allowed(site.hostname.lower(), port, port))
    return allowed


def serve(host: str, port: int, allowed: list) -> ThreadingHTTPServer:
    handler = type("ConfiguredHandler", (Handler,), {"allowed": allowed})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str]) -> int:
    """`proxy CONFIG.ini` (development, tests), or `proxy --listen HOST:PORT
    --site URL [--allow HOST:PORT …]` (the production container, whose
    settings are in the environment)."""
    import argparse

    from ckanext.thanhhoa.operations.preflight import read_config

    parser = argparse.ArgumentParser(prog="python -m ckanext.thanhhoa.outbound.proxy")
    parser.add_argument("config", nargs="?")
    parser.add_argument("--listen")
    parser.add_argument("--site", default="")
    parser.add_argument("--allow", action="append", default=[])
    args = parser.parse_args(argv)
    if args.config:
        options = read_config(args.config)
        listen = urlsplit(options.get("ckan.download_proxy", "")).netloc
    else:
        options = {"ckan.site_url": args.site, "ckanext.thanhhoa.outbound.allow": " ".join(args.allow)}
        listen = args.listen or ""
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        print("no address to listen on: ckan.download_proxy of the config, or --listen",
              file=sys.stderr)
        return 2
    server = serve(host, int(port), allowed_for(options))
    print(f"outbound proxy on {host}:{port}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
