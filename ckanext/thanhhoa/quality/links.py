"""Whether a resource's link answers: HEAD, then GET when HEAD is refused or
fails (many servers answer HEAD with 403, 404, 405 or 501, or drop it),
through the outbound session (outbound/session.py). A link answers when
its last response is 2xx (as the MQA counts accessibility).

What a steward's link must not be able to do:

- reach what is not public: every hop (the link and each redirect) is
  resolved first and refused as "blocked", before any connection, when an
  address is not public and not allowed (so the portal's refusal does not
  tell an open internal port from a closed one); the session checks each
  connection's peer again (DNS rebinding);
- cost memory or time: redirects are followed here, one at a time, bodies
  never read (requests would read each redirect's body); a timeout bounds
  each read, and a deadline the whole check, cutting its sockets (a server
  may trickle a byte under every read timeout); a HEAD that times out is
  not tried again as a GET.

The result is what a steward needs to repair a link: the status, the time
it took, the content type and size the server declared, where redirects
ended, and what went wrong in a word (``error``).
"""
from __future__ import annotations

import dataclasses
import datetime
import socket
import threading
import time
from urllib.parse import urljoin, urlsplit

import requests

from ckanext.thanhhoa.outbound import rules
from ckanext.thanhhoa.outbound.session import BlockedAddress

TIMEOUT = 10.0
MAX_REDIRECTS = 5
HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 409, 410, 429, 500, 501, 502, 503})


@dataclasses.dataclass
class LinkResult:
    url: str
    ok: bool
    status: int | None = None
    seconds: float = 0.0
    content_type: str | None = None
    size: int | None = None
    final_url: str | None = None
    error: str | None = None  # invalid_url, blocked, timeout, too_many_redirects, connection
    checked: str = ""

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _answer(result: LinkResult, response: requests.Response) -> LinkResult:
    result.status = response.status_code
    result.ok = 200 <= response.status_code < 300
    result.content_type = response.headers.get("Content-Type")
    length = response.headers.get("Content-Length")
    result.size = int(length) if length and length.isdigit() else None
    result.final_url = response.url
    return result


def _refuse_non_public(session: requests.Session, url: str) -> None:
    """BlockedAddress when the URL's host resolves to an address the
    session's rules refuse (before connecting)."""
    parts = urlsplit(url)
    allowed = getattr(session.get_adapter(url), "allowed", None)
    if allowed is None:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise requests.ConnectionError(str(error)) from error
    for *_, address in found:
        reason = rules.blocked(parts.hostname, port, address[0], allowed)
        if reason:
            raise BlockedAddress(reason)


def _follow(session: requests.Session, method: str, url: str, timeout: float,
            max_redirects: int) -> requests.Response:
    """The last response of a chain of redirects (open: the caller closes it)."""
    for _ in range(max_redirects + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise requests.exceptions.InvalidURL(url)
        _refuse_non_public(session, url)
        response = session.request(method, url, allow_redirects=False, stream=True, timeout=timeout)
        if not response.is_redirect:
            return response
        response.close()
        url = urljoin(response.url, response.headers["Location"])
    raise requests.TooManyRedirects(url)


class _Deadline:
    """Cuts the session's sockets when the check has run too long."""

    def __init__(self, session: requests.Session, seconds: float):
        self.fired = False
        self.sockets = getattr(session, "opened", None)
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def _cut(self):
        self.fired = True
        for sock in list(self.sockets or ()):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()


def check(url: str, session: requests.Session, timeout: float = TIMEOUT,
          max_redirects: int = MAX_REDIRECTS, deadline: float | None = None) -> LinkResult:
    """Check one link with a session of outbound/session.py; `deadline`
    (default: three timeouts) bounds the whole check."""
    result = LinkResult(url=url, ok=False,
                        checked=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"))
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        result.error = "invalid_url"
        return result
    started = time.monotonic()
    with _Deadline(session, deadline or 3 * timeout) as cut:
        try:
            try:
                response = _follow(session, "HEAD", url, timeout, max_redirects)
                response.close()
                refused = response.status_code in HEAD_REFUSED
            except (requests.Timeout, BlockedAddress, requests.TooManyRedirects,
                    requests.exceptions.InvalidURL):
                raise
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                refused = not cut.fired
                if cut.fired:
                    raise
            if refused:
                with _follow(session, "GET", url, timeout, max_redirects) as response:
                    _answer(result, response)
            else:
                _answer(result, response)
        except BlockedAddress:
            result.error = "blocked"
        except requests.Timeout:
            result.error = "timeout"
        except requests.TooManyRedirects:
            result.error = "too_many_redirects"
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema, ValueError):
            result.error = "invalid_url"
        except requests.RequestException:
            result.error = "timeout" if cut.fired else "connection"
    if cut.fired:
        # a cut socket may also read as the end of the headers: not an answer
        result = dataclasses.replace(result, ok=False, error="timeout", status=None, content_type=None,
                                     size=None, final_url=None)
    result.seconds = round(time.monotonic() - started, 3)
    return result
