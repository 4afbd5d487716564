"""CKAN's tracking plugin with its view counts read in two queries
(statistics/tracking.py): search results and datasets carry the same
`tracking_summary` as the plugin's own per-dataset reads give, whatever the
number of results (and, of two rows of the latest day, the higher)."""
import contextlib
import datetime

import pytest
import sqlalchemy

from ckan import model
from ckan.tests import factories, helpers

from ckanext.tracking.model import TrackingSummary

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def summary(day, total, recent, package_id="", url="", kind="page"):
    model.Session.add(TrackingSummary(url=url, package_id=package_id, tracking_type=kind, count=1,
                                      running_total=total, recent_views=recent, tracking_date=day))


@contextlib.contextmanager
def tracking_queries():
    seen = []

    def count(conn, cursor, statement, *args):
        if "tracking_summary" in statement:
            seen.append(statement)
    sqlalchemy.event.listen(model.meta.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sqlalchemy.event.remove(model.meta.engine, "before_cursor_execute", count)


@pytest.fixture
def viewed(dataset_dict, sysadmin):
    """Six open datasets of two resources each; the first four viewed on
    two days (the latest day counts), their first resource downloaded."""
    agency = factories.Organization()
    today = datetime.date.today()
    datasets = []
    for n in range(6):
        dataset = helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
            agency["id"], name=f"xem-{n}", resources=[
                {"name": "Bảng", "url": f"http://example.org/xem-{n}.csv", "format": "CSV"},
                {"name": "Tệp", "url": f"http://example.org/xem-{n}.json", "format": "JSON"}]))
        datasets.append(dataset)
        if n < 4:
            summary(today - datetime.timedelta(days=1), 10 * n, n, package_id=dataset["id"])
            summary(today, 10 * n + 5, n + 1, package_id=dataset["id"])
            summary(today, 7 * n, n, url=dataset["resources"][0]["url"], kind="resource")
        if n == 4:      # its page at / and at /en/: two rows of the same day
            summary(today, 3, 1, package_id=dataset["id"])
            summary(today, 9, 2, package_id=dataset["id"])
    model.Session.commit()
    return datasets


def expected(dataset):
    return (TrackingSummary.get_for_package(dataset["id"]),
            [TrackingSummary.get_for_resource(r["url"]) for r in dataset["resources"]])


def shown(dataset):
    return dataset["tracking_summary"], [r["tracking_summary"] for r in dataset["resources"]]


def test_search_results_carry_the_plugins_counts_in_two_queries(viewed):
    with tracking_queries() as queries:
        found = helpers.call_action("package_search", fq="name:xem-*", rows=20)["results"]
    assert len(found) == 6
    assert len(queries) == 2, queries        # CKAN's plugin alone: 6 + 12 = 18
    for dataset in found:
        if dataset["name"] != "xem-4":      # CKAN's plugin takes either row of a tie
            assert shown(dataset) == expected(dataset)
    by_name = {d["name"]: shown(d) for d in found}
    assert by_name["xem-4"][0] == {"total": 9, "recent": 2}        # the higher, every time
    assert by_name["xem-3"] == ({"total": 35, "recent": 4}, [{"total": 21, "recent": 3}, {"total": 0, "recent": 0}])
    assert by_name["xem-5"] == ({"total": 0, "recent": 0}, [{"total": 0, "recent": 0}] * 2)


def test_a_dataset_carries_the_plugins_counts_in_two_queries(viewed):
    with tracking_queries() as queries:
        dataset = helpers.call_action("package_show", id="xem-2")
    assert len(queries) == 2, queries
    assert shown(dataset) == expected(dataset) == (
        {"total": 25, "recent": 3}, [{"total": 14, "recent": 2}, {"total": 0, "recent": 0}])
