"""The pure parts of the statistics: growth per month, what counts as a download."""
import datetime

import pytest

from ckanext.thanhhoa.statistics import figures
from ckanext.thanhhoa.statistics.downloads import what_was_downloaded

pytestmark = pytest.mark.unit


def test_growth_fills_empty_months_and_counts_what_came_before():
    rows = [("2024-05", 3, 1), ("2026-09", 2, 2), ("2026-11", 1, 0)]
    series = figures.growth(rows, 4, datetime.date(2026, 11, 30))
    assert series == [
        {"month": "2026-08", "added": 0, "added_open": 0, "total": 3, "total_open": 1},
        {"month": "2026-09", "added": 2, "added_open": 2, "total": 5, "total_open": 3},
        {"month": "2026-10", "added": 0, "added_open": 0, "total": 5, "total_open": 3},
        {"month": "2026-11", "added": 1, "added_open": 0, "total": 6, "total_open": 3},
    ]


def test_growth_across_a_new_year():
    series = figures.growth([], 3, datetime.date(2027, 1, 5))
    assert [m["month"] for m in series] == ["2026-11", "2026-12", "2027-01"]


@pytest.mark.parametrize("endpoint, view_args, status, args, body, expected", [
    ("resource.download", {"resource_id": "r"}, 200, {}, None, ("file", "r")),
    ("resource.download", {"resource_id": "r"}, 302, {}, None, ("file", "r")),
    ("resource.download", {"resource_id": "r"}, 404, {}, None, None),
    ("datastore.dump", {"resource_id": "r"}, 200, {}, None, ("dump", "r")),
    ("api.action", {"logic_function": "datastore_search"}, 200, {"resource_id": "r"}, None, ("api", "r")),
    ("api.action", {"logic_function": "datastore_search"}, 200, {}, {"id": "r"}, ("api", "r")),
    ("api.action", {"logic_function": "datastore_search"}, 403, {}, {"resource_id": "r"}, None),
    ("api.action", {"logic_function": "package_show"}, 200, {"id": "r"}, None, None),
    ("api.action", {"logic_function": "datastore_search"}, 200, {}, {"resource_id": ["r"]}, None),
    ("dataset.read", {"id": "d"}, 200, {}, None, None),
    (None, {}, 200, {}, None, None),
])
def test_what_counts_as_a_download(endpoint, view_args, status, args, body, expected):
    assert what_was_downloaded(endpoint, view_args, status, args, body) == expected


def test_formats_typed_by_hand_are_counted_as_other():
    facet = {"title": "res_format", "items": [{"name": "CSV", "display_name": "CSV", "count": 5},
                                              {"name": "Bao cao mat zqk", "display_name": "x", "count": 2},
                                              {"name": "xlsx", "display_name": "xlsx", "count": 1},
                                              {"name": "", "display_name": "", "count": 1}]}
    shown = figures.known_formats(facet, "Khác")
    assert [(i["name"], i["count"]) for i in shown["items"]] == [("CSV", 5), ("xlsx", 1), ("other", 3)]
    assert shown["title"] == "res_format"


@pytest.mark.parametrize("value, written", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1+2", "'-1+2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("Sở Y tế", "Sở Y tế"), (-3, -3), (12, 12),
])
def test_no_csv_cell_runs_as_a_formula(value, written):
    from ckanext.thanhhoa.statistics.export import cell

    assert cell(value) == written
