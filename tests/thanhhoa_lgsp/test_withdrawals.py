"""A complete listing withdraws what it lacks only when it is provably
complete, and never more than a share of a source's datasets: a bad day at
the gateway (a 404 on the listing, `data: null`, an empty page while its
total says 30, pages capped at 5 records when 7 were asked) once ended the
paging without an error, and the run withdrew the catalogue."""
import pytest
from ckan.tests import helpers

from ckanext.thanhhoa.testing.harvest import active, catalogue, run_job

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                                     "clean_harvest_queues")


def gather_errors(job):
    return [e["message"] for e in
            helpers.call_action("harvest_job_report", id=job["id"])["gather_errors"]]


@pytest.mark.parametrize("fault, cause", [
    ("404", "404"), ("null", "trống (null)"), ("empty", "trang trống khi mới nhận 0/30"),
    ("cap5", "5 bản ghi thay vì 7, mới nhận 5/30"),
])
def test_a_listing_not_provably_complete_withdraws_nothing(gateway, admin, make_source,
                                                           fault, cause):
    source = make_source(admin, gateway.url, {"mode": "full", "page_size": 7})
    run_job(source["id"], admin["name"])
    before = active(catalogue())

    gateway.listing_fault = fault
    job = run_job(source["id"], admin["name"])

    assert len(before) == 30 and active(catalogue()) == before
    errors = gather_errors(job)
    assert len(errors) == 1 and "chưa chắc đầy đủ nên không rút" in errors[0] and cause in errors[0]


def test_a_run_withdraws_at_most_a_fifth_of_the_source(gateway, admin, make_source):
    source = make_source(admin, gateway.url, {"mode": "full", "page_size": 7})
    run_job(source["id"], admin["name"])
    removed = {f"TH-{index:05d}": gateway.records[f"TH-{index:05d}"] for index in range(7)}

    for record_id in removed:                              # 7 of 30: more than 20 %
        gateway.remove(record_id)
    refused = run_job(source["id"], admin["name"])
    assert len(active(catalogue())) == 30
    assert any("thiếu 7/30" in e and "quá 20%" in e for e in gather_errors(refused))

    for record_id in list(removed)[:2]:                    # 5 of 30: within the share
        gateway.records[record_id] = removed[record_id]
    allowed = run_job(source["id"], admin["name"])
    assert set(active(catalogue())) == set(gateway.published())
    assert len(active(catalogue())) == 25 and gather_errors(allowed) == []


def test_an_operator_withdraws_past_the_share_from_the_cli(cli, gateway, admin, make_source):
    from ckanext.thanhhoa_lgsp.cli import thanhhoa_lgsp

    source = make_source(admin, gateway.url, {"mode": "full", "page_size": 7})
    run_job(source["id"], admin["name"])
    for index in range(10):
        gateway.remove(f"TH-{index:05d}")
    run_job(source["id"], admin["name"])                 # refused: 10 of 30
    gateway.listing_fault = "cap5"
    unsure = cli.invoke(thanhhoa_lgsp, ["withdraw-missing", source["name"], "--yes"])
    gateway.listing_fault = None
    done = cli.invoke(thanhhoa_lgsp, ["withdraw-missing", source["name"], "--yes"])

    assert unsure.exit_code != 0 and "chưa chắc đầy đủ" in unsure.output
    assert done.exit_code == 0, done.output
    assert done.output.count("withdrawn: ") == 10
    assert set(active(catalogue())) == set(gateway.published())
