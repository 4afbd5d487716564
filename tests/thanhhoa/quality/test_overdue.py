"""Overdue datasets: the declared frequency, the last update (the dataset's
or a new file's), a grace of a quarter of the interval (at least 3 days)."""
import datetime

import pytest

from ckanext.thanhhoa.quality import overdue

pytestmark = pytest.mark.unit
TODAY = datetime.date(2026, 11, 29)


@pytest.mark.parametrize("frequency, modified, due, days_late", [
    ("MONTHLY", "2026-10-25", "2026-12-02", 0),     # 31 days + 7 days' grace
    ("MONTHLY", "2026-10-01", "2026-11-08", 21),
    ("ANNUAL", "2025-10-01", "2027-01-01", 0),      # 366 + 91
    ("ANNUAL", "2025-06-01", "2026-09-01", 89),
    ("DAILY", "2026-11-26", "2026-11-30", 0),       # 1 + 3 (the least grace)
    ("DAILY", "2026-11-20", "2026-11-24", 5),
    ("QUARTERLY", "2026-06-30", "2026-10-23", 37),  # 92 + 23
])
def test_a_dataset_is_overdue_after_its_interval_and_grace(frequency, modified, due, days_late):
    found = overdue.due({"frequency": frequency, "modified": modified}, TODAY)
    assert (found.due.isoformat(), found.days_late, found.overdue) == (due, days_late, days_late > 0)


def test_a_new_file_counts_as_an_update():
    dataset = {"frequency": "MONTHLY", "modified": "2026-08-01",
               "resources": [{"last_modified": "2026-11-10T08:00:00"}, {"last_modified": None}]}
    found = overdue.due(dataset, TODAY)
    assert found.last_update == datetime.date(2026, 11, 10) and not found.overdue


@pytest.mark.parametrize("dataset", [
    {"frequency": "IRREG", "modified": "2020-01-01"}, {"frequency": "NEVER", "modified": "2020-01-01"},
    {"modified": "2020-01-01"}, {"frequency": "MONTHLY"}, {"frequency": "MONTHLY", "modified": "not a date"},
])
def test_no_promise_or_no_date_is_never_overdue(dataset):
    assert overdue.due(dataset, TODAY) is None


def test_ckans_own_date_stands_in_for_the_stewards():
    found = overdue.due({"frequency": "WEEKLY", "metadata_modified": "2026-11-01T10:00:00"}, TODAY)
    assert found.overdue and found.last_update == datetime.date(2026, 11, 1)
