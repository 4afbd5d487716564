"""The outbound proxy xloader downloads through, over real sockets on
127.0.0.1: it refuses what the rules refuse (plain HTTP and CONNECT) and
forwards the rest."""
import threading

import pytest
import requests

from ckanext.thanhhoa.outbound import proxy
from ckanext.thanhhoa.outbound.rules import parse_allowlist
from ckanext.thanhhoa.testing.http import serve

pytestmark = pytest.mark.unit


CSV = b"ma,ten\n1,Lam Son\n"


@pytest.fixture
def servers():
    target = serve(CSV, "text/csv")
    forward = proxy.serve("127.0.0.1", 0, parse_allowlist([f"127.0.0.1:{target.server_port}"]))
    threading.Thread(target=forward.serve_forever, daemon=True).start()
    yield target.server_port, f"http://127.0.0.1:{forward.server_port}"
    for server in (target, forward):
        server.shutdown()
        server.server_close()


def test_an_allowed_download_is_forwarded(servers):
    port, url = servers
    answer = requests.get(f"http://127.0.0.1:{port}/data.csv", proxies={"http": url}, timeout=5)
    assert answer.status_code == 200 and "Lam Son" in answer.text


def test_a_local_service_outside_the_allowlist_is_refused(servers):
    port, url = servers
    other = serve(CSV, "text/csv")                      # listening, not allowed
    try:
        answer = requests.get(f"http://127.0.0.1:{other.server_port}/solr/ckan/select?q=*:*",
                              proxies={"http": url}, timeout=5)
    finally:
        other.shutdown()
        other.server_close()
    assert answer.status_code == 403 and "outside the allowlist" in answer.text


def test_a_tunnel_to_a_refused_address_is_not_opened(servers):
    port, url = servers
    with pytest.raises(requests.exceptions.ProxyError):
        requests.get("https://127.0.0.1:8983/", proxies={"https": url}, timeout=5)


def test_the_site_itself_is_allowed_for_uploads():
    allowed = proxy.allowed_for({"ckan.site_url": "http://127.0.0.1:5055",
                                 "ckanext.thanhhoa.outbound.allow": "127.0.0.1:8190"})
    assert [(a.host, a.first_port) for a in allowed] == [("127.0.0.1", 8190), ("127.0.0.1", 5055)]
