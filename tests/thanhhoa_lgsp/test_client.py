"""The gateway client against mocked HTTP (the only place HTTP is mocked):
tokens, faults, retries and paging."""
import pytest
import requests
import responses

from ckanext.thanhhoa_lgsp.client import LgspAuthError, LgspClient, LgspError, Paging

pytestmark = pytest.mark.unit

BASE = "https://lgsp.example"
LIST = BASE + "/danhmucdulieu/1.0/tapdulieu"


def token_reply(token="t1", expires_in=3600):
    return {"access_token": token, "token_type": "Bearer", "expires_in": expires_in}


def page(records, total):
    return {"data": records, "error": {"code": 200}, "total": total}


def fault(code):
    return {"fault": {"code": code, "message": "x", "description": "x"}}


@pytest.fixture
def waits():
    return []


@pytest.fixture
def client(waits):
    return LgspClient(BASE, "id", "secret", backoff=0.5, max_retries=3, sleep=waits.append)


@responses.activate
def test_the_token_is_cached_and_sent(client):
    responses.post(BASE + "/token", json=token_reply())
    responses.get(LIST, json=page([], 0))
    client.get("/danhmucdulieu/1.0/tapdulieu")
    client.get("/danhmucdulieu/1.0/tapdulieu")
    assert [c.request.url for c in responses.calls].count(BASE + "/token") == 1
    assert responses.calls[1].request.headers["Authorization"] == "Bearer t1"
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")


@responses.activate
def test_form_authentication_puts_the_credentials_in_the_body(waits):
    client = LgspClient(BASE, "id", "secret", auth_method="form", sleep=waits.append)
    responses.post(BASE + "/token", json=token_reply())
    client.token()
    body = responses.calls[0].request.body
    assert "client_id=id" in body and "client_secret=secret" in body
    assert "Authorization" not in responses.calls[0].request.headers


@responses.activate
def test_an_expired_token_is_renewed_once(client):
    responses.post(BASE + "/token", json=token_reply("t1"))
    responses.post(BASE + "/token", json=token_reply("t2"))
    responses.get(LIST, status=401, json=fault(900901))
    responses.get(LIST, json=page([{"maTapDuLieu": "A"}], 1))
    assert client.get("/danhmucdulieu/1.0/tapdulieu")["data"] == [{"maTapDuLieu": "A"}]
    assert responses.calls[-1].request.headers["Authorization"] == "Bearer t2"


@responses.activate
def test_a_second_401_is_an_authentication_error(client):
    responses.post(BASE + "/token", json=token_reply())
    responses.get(LIST, status=401, json=fault(900901))
    with pytest.raises(LgspAuthError):
        client.get("/danhmucdulieu/1.0/tapdulieu")


@responses.activate
def test_bad_credentials_are_an_authentication_error(client):
    responses.post(BASE + "/token", status=401, json={"error": "invalid_client",
                                                     "error_description": "Client Authentication failed."})
    with pytest.raises(LgspAuthError, match="Client Authentication failed"):
        client.token()


@responses.activate
def test_retry_after_is_honoured_on_429(client, waits):
    responses.post(BASE + "/token", json=token_reply())
    responses.get(LIST, status=429, json=fault(900800), headers={"Retry-After": "7"})
    responses.get(LIST, json=page([], 0))
    client.get("/danhmucdulieu/1.0/tapdulieu")
    assert waits == [7.0]


@responses.activate
def test_transient_faults_are_retried_with_back_off(client, waits):
    responses.post(BASE + "/token", json=token_reply())
    for status in (503, 502, 504):
        responses.get(LIST, status=status, json=fault(101503))
    responses.get(LIST, json=page([], 0))
    client.get("/danhmucdulieu/1.0/tapdulieu")
    assert waits == [0.5, 1.0, 2.0]


@responses.activate
def test_retries_are_bounded(client, waits):
    responses.post(BASE + "/token", json=token_reply())
    responses.get(LIST, status=503, json=fault(101503))
    with pytest.raises(LgspError, match="503"):
        client.get("/danhmucdulieu/1.0/tapdulieu")
    assert len(waits) == 3


@responses.activate
def test_timeouts_are_retried_then_reported(client, waits):
    responses.post(BASE + "/token", json=token_reply())
    responses.get(LIST, body=requests.ConnectTimeout("slow"))
    with pytest.raises(LgspError, match="did not answer"):
        client.get("/danhmucdulieu/1.0/tapdulieu")
    assert len(waits) == 3


@responses.activate
def test_every_request_has_a_connect_and_read_timeout(client, monkeypatch):
    seen = []
    original = requests.Session.request

    def spy(self, *args, **kwargs):
        seen.append(kwargs.get("timeout"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", spy)
    responses.post(BASE + "/token", json=token_reply())
    responses.get(LIST, json=page([], 0))
    client.get("/danhmucdulieu/1.0/tapdulieu")
    assert seen == [(5.0, 30.0), (5.0, 30.0)]


@responses.activate
def test_paging_reads_to_the_end(client):
    responses.post(BASE + "/token", json=token_reply())
    records = [{"maTapDuLieu": str(i)} for i in range(5)]
    for start in (0, 2, 4):
        responses.get(LIST, json=page(records[start:start + 2], 5),
                      match=[responses.matchers.query_param_matcher(
                          {"trang": str(start // 2 + 1), "soBanGhi": "2"})])
    got = list(client.iter_records("/danhmucdulieu/1.0/tapdulieu", page_size=2))
    assert got == records


@responses.activate
def test_offset_paging_and_another_envelope_are_configuration(waits):
    from ckanext.thanhhoa_lgsp.client import Envelope

    client = LgspClient(BASE, "id", "secret", sleep=waits.append,
                        envelope=Envelope(data="items", total="count", error="status"),
                        paging=Paging(style="offset", offset="offset", limit="limit"))
    responses.post(BASE + "/token", json=token_reply())
    responses.get(LIST, json={"items": [{"id": 1}, {"id": 2}], "count": 3},
                  match=[responses.matchers.query_param_matcher({"offset": "0", "limit": "2"})])
    responses.get(LIST, json={"items": [{"id": 3}], "count": 3},
                  match=[responses.matchers.query_param_matcher({"offset": "2", "limit": "2"})])
    assert [r["id"] for r in client.iter_records("/danhmucdulieu/1.0/tapdulieu", page_size=2)] == [1, 2, 3]


@responses.activate
def test_an_envelope_error_is_reported(client):
    responses.post(BASE + "/token", json=token_reply())
    responses.get(LIST, status=200, json={"data": None, "error": {"code": 400, "userMessage": "Tham số không hợp lệ"}})
    with pytest.raises(LgspError, match="Tham số không hợp lệ"):
        client.get("/danhmucdulieu/1.0/tapdulieu")


def listed(client, pages, page_size=2, **kwargs):
    """The records and problems of a listing whose pages (trang 1, 2, …)
    answer `pages` in turn: a dict is a JSON body, an int a status."""
    responses.post(BASE + "/token", json=token_reply())
    for number, answer in enumerate(pages, start=1):
        reply = {"status": answer, "json": fault(answer)} if isinstance(answer, int) else {"json": answer}
        responses.get(LIST, match=[responses.matchers.query_param_matcher(
            {"trang": str(number), "soBanGhi": str(page_size)})], **reply)
    problems = []
    records = list(client.iter_records("/danhmucdulieu/1.0/tapdulieu", page_size=page_size,
                                       problems=problems, **kwargs))
    return [r["maTapDuLieu"] for r in records], problems


def ids(*names):
    return [{"maTapDuLieu": name} for name in names]


@responses.activate
@pytest.mark.parametrize("pages, received, problem", [
    ([404], [], "404"),
    ([{"data": None, "total": 500}], [], "trống (null)"),
    ([{"data": [], "total": 500}], [], "trang trống khi mới nhận 0/500"),
    ([page(ids("A"), 3)], ["A"], "1 bản ghi thay vì 2, mới nhận 1/3"),          # capped pages
    ([page(ids("A", "B"), 6), page(ids("A", "B"), 6)], ["A", "B"], "đúng trang trước"),
    ([{"data": ids("A")}, {"data": ids("B")}], ["A", "B"], "giới hạn cỡ trang"),  # no total
])
def test_a_listing_not_provably_complete_says_why(client, pages, received, problem):
    got, problems = listed(client, pages)
    assert got == received
    assert len(problems) == 1 and problem in problems[0], problems


@responses.activate
@pytest.mark.parametrize("pages, received", [
    ([page(ids("A", "B"), 3), page(ids("C"), 3)], ["A", "B", "C"]),
    ([page([], 0)], []),
    ([{"data": ids("A", "B")}, {"data": ids("C")}, {"data": []}], ["A", "B", "C"]),   # no total
])
def test_a_complete_listing_has_no_problem(client, pages, received):
    assert listed(client, pages) == (received, [])


@responses.activate
def test_offset_paging_goes_on_from_what_a_capping_gateway_gave(waits):
    client = LgspClient(BASE, "id", "secret", sleep=waits.append, paging=Paging(style="offset"))
    responses.post(BASE + "/token", json=token_reply())
    for offset, names in ((0, ("A",)), (1, ("B",)), (2, ("C",))):
        responses.get(LIST, json=page(ids(*names), 3), match=[
            responses.matchers.query_param_matcher({"offset": str(offset), "limit": "2"})])
    problems = []
    got = list(client.iter_records("/danhmucdulieu/1.0/tapdulieu", page_size=2, problems=problems))
    assert [r["maTapDuLieu"] for r in got] == ["A", "B", "C"] and problems == []


@responses.activate
def test_a_listing_stops_at_its_page_ceiling(waits):
    client = LgspClient(BASE, "id", "secret", sleep=waits.append, max_pages=2)
    got, problems = listed(client, [page(ids("A", "B"), 9), page(ids("C", "D"), 9)])
    assert got == ["A", "B", "C", "D"]
    assert len(problems) == 1 and "quá 2 trang" in problems[0]


def test_an_answer_that_drips_is_cut_at_the_total_time_limit(waits):
    """A real server on loopback that sends its body a byte at a time, each
    within the read timeout: only the total limit ends it."""
    import http.server
    import threading
    import time

    class Dripping(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = b'{"access_token": "t1", "expires_in": 3600}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            body = b'{"data": [], "total": 0}' + b" " * 200
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.02)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = LgspClient(f"http://127.0.0.1:{server.server_port}", "id", "secret",
                            sleep=waits.append, timeout=(1.0, 1.0), total_timeout=0.5,
                            session=requests.Session())
        started = time.monotonic()
        with pytest.raises(LgspError, match="quá 0.5 giây"):
            client.get("/danhmucdulieu/1.0/tapdulieu")
        assert time.monotonic() - started < 2
    finally:
        server.shutdown()
        server.server_close()
