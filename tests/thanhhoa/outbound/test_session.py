"""The outbound session over real sockets on 127.0.0.1: a connection is
checked once made, and each redirect's new connection too."""
import pytest

from ckanext.thanhhoa.outbound.rules import parse_allowlist
from ckanext.thanhhoa.outbound.session import BlockedAddress, session
from ckanext.thanhhoa.testing.http import serve

pytestmark = pytest.mark.unit


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
