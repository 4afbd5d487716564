"""The tests of this folder read one portal: the demo catalogue of `make run`
(its CSVs loaded into the DataStore by xloader), loaded once for the folder
and served on loopback, and one Chromium. No test here empties the
databases; a test that writes (the steward's new dataset) writes into an
agency of its own."""
import pytest

from ckanext.thanhhoa.testing import browser as chromium
from ckanext.thanhhoa.testing.portal import load_demo


@pytest.fixture(scope="package")
def demo_portal(portal_url):
    """The demo portal, loaded once for this folder."""
    return {"url": portal_url, "admin": load_demo()}


@pytest.fixture(scope="package")
def browser():
    with chromium.chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def screenshots(root):
    return root / ".run" / "screenshots"
