"""Citizens and stewards in a real browser (Debian's Chromium, Playwright)
against the portal served on loopback with the demo catalogue: a citizen
searches in Vietnamese with and without diacritics, filters by sector, opens
a dataset, previews its rows and downloads its CSV; a steward signs in,
creates a dataset through the form and is told in Vietnamese what is
missing. Under the production Content-Security-Policy the browser refuses
nothing on the way (testing/browser.py). Screenshots of each step go to
.run/screenshots/."""
import re

import pytest
from ckan.tests import factories

from ckanext.thanhhoa.testing.browser import csp_violations, new_page, screenshot, sign_in

SCHOOLS = "Danh sách trường trung học phổ thông tỉnh Thanh Hóa"


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_citizen_finds_previews_and_downloads_data(browser, demo_portal, width, tmp_path, screenshots):
    page = new_page(browser, demo_portal["url"], width)
    page.goto("/")
    page.get_by_label("Tìm dữ liệu").fill("trường học")
    page.get_by_label("Tìm dữ liệu").press("Enter")
    page.wait_for_url(re.compile(r"/dataset/\?q="))
    assert page.get_by_role("link", name=SCHOOLS).count() == 1
    screenshot(page, screenshots, f"flow-search-{width}")

    page.goto("/dataset/?q=truong+hoc")                 # typed without diacritics
    assert page.get_by_role("link", name=SCHOOLS).count() == 1

    page.goto("/dataset/")
    if width == "phone":                                  # facets open from a button
        page.get_by_text("Lọc kết quả").click()
    page.get_by_role("link", name=re.compile("Giáo dục và đào tạo")).first.click()
    page.wait_for_url(re.compile(r"vocab_sectors=giao-duc"))
    if width == "phone":                                  # the filters stay open for more
        page.locator(".hide-filters").first.click()
    results = page.locator(".dataset-item")
    assert results.count() == 1 and SCHOOLS in results.first.inner_text()

    page.get_by_role("link", name=SCHOOLS).click()
    page.wait_for_url(re.compile(r"/dataset/danh-sach-truong-trung-hoc-pho-thong$"))
    assert page.locator("h1").first.inner_text().strip() == SCHOOLS
    screenshot(page, screenshots, f"flow-dataset-{width}")

    page.get_by_role("link", name=re.compile("Danh sách trường THPT")).first.click()
    preview = page.frame_locator("iframe").first          # DataTables on the DataStore rows
    preview.get_by_text("Trường THPT chuyên Lam Sơn").wait_for()
    screenshot(page, screenshots, f"flow-preview-{width}")

    with page.expect_download() as download:
        page.locator("a.resource-url-analytics, a[href*='/download/']").first.click()
    saved = tmp_path / "truong-thpt.csv"
    download.value.save_as(saved)
    assert "Trường THPT chuyên Lam Sơn" in saved.read_text("utf-8")
    assert csp_violations(page) == []
    page.context.close()


def test_a_steward_signs_in_and_is_told_in_vietnamese_what_is_missing(browser, demo_portal, screenshots):
    steward = factories.User(password="mat-khau-cua-can-bo", image_url="")   # faker's is remote
    factories.Organization(users=[{"name": steward["name"], "capacity": "editor"}],
                           name="so-van-hoa", title="Sở Văn hóa, Thể thao và Du lịch")
    page = new_page(browser, demo_portal["url"])
    sign_in(page, steward["name"], "mat-khau-cua-can-bo")

    page.goto("/dataset/new")
    page.locator("#field-title_translated-vi").fill("Lễ hội truyền thống tỉnh Thanh Hóa")
    page.locator("#field-notes_translated-vi").fill("Tên, thời gian và địa điểm các lễ hội.")
    page.get_by_role("checkbox", name="Văn hóa, thể thao và du lịch").check()
    page.locator("#field-frequency").select_option("ANNUAL")
    page.get_by_role("button", name=re.compile("Tiếp theo|Thêm dữ liệu")).click()
    errors = page.locator(".error-explanation, .alert-error, .error-block").all_inner_texts()
    assert any("Dữ liệu mở cần ít nhất một đầu mối liên hệ có thư điện tử hợp lệ" in e for e in errors), errors
    assert page.locator("#field-title_translated-vi").input_value() == "Lễ hội truyền thống tỉnh Thanh Hóa"
    screenshot(page, screenshots, "flow-steward-error-desktop")

    page.locator("#field-contact-0-email").fill("vanhoa@thanhhoa.gov.vn")
    page.get_by_role("button", name=re.compile("Tiếp theo|Thêm dữ liệu")).click()
    # the URL is made from the Vietnamese title, without its diacritics
    page.wait_for_url(re.compile(r"/dataset/le-hoi-truyen-thong-tinh-thanh-hoa/resource/new"))
    assert csp_violations(page) == []        # a signed-in steward's pages (no gravatar)
    page.context.close()
