"""The score on a dataset's page (what to fix for its editors only, the
overdue notice) and the last link check on a resource's page."""
import pytest

from ckan.tests import helpers

from ckanext.thanhhoa.quality import jobs as quality_jobs

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def dataset(sysadmin, agency, dataset_dict):
    created = helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
        agency["id"], name="du-lieu", tag_string="", frequency="MONTHLY", modified="2024-01-15",
        resources=[{"name": "Bảng", "url": "http://127.0.0.1:8983/solr/", "format": "CSV"}]))
    quality_jobs.check_dataset(created["id"])
    return created


def test_the_dataset_page_shows_the_score_and_what_to_fix_to_editors(app, dataset, sysadmin):
    quality = helpers.call_action("package_show", id=dataset["id"])["quality"]
    page = app.get("/dataset/du-lieu").body
    assert "Chất lượng siêu dữ liệu" in page
    assert f"{quality['score']} trên 405 điểm" in page
    assert "Quá hạn cập nhật: theo tần suất cập nhật, tập dữ liệu này lẽ ra phải được cập nhật trước ngày 22/02/2024" in page
    assert "Thêm từ khóa." not in page
    edited = app.get("/dataset/du-lieu", headers={"Authorization": sysadmin["token"]}).body
    assert "Cần bổ sung" in edited and "Thêm từ khóa." in edited


def test_the_resource_page_shows_the_last_link_check(app, dataset):
    resource = dataset["resources"][0]
    page = app.get(f"/dataset/du-lieu/resource/{resource['id']}").body
    assert "Kiểm tra liên kết" in page
    assert "Liên kết không truy cập được." in page and "địa chỉ cổng không được phép truy cập" in page
    english = app.get(f"/en/dataset/du-lieu/resource/{resource['id']}").body
    assert "The link does not answer." in english and "an address the portal may not reach" in english
