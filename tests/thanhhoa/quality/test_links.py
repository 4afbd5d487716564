"""The link checker against a real server on 127.0.0.1: 200, 301 → 200,
404, 500, a timeout, a server refusing HEAD, a redirect loop, an address
the outbound rules refuse (directly or by a redirect, open port or closed),
a redirect whose body never ends, headers trickled under the read timeout."""
import http.server
import threading
import time

import pytest

from ckanext.thanhhoa.outbound import rules, session as outbound
from ckanext.thanhhoa.quality import links

pytestmark = pytest.mark.unit


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests: list = []

    def _answer(self, body):
        path = self.path
        if path.startswith("/to-internal/"):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{path.rsplit('/', 1)[1]}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/endless-redirect":
            # a redirect whose body never ends: requests would read it all
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if body:
                for _ in range(200):
                    self.wfile.write(b"400\r\n" + b"x" * 1024 + b"\r\n")
                    self.wfile.flush()
                    time.sleep(0.05)
        elif path == "/trickle":
            # a header every 0.2 s, under any read timeout, for 10 s
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for n in range(50):
                self.wfile.write(f"X-{n}: a\r\n".encode())
                self.wfile.flush()
                time.sleep(0.2)
            self.wfile.write(b"\r\n")
        elif path == "/ok":
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", "11")
            self.end_headers()
            if body:
                self.wfile.write(b"ma,ten\n1,a\n")
        elif path in ("/moved", "/loop"):
            self.send_response(301)
            self.send_header("Location", "/ok" if path == "/moved" else "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/error":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_GET(self):
        Handler.requests.append(("GET", self.path))
        if self.path == "/nohead":
            self.path = "/ok"
        self._answer(body=True)

    def do_HEAD(self):
        Handler.requests.append(("HEAD", self.path))
        if self.path == "/nohead":
            self.send_response(405)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._answer(body=False)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", httpd.server_port
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def session(server):
    return outbound.session(rules.parse_allowlist([f"127.0.0.1:{server[1]}"]))


@pytest.mark.parametrize("path, ok, status, error", [
    ("/ok", True, 200, None),
    ("/moved", True, 200, None),
    ("/missing", False, 404, None),
    ("/error", False, 500, None),
    ("/nohead", True, 200, None),
    ("/slow", False, None, "timeout"),
    ("/loop", False, None, "too_many_redirects"),
])
def test_a_link_answers_or_says_why_not(server, session, path, ok, status, error):
    result = links.check(server[0] + path, session, timeout=0.5)
    assert (result.ok, result.status, result.error) == (ok, status, error)
    if ok:
        assert result.content_type.startswith("text/csv") and result.size == 11
        assert result.final_url == server[0] + ("/ok" if path == "/moved" else path)


def test_the_outbound_rules_apply(server):
    # the allowlist does not name this port: a machine's own address is refused
    result = links.check(server[0] + "/ok", outbound.session([]))
    assert (result.ok, result.error) == (False, "blocked")


@pytest.mark.parametrize("url", ["", "ftp://example.org/a.csv", "javascript:alert(1)", "/relative"])
def test_what_is_no_web_link_is_said_so(session, url):
    assert links.check(url, session).error == "invalid_url"


@pytest.mark.parametrize("port", ["8983", "1"])
def test_a_redirect_to_an_internal_address_is_blocked_open_port_or_closed(server, session, port):
    # Solr's port is open, port 1 closed: the same answer, no connection made
    result = links.check(f"{server[0]}/to-internal/{port}", session, timeout=0.5)
    assert (result.ok, result.error) == (False, "blocked")


def test_a_redirects_body_is_not_read(server, session):
    # the body never ends within the deadline: read, it would end the check as a timeout
    result = links.check(server[0] + "/endless-redirect", session, timeout=2, deadline=5)
    assert (result.ok, result.status, result.error) == (True, 200, None)
    assert result.final_url == server[0] + "/ok"


def test_a_deadline_bounds_headers_trickled_under_the_read_timeout(server, session):
    result = links.check(server[0] + "/trickle", session, timeout=0.5, deadline=1.5)
    assert (result.ok, result.error) == (False, "timeout")


def test_a_head_that_times_out_is_not_tried_again_as_get(server, session):
    Handler.requests.clear()
    result = links.check(server[0] + "/slow", session, timeout=0.5)
    assert result.error == "timeout"
    assert Handler.requests == [("HEAD", "/slow")]
