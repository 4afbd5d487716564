"""The portal served by `ckan run`: pages a citizen and another system ask for."""
import pytest
import requests

from ckan.tests import helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_home_dataset_page_and_catalog_are_served(portal_url, sysadmin, agency, dataset_dict):
    dataset = helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
        agency["id"], name="danh-sach-truong-hoc", title_translated={"vi": "Danh sách trường học"}))

    home = requests.get(portal_url + "/", timeout=30)
    page = requests.get(f"{portal_url}/dataset/{dataset['name']}", timeout=30)
    catalog = requests.get(portal_url + "/catalog.ttl", timeout=30)
    missing = requests.get(portal_url + "/dataset/khong-ton-tai", timeout=30)

    assert home.status_code == 200
    assert "Cổng dữ liệu mở tỉnh Thanh Hóa" in home.text
    assert page.status_code == 200
    assert "Danh sách trường học" in page.text
    assert catalog.status_code == 200
    assert catalog.headers["Content-Type"].startswith("text/turtle")
    assert "Danh sách trường học" in catalog.content.decode("utf-8")
    assert missing.status_code == 404
