"""HTTP client of the LGSP gateway's catalogue service (docs/lgsp/openapi.yaml).

Knows nothing of CKAN: OAuth2 client credentials with the token cached until
it expires, one renewal and retry on a 401 fault, `Retry-After` honoured on
429, bounded retries with back-off on 502/503/504 and timeouts, paging to the
end. The names of the envelope and paging fields come from the source
configuration, so another province's gateway is a configuration change.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import requests
import urllib3

from ckanext.thanhhoa.outbound.session import BlockedAddress

log = logging.getLogger(__name__)

TRANSIENT = {502, 503, 504}


class LgspError(Exception):
    """The gateway could not be used; the message is for operators."""


class LgspAuthError(LgspError):
    """The gateway refused the client's credentials."""


@dataclass
class Envelope:
    data: str = "data"
    total: str = "total"
    error: str = "error"


@dataclass
class Paging:
    style: str = "page"         # "page" (trang/soBanGhi) or "offset" (offset/limit)
    page: str = "trang"
    size: str = "soBanGhi"
    first_page: int = 1
    offset: str = "offset"
    limit: str = "limit"


@dataclass
class LgspClient:
    base_url: str
    client_id: str
    client_secret: str
    token_path: str = "/token"
    auth_method: str = "basic"              # "basic" or "form"
    timeout: tuple[float, float] = (5.0, 30.0)
    max_retries: int = 4
    backoff: float = 0.5                    # seconds, doubled at each retry
    max_wait: float = 60.0                  # longest Retry-After honoured
    envelope: Envelope = field(default_factory=Envelope)
    paging: Paging = field(default_factory=Paging)
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _token: str | None = field(default=None, init=False, repr=False)
    _token_expires: float = field(default=0.0, init=False, repr=False)
    max_pages: int = 10_000                 # of one listing
    total_timeout: float = 120.0            # of one answer, however slowly it comes
    requests_made: int = field(default=0, init=False)
    seconds_waiting: float = field(default=0.0, init=False)

    # --- token ------------------------------------------------------------

    def token(self, renew: bool = False) -> str:
        if self._token and not renew and self.clock() < self._token_expires:
            return self._token
        data = {"grant_type": "client_credentials"}
        auth = None
        if self.auth_method == "form":
            data.update(client_id=self.client_id, client_secret=self.client_secret)
        else:
            auth = (self.client_id, self.client_secret)
        response = self._send("POST", self.token_path, data=data, auth=auth, authorised=False)
        if response.status_code in (400, 401):
            raise LgspAuthError(
                f"the gateway refused the client credentials ({response.status_code}: "
                f"{_describe(response)})")
        if response.status_code != 200:
            raise LgspError(f"token endpoint answered {response.status_code}: {_describe(response)}")
        body = _json(response)
        try:
            self._token = body["access_token"]
            lifetime = float(body.get("expires_in", 3600))
        except (KeyError, TypeError, ValueError):
            raise LgspError("the token endpoint answered without an access_token")
        # renew a little before the gateway would refuse the token
        self._token_expires = self.clock() + max(lifetime - 30, lifetime / 2)
        return self._token

    # --- requests -----------------------------------------------------------

    def get(self, path: str, params: dict | None = None) -> Any:
        """GET a path and return the envelope's data (raises LgspError)."""
        renewed = False
        while True:
            response = self._send("GET", path, params=params)
            if response.status_code == 401 and not renewed:
                log.info("LGSP token refused (%s), taking a new one", _fault_code(response))
                self.token(renew=True)
                renewed = True
                continue
            break
        if response.status_code == 401:
            raise LgspAuthError(f"the gateway refused a new token: {_describe(response)}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise LgspError(f"GET {path} answered {response.status_code}: {_describe(response)}")
        body = _json(response)
        error = body.get(self.envelope.error) if isinstance(body, dict) else None
        if isinstance(error, dict) and error.get("code") not in (None, 200, "200"):
            raise LgspError(f"GET {path}: {error.get('userMessage') or error}")
        return body

    def data(self, body: Any) -> Any:
        return body.get(self.envelope.data) if isinstance(body, dict) else None

    def iter_records(self, path: str, params: dict | None = None, page_size: int = 100,
                     problems: list[str] | None = None) -> Iterator[dict]:
        """Every record of a paged listing, to its end: the gateway's `total`
        reached, or (without a total) an empty page. What makes the listing
        not provably complete ends it and is appended to `problems`, in the
        operators' language: a page not found or without data, a page empty
        or shorter than asked before the total (a gateway that caps its
        pages: offset paging goes on from what came), a page repeating the
        one before."""
        params = dict(params or {})
        problems = [] if problems is None else problems
        index, received, previous, short = 0, 0, None, False
        while True:
            page_params = dict(params, **self.page_params(index, received, page_size))
            where = f"GET {path} {page_params}"
            if index >= self.max_pages:
                problems.append(f"{where}: quá {self.max_pages} trang, dừng đọc")
                return
            body = self.get(path, page_params)
            if body is None:
                problems.append(f"{where}: cổng trả lời 404 (không tìm thấy)")
                return
            records = self.data(body)
            if records is None:
                problems.append(f"{where}: '{self.envelope.data}' trống (null)")
                return
            if not isinstance(records, list):
                raise LgspError(f"GET {path}: '{self.envelope.data}' is not a list")
            total = body.get(self.envelope.total)
            total = total if isinstance(total, int) and not isinstance(total, bool) else None
            if records and records == previous:
                problems.append(f"{where}: cổng trả lại đúng trang trước")
                return
            if records and short and self.paging.style != "offset":
                problems.append(f"{where}: trang trước có ít bản ghi hơn số yêu cầu nhưng vẫn "
                                f"còn trang sau (cổng giới hạn cỡ trang)")
                yield from records
                return
            yield from records
            received += len(records)
            index += 1
            previous = records
            if total is not None:
                if received >= total:
                    return
                if not records:
                    problems.append(f"{where}: trang trống khi mới nhận {received}/{total} bản ghi")
                    return
                if len(records) < page_size and self.paging.style != "offset":
                    problems.append(f"{where}: {len(records)} bản ghi thay vì {page_size}, "
                                    f"mới nhận {received}/{total}")
                    return
            elif not records:
                return
            else:
                short = len(records) < page_size   # the next page says whether it was the end

    def page_params(self, index: int, received: int, page_size: int) -> dict:
        """The paging parameters of a listing's page `index` (from 0), after
        `received` records."""
        if self.paging.style == "offset":
            return {self.paging.offset: received, self.paging.limit: page_size}
        return {self.paging.page: self.paging.first_page + index, self.paging.size: page_size}

    def _send(self, method: str, path: str, authorised: bool = True, **kwargs) -> requests.Response:
        url = self.base_url.rstrip("/") + path
        attempt = 0
        while True:
            headers = {"Accept": "application/json"}
            if authorised:
                headers["Authorization"] = f"Bearer {self.token()}"
            try:
                self.requests_made += 1
                deadline = self.clock() + self.total_timeout
                response = self.session.request(method, url, headers=headers, stream=True,
                                                timeout=self.timeout, **kwargs)
                self._read_body(response, deadline, f"{method} {path}")
            except BlockedAddress as error:       # not the gateway's fault: no retry
                raise LgspError(f"{method} {path}: {error}")
            except (requests.ConnectionError, requests.Timeout, urllib3.exceptions.HTTPError,
                    OSError) as error:
                if attempt >= self.max_retries:
                    raise LgspError(f"{method} {path}: the gateway did not answer ({error.__class__.__name__})")
                self._wait(self.backoff * 2 ** attempt)
                attempt += 1
                continue
            if response.status_code == 429 and attempt < self.max_retries:
                self._wait(_retry_after(response, default=self.backoff * 2 ** attempt, limit=self.max_wait))
                attempt += 1
                continue
            if response.status_code in TRANSIENT and attempt < self.max_retries:
                self._wait(self.backoff * 2 ** attempt)
                attempt += 1
                continue
            return response

    def _read_body(self, response: requests.Response, deadline: float, what: str) -> None:
        """Read the answer's body by what arrives, within the deadline: the
        read timeout bounds each wait, not a server that drips bytes."""
        chunks = []
        while True:
            if self.clock() > deadline:
                response.close()
                raise LgspError(f"{what}: cổng trả lời quá {self.total_timeout:g} giây")
            chunk = response.raw.read1(65536, decode_content=True)
            if not chunk:
                break
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True

    def _wait(self, seconds: float) -> None:
        self.seconds_waiting += seconds
        self.sleep(seconds)


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise LgspError(f"the gateway answered {response.status_code} with no JSON")


def _fault_code(response: requests.Response) -> Any:
    try:
        return response.json()["fault"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def _describe(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        if isinstance(body.get("fault"), dict):
            fault = body["fault"]
            return f"{fault.get('code')} {fault.get('message')}"
        if "error_description" in body:
            return str(body["error_description"])
        if isinstance(body.get("error"), dict):
            return str(body["error"].get("userMessage") or body["error"])
    return str(body)[:200]


def _retry_after(response: requests.Response, default: float, limit: float) -> float:
    try:
        return min(max(float(response.headers.get("Retry-After", default)), 0.0), limit)
    except ValueError:
        return default
