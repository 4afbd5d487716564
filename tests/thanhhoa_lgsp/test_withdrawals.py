"""What a bad day at the gateway does. A complete listing withdraws what it
lacks only when it is provably complete, and never more than a share of a
source's datasets: a 404 on the listing, `data: null`, an empty page while
its total says 30, pages capped at 5 records when 7 were asked once ended
the paging without an error, and the run withdrew the catalogue. Records
that crashed the gather, or an import that raised, left a job counted as
clean, or retried in silence."""
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


def test_records_that_crash_a_gather_are_errors_and_the_run_is_not_clean(gateway, admin,
                                                                        make_source):
    from ckanext.thanhhoa_lgsp import harvester

    source = make_source(admin, gateway.url)
    clean = run_job(source["id"], admin["name"])
    gateway.junk = ["không phải đối tượng", {"maTapDuLieu": ["TH-1"]}]
    gateway.change("TH-00004", tenTapDuLieu="Tên mới")
    job = run_job(source["id"], admin["name"])

    errors = gather_errors(job)
    assert any("Bản ghi thứ 1" in e and "không phải đối tượng JSON" in e for e in errors), errors
    assert any("Bản ghi thứ 2" in e and "maTapDuLieu không hợp lệ" in e for e in errors), errors
    assert catalogue()["TH-00004"][1] == "Tên mới"          # the good records still came
    # the next incremental run starts from the last clean one, not this one
    assert harvester.last_clean_start(source["id"], "") == model_job(clean["id"]).gather_started


def model_job(job_id):
    from ckanext.harvest.model import HarvestJob
    return HarvestJob.get(job_id)


def test_an_import_that_fails_unexpectedly_says_why_once(gateway, admin, make_source, monkeypatch):
    from ckanext.thanhhoa_lgsp import mapping

    def broken(*args, **kwargs):
        raise KeyError("maDonVi")

    monkeypatch.setattr(mapping, "record_to_dataset", broken)
    source = make_source(admin, gateway.url)
    job = run_job(source["id"], admin["name"])

    report = helpers.call_action("harvest_job_report", id=job["id"])
    messages = [e["message"] for errors in report["object_errors"].values()
                for e in errors["errors"]]
    assert job["stats"]["errored"] == 30 and len(messages) == 30
    assert all("lỗi không lường trước khi nhập (KeyError: 'maDonVi')" in m for m in messages)
