"""The `lgsp` harvester end to end: a fake gateway over real HTTP on
loopback, the real harvest queues in Redis, PostgreSQL and Solr."""
import unicodedata

import pytest

import ckan.model as model
from ckan.tests import factories, helpers
from ckanext.harvest.model import HarvestObjectError

from ckanext.thanhhoa.testing.harvest import active, catalogue, gateway_titles, run_job
from ckanext.thanhhoa.testing.lgsp_gateway import FakeGateway, Faults

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                                     "clean_harvest_queues")


def errors_of(job_id):
    from ckanext.harvest.model import HarvestObject
    return [e.message for e in model.Session.query(HarvestObjectError)
            .join(HarvestObject).filter(HarvestObject.harvest_job_id == job_id)]


def test_first_run_creates_everything_and_a_rerun_changes_nothing(gateway, admin, make_source):
    source = make_source(admin, gateway.url)

    first = run_job(source["id"], admin["name"])
    second = run_job(source["id"], admin["name"])

    assert first["status"] == "Finished"
    assert first["stats"]["added"] == 30 and first["stats"]["errored"] == 0
    assert active(catalogue()) == gateway_titles(gateway)
    assert second["status"] == "Finished"
    assert second["stats"].get("added", 0) == 0 and second["stats"].get("updated", 0) == 0


def test_datasets_are_indexed_with_their_source_from_the_first_write(gateway, admin, make_source):
    """The source page counts and lists what it harvested: ckanext-harvest
    indexes the source only when a harvest object already points at the
    dataset (it showed 0 after a first run)."""
    source = make_source(admin, gateway.url)

    run_job(source["id"], admin["name"])

    found = helpers.call_action("package_search", {"user": admin["name"]}, rows=0,
                                fq=f'+harvest_source_id:"{source["id"]}"', include_private=True)
    status = helpers.call_action("harvest_source_show_status", {"user": admin["name"]},
                                 id=source["id"])
    assert found["count"] == status["total_datasets"] == 30


def shown(lgsp_id):
    package = next(p for p in model.Session.query(model.Package) if p.extras.get("lgsp_id") == lgsp_id)
    return helpers.call_action("package_show", id=package.id)


def test_records_map_to_the_schema_and_agencies_are_created(gateway, admin, make_source):
    source = make_source(admin, gateway.url)
    run_job(source["id"], admin["name"])

    nfd = shown("TH-00005")                       # index 5: NFD text
    html = shown("TH-00004")                      # index 4: HTML, agency not in the portal
    assert nfd["title"] == unicodedata.normalize("NFC", gateway.records["TH-00005"]["tenTapDuLieu"])
    assert nfd["title"] != gateway.records["TH-00005"]["tenTapDuLieu"]
    assert "<" not in html["notes"] and "**định kỳ**" in html["notes"]
    assert html["organization"]["title"] == "Ủy ban nhân dân phường Hạc Thành"
    agency = helpers.call_action("organization_show", id=html["owner_org"])
    assert (agency["agency_code"], agency["agency_level"]) == ("000.01.01.H56", "xa")
    assert html["lgsp_id"] == "TH-00004"
    assert html["resources"][0]["lgsp_resource_id"] == "TH-00004-R1"


def test_changes_withdrawals_and_restorations_follow_the_gateway(gateway, admin, make_source):
    source = make_source(admin, gateway.url)
    run_job(source["id"], admin["name"])

    gateway.change("TH-00001", tenTapDuLieu="Tên mới của bộ 1")
    gateway.withdraw("TH-00002")
    job = run_job(source["id"], admin["name"])
    state = catalogue()
    assert state["TH-00001"] == ("active", "Tên mới của bộ 1")
    assert state["TH-00002"][0] == "deleted"
    assert job["stats"]["updated"] == 1 and job["stats"]["deleted"] == 1

    gateway.publish(dict(gateway.records["TH-00002"]))
    run_job(source["id"], admin["name"])
    assert catalogue()["TH-00002"][0] == "active"
    assert active(catalogue()) == gateway_titles(gateway)


def test_a_complete_listing_withdraws_what_it_lacks_of_this_source_only(gateway, admin, make_source):
    source = make_source(admin, gateway.url, {"mode": "full"})
    other = FakeGateway.generated(3, seed=7)
    other.start()
    try:
        other_source = make_source(admin, other.url, name="lgsp-khac")
        run_job(other_source["id"], admin["name"])      # same ids TH-00000..2, another source
        run_job(source["id"], admin["name"])
        gateway.remove("TH-00000")
        run_job(source["id"], admin["name"])
    finally:
        other.stop()
    ours = [p for p in model.Session.query(model.Package) if p.extras.get("lgsp_id") == "TH-00000"]
    assert sorted(p.state for p in ours) == ["active", "deleted"]


def test_bad_records_are_object_errors_and_the_run_goes_on(gateway, admin, make_source):
    gateway.change("TH-00003", nguoiLienHe={"hoTen": "A", "email": "khong-hop-le", "soDienThoai": "1"})
    gateway.change("TH-00006", tenTapDuLieu="   ")
    gateway.change("TH-00009", linhVuc=["LV99"], tanSuatCapNhat="MOI_GIO")
    source = make_source(admin, gateway.url)

    job = run_job(source["id"], admin["name"])

    messages = errors_of(job["id"])
    assert job["status"] == "Finished"
    assert job["stats"]["added"] == 27 and job["stats"]["errored"] == 3
    assert any(m.startswith("Bản ghi TH-00003 không hợp lệ") and "nguoiLienHe" in m
               and "Địa chỉ thư điện tử không hợp lệ" in m for m in messages), messages
    assert any("TH-00006" in m and "tenTapDuLieu" in m for m in messages), messages
    assert any("TH-00009" in m and "Tần suất cập nhật không tồn tại: MOI_GIO" in m for m in messages), messages
    assert any("lĩnh vực 'LV99'" in m for m in messages)
    assert set(catalogue()) == set(gateway.published()) - {"TH-00003", "TH-00006", "TH-00009"}


def test_faults_at_random_end_with_the_gateways_catalogue(admin, make_source):
    gateway = FakeGateway.generated(60, seed=11, token_lifetime=3,
                                    faults=Faults(rate=0.4, seed=4))
    gateway.start()
    try:
        source = make_source(admin, gateway.url, {"page_size": 3})
        jobs = []
        for step in range(3):
            jobs.append(run_job(source["id"], admin["name"]))
            gateway.change(f"TH-{step:05d}", tenTapDuLieu=f"Đổi lần {step}")
            gateway.withdraw(f"TH-{step + 10:05d}")
        jobs.append(run_job(source["id"], admin["name"]))
    finally:
        gateway.stop()
    assert [job["status"] for job in jobs] == ["Finished"] * 4
    assert active(catalogue()) == gateway_titles(gateway)
    # the runs met faults, of every kind
    assert len(gateway.faults_served) > 10
    assert set(gateway.faults_served) == {"429", "503", "502", "504", "401"}


def test_an_unreachable_gateway_fails_the_job_and_touches_nothing(gateway, admin, make_source):
    source = make_source(admin, gateway.url)
    run_job(source["id"], admin["name"])
    before = catalogue()
    gateway.stop()

    job = run_job(source["id"], admin["name"])

    assert job["status"] == "Finished"
    assert job["stats"].get("added", 0) == job["stats"].get("deleted", 0) == 0
    report = helpers.call_action("harvest_job_report", id=job["id"])
    assert "Không thu thập được danh sách từ LGSP" in report["gather_errors"][0]["message"]
    assert catalogue() == before


def test_wrong_credentials_are_a_gather_error(gateway, admin, ckan_config, monkeypatch, make_source):
    monkeypatch.setitem(ckan_config, "ckanext.thanhhoa_lgsp.client_secret", "sai")
    source = make_source(admin, gateway.url)
    job = run_job(source["id"], admin["name"])
    report = helpers.call_action("harvest_job_report", id=job["id"])
    assert "Client Authentication failed" in report["gather_errors"][0]["message"]


def test_a_bad_source_configuration_is_refused_when_created(app, gateway):
    admin = factories.SysadminWithToken()
    response = app.post("/api/3/action/harvest_source_create", status=409,
                        headers={"Authorization": admin["token"]},
                        json={"name": "x-lgsp", "title": "x", "url": gateway.url, "source_type": "lgsp",
                              "owner_org": factories.Organization()["id"],
                              "config": '{"page_size": 1000}'})
    assert "page_size phải là số nguyên từ 1 đến 100" in str(response.json["error"]["config"])


def test_operators_read_jobs_and_errors_in_vietnamese(app, gateway, make_source):
    admin = factories.SysadminWithToken()
    gateway.change("TH-00003", nguoiLienHe={"hoTen": "A", "email": "khong-hop-le"})
    source = make_source(admin, gateway.url)
    job = run_job(source["id"], admin["name"])

    page = app.get(f"/harvest/{source['name']}/job/{job['id']}",
                   headers={"Authorization": admin["token"]}).get_data(as_text=True)

    assert "Báo cáo lần thu thập" in page
    assert "Bản ghi TH-00003 không hợp lệ" in page
    assert "Địa chỉ thư điện tử không hợp lệ" in page


def test_the_check_command_says_what_a_run_would_do(cli, gateway, admin, make_source):
    # the command's group in this process: `ckan` itself would load the
    # config and make the app again for each call (3 s)
    from ckanext.thanhhoa_lgsp.cli import thanhhoa_lgsp

    source = make_source(admin, gateway.url)
    first = cli.invoke(thanhhoa_lgsp, ["check", source["name"]])
    run_job(source["id"], admin["name"])
    after = cli.invoke(thanhhoa_lgsp, ["check", source["name"]])
    gateway.stop()
    down = cli.invoke(thanhhoa_lgsp, ["check", source["name"]])

    assert first.exit_code == 0, first.output
    assert "credentials accepted" in first.output
    assert "complete listing: 30 records" in first.output
    assert "incremental from" in after.output
    assert down.exit_code != 0 and "did not answer" in down.output
