"""The outbound session over real sockets on 127.0.0.1: a connection is
checked once made, and each redirect's new connection too."""
import http.server
import threading

import pytest

from ckanext.thanhhoa.outbound.rules import parse_allowlist
from ckanext.thanhhoa.outbound.session import BlockedAddress, session

pytestmark = pytest.mark.unit


def serve(redirect_to=None):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if redirect_to:
                self.send_response(302)
                self.send_header("Location", redirect_to)
                self.end_headers()
                return
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def target():
    server = serve()
    yield server
    server.shutdown()


def test_a_loopback_address_outside_the_allowlist_is_refused(target):
    with pytest.raises(BlockedAddress, match="loopback"):
        session([]).get(f"http://127.0.0.1:{target.server_port}/", timeout=5)
    with pytest.raises(BlockedAddress):                  # a name that resolves to it
        session([]).get(f"http://localhost:{target.server_port}/", timeout=5)


def test_the_allowlisted_host_and_port_is_reached(target):
    allowed = parse_allowlist([f"127.0.0.1:{target.server_port}"])
    assert session(allowed).get(f"http://127.0.0.1:{target.server_port}/", timeout=5).text == "ok"


def test_a_redirect_to_another_port_is_checked_again(target):
    hop = serve(redirect_to=f"http://127.0.0.1:{target.server_port}/")
    try:
        allowed = parse_allowlist([f"127.0.0.1:{hop.server_port}"])
        with pytest.raises(BlockedAddress):
            session(allowed).get(f"http://127.0.0.1:{hop.server_port}/", timeout=5)
    finally:
        hop.shutdown()
