"""Whether a job was clean, as the operator reads it and as the next run
acts on it. ckanext-harvest's badge counted object errors alone (a listing
that failed half-way said "0 errors"), and a job whose records were
rejected counted as clean, so the next incremental run never read them
again."""
import pytest

from ckan.tests import factories

from ckanext.thanhhoa.testing.harvest import run_job
from ckanext.thanhhoa_lgsp import harvester
from ckanext.harvest.model import HarvestJob

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                                     "clean_harvest_queues")


@pytest.fixture
def operator():
    return factories.SysadminWithToken()


def page(app, operator, path):
    return app.get(path, headers={"Authorization": operator["token"]}).get_data(as_text=True)


def test_a_clean_job_says_so(app, gateway_of, operator, make_source):
    source = make_source(operator, gateway_of(3).url)
    run_job(source["id"], operator["name"])

    admin_page = page(app, operator, f"/harvest/admin/{source['name']}")
    assert 'data-job-clean="true"' in admin_page
    assert "Lần thu thập này trọn vẹn" in admin_page


def test_a_rejected_record_makes_the_job_unclean_and_is_read_again(app, gateway_of, operator,
                                                                   make_source):
    gateway = gateway_of(3)
    source = make_source(operator, gateway.url)
    clean = run_job(source["id"], operator["name"])
    gateway.change("TH-00001", nguoiLienHe={"hoTen": "A", "email": "khong-hop-le"})
    rejected = run_job(source["id"], operator["name"])

    for path in (f"/harvest/admin/{source['name']}",
                 f"/harvest/{source['name']}/job/{rejected['id']}"):
        shown = page(app, operator, path)
        assert 'data-job-clean="false"' in shown and "Lần thu thập này chưa trọn vẹn" in shown
        assert "1 bản ghi không nhập được" in shown
        assert "từ thời điểm bắt đầu lần thu thập trọn vẹn gần nhất" in shown
    english = page(app, operator, f"/en/harvest/admin/{source['name']}")
    assert "This harvest job was not clean." in english and "1 record not imported" in english

    # the next incremental run lists from the clean job, so the record is read again
    assert harvester.last_clean_start(source["id"], "") == HarvestJob.get(clean["id"]).gather_started


def test_a_listing_that_failed_is_counted_on_the_page(app, gateway_of, operator, make_source):
    gateway = gateway_of(10)
    source = make_source(operator, gateway.url, {"mode": "full", "page_size": 7})
    run_job(source["id"], operator["name"])
    gateway.listing_fault = "404"
    job = run_job(source["id"], operator["name"])

    shown = page(app, operator, f"/harvest/{source['name']}/job/{job['id']}")
    assert "1 lỗi khi đọc danh sách" in shown and 'data-job-clean="false"' in shown


def test_anonymous_and_agency_staff_do_not_see_it(app, gateway_of, operator, make_source):
    source = make_source(operator, gateway_of(3).url)
    run_job(source["id"], operator["name"])
    staff = factories.UserWithToken()
    factories.Organization(users=[{"name": staff["name"], "capacity": "admin"}])

    for headers in ({}, {"Authorization": staff["token"]}):
        response = app.get(f"/harvest/admin/{source['name']}", headers=headers)
        assert response.status_code in (403, 404)
        assert "data-job-clean" not in response.get_data(as_text=True)
