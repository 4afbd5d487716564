"""A steward's report in a real browser: the XLSX with legacy fonts loaded,
the resource page says in Vietnamese what was done to it, the steward gives
a column its label and unit in the data dictionary, and the page shows the
data service with its OpenAPI document."""
import json
import pathlib
import re

import pytest
from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.thanhhoa.testing.browser import csp_violations, new_page, screenshot, sign_in

REPORT = pathlib.Path(__file__).parents[3] / "data" / "datastore" / "report-legacy-fonts.xlsx"


@pytest.fixture
def loaded_report(demo_portal, ckan_config, monkeypatch, create_with_upload, dataset_dict, with_test_worker):
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", demo_portal["admin"]["token"])
    steward = factories.User(password="mat-khau-cua-can-bo", image_url="")
    agency = factories.Organization(users=[{"name": steward["name"], "capacity": "editor"}],
                                    name="van-phong-thong-ke", title="Văn phòng Thống kê")
    dataset = helpers.call_action("package_create", {"user": demo_portal["admin"]["name"]},
                                  **dataset_dict(agency["id"], name="dan-so-xa-phuong", resources=[]))
    resource = create_with_upload(REPORT.read_bytes(), REPORT.name, package_id=dataset["id"],
                                  name="Dân số các xã, phường", format="XLSX",
                                  context={"user": demo_portal["admin"]["name"]})
    jobs.Worker(["default"]).work(burst=True)
    yield steward, dataset, resource
    helpers.call_action("dataset_purge", {"user": demo_portal["admin"]["name"]}, id=dataset["id"])


def test_a_steward_reads_the_load_report_describes_a_column_and_finds_the_service(
        browser, demo_portal, loaded_report, screenshots):
    steward, dataset, resource = loaded_report
    page = new_page(browser, demo_portal["url"])
    sign_in(page, steward["name"], "mat-khau-cua-can-bo")

    page.goto(f"/dataset/{dataset['name']}/resource/{resource['id']}")
    report = page.locator("#load-report")
    text = report.inner_text()
    for expected in ("Bảng dữ liệu", "4 dòng, 8 cột", "Excel (XLSX)", "ô gõ bằng phông chữ cũ",
                     ".VnTime", "VNI-Times", "dòng 6 gồm 2 dòng, đã gộp thành một",
                     "1 dòng tổng cộng", "2 dòng ghi chú hoặc chữ ký dưới bảng"):
        assert expected in text, expected
    service = page.locator("#data-service")
    assert "Bảng này là dữ liệu mở" in service.inner_text()
    screenshot(page, screenshots, "data-table-report-desktop")

    page.goto(f"/dataset/{dataset['name']}/dictionary/{resource['id']}")
    page.locator("#field-f4label").fill("Dân số nam")
    page.locator("#field-u4unit").fill("người")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Lưu|Save")).click()
    fields = {f["id"]: f.get("info", {}) for f in
              helpers.call_action("datastore_info", id=resource["id"])["fields"]}
    assert fields["Dân số - Nam"]["label"] == "Dân số nam" and fields["Dân số - Nam"]["unit"] == "người"

    page.goto(f"/dataset/{dataset['name']}/resource/{resource['id']}")
    dictionary = page.get_by_role("button", name=re.compile("Dân số nam"))
    dictionary.click()
    assert "người" in page.locator(".accordion-body").filter(has_text="Đơn vị tính").first.inner_text()
    # the preview's header is the steward's label (CKAN writes its spaces as &nbsp;)
    frame = page.frame_locator("iframe").first
    frame.locator("th").first.wait_for(state="attached")
    headers = [" ".join(text.split()) for text in frame.locator("th").all_text_contents()]
    assert "Dân số nam" in headers and "Dân số - Nữ" in headers

    with page.expect_response(re.compile("openapi.json")) as answer:
        page.get_by_role("link", name="Mô tả OpenAPI 3 của dịch vụ").click()
    document = json.loads(answer.value.text())
    assert document["openapi"].startswith("3.") and f"/datastore/dump/{resource['id']}" in document["paths"]
    assert csp_violations(page) == []
    page.context.close()
