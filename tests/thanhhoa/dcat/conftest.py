"""Fixtures of the DCAT tests: the fixture catalogue loaded into the portal
and the official DCAT-AP 3.0.0 shapes (ckanext/thanhhoa/quality/shapes/, which
the quality score's conformance check reads too)."""
import functools
import json

import pytest

from ckanext.thanhhoa.testing import dcat


@pytest.fixture(scope="session")
def catalogue_data(data_dir):
    return json.loads((data_dir / "dcat" / "catalogue.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def catalogue(_loaded_plugins, catalogue_data):
    """The fixture catalogue in an emptied portal, once for a module (its
    tests only read it): key → package_show."""
    from ckanext.thanhhoa.testing.portal import empty_portal

    empty_portal()
    return dcat.load_catalogue(catalogue_data)


@pytest.fixture(scope="session")
def violations(data_dir):
    """violations(graph or text[, fmt]): "" when it conforms to DCAT-AP 3.0.0,
    else pySHACL's report."""
    from ckanext.thanhhoa.quality import conformance

    return functools.partial(dcat.violations, conformance.SHAPES)
