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


@pytest.fixture
def gateway(gateway_of):
    """A gateway of 10 records (the folder's has 30: these tests run many jobs)."""
    return gateway_of(10)


def gather_errors(job):
    return [e["message"] for e in
            helpers.call_action("harvest_job_report", id=job["id"])["gather_errors"]]


@pytest.mark.parametrize("fault, cause", [
    ("404", "404"), ("null", "trống (null)"), ("empty", "trang trống khi mới nhận 0/10"),
    ("cap5", "5 bản ghi thay vì 7, mới nhận 5/10"),
])
def test_a_listing_not_provably_complete_withdraws_nothing(gateway, admin, make_source,
                                                           fault, cause):
    source = make_source(admin, gateway.url, {"mode": "full", "page_size": 7})
    run_job(source["id"], admin["name"])
    before = active(catalogue())

    gateway.listing_fault = fault
    job = run_job(source["id"], admin["name"])

    assert len(before) == 10 and active(catalogue()) == before
    errors = gather_errors(job)
    assert len(errors) == 1 and "chưa chắc đầy đủ nên không rút" in errors[0] and cause in errors[0]


def test_a_run_withdraws_at_most_a_fifth_of_the_source(gateway, admin, make_source):
    source = make_source(admin, gateway.url, {"mode": "full", "page_size": 7})
    run_job(source["id"], admin["name"])
    removed = {f"TH-{index:05d}": gateway.records[f"TH-{index:05d}"] for index in range(3)}

    for record_id in removed:                              # 3 of 10: more than 20 %
        gateway.remove(record_id)
    refused = run_job(source["id"], admin["name"])
    assert len(active(catalogue())) == 10
    assert any("thiếu 3/10" in e and "quá 20%" in e for e in gather_errors(refused))

    first = next(iter(removed))                            # 2 of 10: within the share
    gateway.records[first] = removed[first]
    allowed = run_job(source["id"], admin["name"])
    assert set(active(catalogue())) == set(gateway.published())
    assert len(active(catalogue())) == 8 and gather_errors(allowed) == []


def test_an_operator_withdraws_past_the_share_from_the_cli(cli, gateway, admin, make_source):
    from ckanext.thanhhoa_lgsp.cli import thanhhoa_lgsp

    source = make_source(admin, gateway.url, {"mode": "full", "page_size": 7})
    run_job(source["id"], admin["name"])
    for index in range(5):
        gateway.remove(f"TH-{index:05d}")
    run_job(source["id"], admin["name"])                 # refused: 5 of 10
    gateway.listing_fault = "empty"
    unsure = cli.invoke(thanhhoa_lgsp, ["withdraw-missing", source["name"], "--yes"])
    gateway.listing_fault = None
    done = cli.invoke(thanhhoa_lgsp, ["withdraw-missing", source["name"], "--yes"])

    assert unsure.exit_code != 0 and "chưa chắc đầy đủ" in unsure.output
    assert done.exit_code == 0, done.output
    assert done.output.count("withdrawn: ") == 5
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
    assert job["stats"]["errored"] == 10 and len(messages) == 10
    assert all("lỗi không lường trước khi nhập (KeyError: 'maDonVi')" in m for m in messages)


def test_an_incremental_source_reads_a_complete_listing_every_week(gateway, admin, make_source):
    """Removals from the gateway show only in a complete listing: an
    incremental source reads one when its last is `full_every_days` old."""
    import datetime

    from ckan import model
    from ckanext.thanhhoa_lgsp import harvester

    source = make_source(admin, gateway.url, {"page_size": 7})      # incremental, weekly
    run_job(source["id"], admin["name"])                              # the first is complete
    gateway.remove("TH-00001")
    run_job(source["id"], admin["name"])
    assert "TH-00001" in active(catalogue())                          # incremental: not seen

    task = harvester.last_complete_listing(source["id"])
    task.last_updated -= datetime.timedelta(days=8)
    model.Session.commit()
    run_job(source["id"], admin["name"])

    assert "TH-00001" not in active(catalogue())
    assert set(active(catalogue())) == set(gateway.published())


def test_the_check_command_pages_as_the_source_says(cli, gateway, admin, make_source):
    from ckanext.thanhhoa_lgsp.cli import thanhhoa_lgsp

    source = make_source(admin, gateway.url, {"paging": {"style": "offset"}})
    result = cli.invoke(thanhhoa_lgsp, ["check", source["name"]])

    assert result.exit_code == 0, result.output
    listings = [r for r in gateway.requests if r.startswith("GET /danhmucdulieu/1.0/tapdulieu")]
    assert listings and all("offset=0" in r and "limit=1" in r for r in listings), listings
