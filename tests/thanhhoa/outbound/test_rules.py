"""Which addresses the portal's own requests may reach (pure)."""
import pytest

from ckanext.thanhhoa.outbound.rules import blocked, parse_allowlist

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",   # cloud metadata
    "0.0.0.0", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "100.64.0.1", "224.0.0.1",
    "64:ff9b::a00:1", "64:ff9b::7f00:1", "2002:7f00:1::", "2002:a00:1::1",             # NAT64, 6to4
    "2001:0:4136:e378:8000:63bf:80ff:fffe",                               # Teredo to 127.0.0.1
])
def test_non_public_addresses_are_blocked(address):
    assert "outside the allowlist" in blocked("lgsp.example", 443, address, [])


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888", "113.160.0.1",
                                     "64:ff9b::808:808", "2002:808:808::"])
def test_public_addresses_pass(address):
    assert blocked("lgsp.thanhhoa.gov.vn", 443, address, []) is None


def test_the_allowlist_names_host_and_port():
    allowed = parse_allowlist(["127.0.0.1:8190", "gateway.internal:443", "127.0.0.1:32768-60999"])
    assert blocked("127.0.0.1", 8190, "127.0.0.1", allowed) is None
    assert blocked("gateway.internal", 443, "10.0.0.5", allowed) is None
    assert blocked("127.0.0.1", 40000, "127.0.0.1", allowed) is None
    assert blocked("127.0.0.1", 8983, "127.0.0.1", allowed)          # Solr stays closed
    assert blocked("gateway.internal", 5432, "10.0.0.5", allowed)    # another port of it
    assert blocked("evil.example", 443, "10.0.0.5", allowed)         # resolves to a private address


def test_a_whole_host_cannot_be_allowed():
    with pytest.raises(ValueError):
        parse_allowlist(["127.0.0.1"])
