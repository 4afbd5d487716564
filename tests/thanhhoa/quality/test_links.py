"""The link checker against a real server on 127.0.0.1: 200, 301 → 200,
404, 500, a timeout, a server refusing HEAD, a redirect loop, and an address
the outbound rules refuse."""
import http.server
import threading
import time

import pytest

from ckanext.thanhhoa.outbound import rules, session as outbound
from ckanext.thanhhoa.quality import links

pytestmark = pytest.mark.unit


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, body):
        path = self.path
        if path == "/ok":
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", "11")
            self.end_headers()
            if body:
                self.wfile.write(b"ma,ten\n1,a\n")
        elif path in ("/moved", "/loop"):
            self.send_response(301)
            self.send_header("Location", "/ok" if path == "/moved" else "/loop")
            self.end_headers()
        elif path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        elif path == "/error":
            self.send_response(500)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def do_GET(self):
        if self.path == "/nohead":
            self.path = "/ok"
        self._answer(body=True)

    def do_HEAD(self):
        if self.path == "/nohead":
            self.send_response(405)
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
