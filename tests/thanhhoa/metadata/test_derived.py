"""Values derived when the steward gave none (pure)."""
import pytest

from ckanext.thanhhoa.metadata import derived

pytestmark = pytest.mark.unit

AGENCY = {"name": "so-y-te", "title": "Sở Y tế", "agency_code": "000.00.11.H56",
          "agency_level": "tinh", "address": "Thanh Hóa", "email": ""}


def test_identifier_dates_and_publisher_come_from_the_dataset_and_its_agency():
    dataset = derived.fill_defaults({"id": "abc", "metadata_created": "2025-01-02T03:04:05",
                                     "metadata_modified": "2026-11-27T10:00:00"}, AGENCY)
    assert (dataset["identifier"], dataset["issued"], dataset["modified"]) == (
        "abc", "2025-01-02", "2026-11-27")
    # the publisher is the agency's public facts, never its address or empty fields
    assert dataset["publisher"] == {"name": "so-y-te", "title": "Sở Y tế",
                                    "agency_code": "000.00.11.H56", "agency_level": "tinh"}


def test_what_the_steward_gave_is_kept():
    given = {"id": "abc", "identifier": "SYT-01", "issued": "2020-05-01", "modified": "2021-01-01",
             "metadata_created": "2025-01-02", "metadata_modified": "2026-11-27"}
    assert derived.fill_defaults(dict(given)) == given
