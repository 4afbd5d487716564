"""CKAN serves datasets and agencies with the suite's scheming schemas, loaded
from the top-level schemas/ folder."""
import pathlib

import pytest
import yaml

from ckan.tests import helpers

ROOT = pathlib.Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.mark.parametrize("action, type_, file_, fields_key", [
    ("scheming_dataset_schema_show", "dataset", "dataset.yaml", "dataset_fields"),
    ("scheming_organization_schema_show", "organization", "organization.yaml", "fields"),
])
def test_ckan_uses_the_schemas_of_the_project(action, type_, file_, fields_key):
    shipped = yaml.safe_load((ROOT / "schemas" / file_).read_text(encoding="utf-8"))

    served = helpers.call_action(action, type=type_)

    assert [f["field_name"] for f in served[fields_key]] == [
        f["field_name"] for f in shipped[fields_key]]
    assert served[fields_key][0]["label"]["vi"] == shipped[fields_key][0]["label"]["vi"]
