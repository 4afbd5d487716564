"""Fixtures of the LGSP harvester's tests: the fake gateway served on
loopback (a real HTTP server) and harvest sources pointed at it."""
import json

import pytest


@pytest.fixture
def gateway_of():
    """gateway_of(count): a fake gateway of that many records, served until
    the test ends."""
    from ckanext.thanhhoa.testing.lgsp_gateway import FakeGateway

    started = []

    def make(count):
        served = FakeGateway.generated(count, seed=7)
        served.start()
        started.append(served)
        return served

    yield make
    for served in started:
        served.stop()


@pytest.fixture
def gateway(gateway_of):
    return gateway_of(30)


@pytest.fixture
def admin():
    from ckan.tests import factories

    return factories.Sysadmin()


@pytest.fixture
def make_source():
    """make_source(admin, url, config=None, name=…): an `lgsp` harvest source."""
    from ckan.tests import factories, helpers

    def make(admin, url, config=None, name="lgsp-thanh-hoa"):
        owner = factories.Organization()
        return helpers.call_action(
            "harvest_source_create", {"user": admin["name"]}, name=name, title="LGSP Thanh Hóa",
            url=url, source_type="lgsp", owner_org=owner["id"], frequency="MANUAL",
            config=json.dumps(config or {"page_size": 7}))

    return make
