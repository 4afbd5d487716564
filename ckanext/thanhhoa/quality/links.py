"""Whether a resource's link answers: HEAD, then GET when HEAD is refused or
fails (many servers answer HEAD with 403, 404, 405 or 501, or drop it),
redirects followed up to a bound, a timeout per request, through the
outbound session (outbound/session.py: the outbound-address rules apply to
every connection, redirects included). A link answers when its last
response is 2xx (as the MQA counts accessibility).

The result is what a steward needs to repair a link: the status, the time
it took, the content type and size the server declared, where redirects
ended, and what went wrong in a word (``error``).
"""
from __future__ import annotations

import dataclasses
import datetime
import time
from urllib.parse import urlsplit

import requests

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


def check(url: str, session: requests.Session, timeout: float = TIMEOUT,
          max_redirects: int = MAX_REDIRECTS) -> LinkResult:
    """Check one link with a session of outbound/session.py."""
    result = LinkResult(url=url, ok=False,
                        checked=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"))
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        result.error = "invalid_url"
        return result
    session.max_redirects = max_redirects
    started = time.monotonic()
    try:
        try:
            response = session.head(url, allow_redirects=True, timeout=timeout)
            response.close()
            refused = response.status_code in HEAD_REFUSED
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
            if isinstance(error, BlockedAddress):
                raise
            refused = True
        if refused:
            # the body is not read: the answer's status and headers say enough
            with session.get(url, allow_redirects=True, timeout=timeout, stream=True) as response:
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
            requests.exceptions.InvalidSchema):
        result.error = "invalid_url"
    except requests.RequestException:
        result.error = "connection"
    result.seconds = round(time.monotonic() - started, 3)
    return result
