"""Fixtures of the LGSP harvester's tests: the fake gateway served on
loopback (a real HTTP server) and harvest sources pointed at it."""
import json

import pytest


@pytest.fixture
def gateway():
    from ckanext.thanhhoa.testing.lgsp_gateway import FakeGateway

    served = FakeGateway.generated(30, seed=7)
    served.start()
    yield served
    served.stop()


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
