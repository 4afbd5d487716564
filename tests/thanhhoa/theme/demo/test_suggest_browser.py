"""Suggestions under the home page's search box, in Chromium under the
production Content-Security-Policy: a ward by its name without diacritics,
a pre-2025 city by its old name ("trước 1/7/2025"), each a filter of the
search; dataset titles only of open data for a citizen."""
import re

from ckanext.thanhhoa.testing.browser import csp_violations, new_page

WIFI = "Điểm truy cập Wi-Fi công cộng miễn phí"       # open, Phường Hạc Thành (14797)
BUDGET = "Dự toán ngân sách cấp xã năm 2026"          # shared, same ward


def suggestions(page, typed):
    box = page.get_by_label("Tìm dữ liệu")
    page.locator("#thanhhoa-hero-q[aria-controls]").wait_for()   # the module has started
    box.fill(typed)
    listing = page.locator(".thanhhoa-suggest")
    listing.wait_for(state="visible")
    return listing


def test_a_place_typed_without_diacritics_filters_the_search(browser, demo_portal):
    page = new_page(browser, demo_portal["url"], "desktop")
    page.goto("/")
    suggestions(page, "hac thanh").get_by_role("link", name=re.compile("Phường Hạc Thành")).click()
    page.wait_for_url(re.compile(r"vocab_admin_units=14797"))
    titles = page.locator(".dataset-item").all_inner_texts()
    assert any(WIFI in t for t in titles) and not any(BUDGET in t for t in titles)
    assert csp_violations(page) == []
    page.context.close()


def test_an_old_city_name_is_labelled_and_finds_what_it_became(browser, demo_portal):
    page = new_page(browser, demo_portal["url"], "desktop")
    page.goto("/")
    place = suggestions(page, "thanh pho thanh hoa").get_by_role(
        "link", name=re.compile("Thành phố Thanh Hóa"))
    assert "trước 1/7/2025" in place.inner_text()
    place.click()
    page.wait_for_url(re.compile(r"vocab_admin_units_old=380"))
    assert any(WIFI in t for t in page.locator(".dataset-item").all_inner_texts())
    page.context.close()


def test_titles_suggested_to_a_citizen_are_open_data_only(browser, demo_portal):
    page = new_page(browser, demo_portal["url"], "desktop")
    page.goto("/")
    listing = suggestions(page, "wi-fi")
    assert listing.get_by_role("link", name=WIFI).count() == 1
    page.get_by_label("Tìm dữ liệu").fill("")
    page.get_by_label("Tìm dữ liệu").fill("dự toán ngân sách")
    page.wait_for_timeout(800)
    assert BUDGET not in page.locator("body").inner_text()
    page.context.close()


def test_the_search_page_offers_the_map_filter(browser, demo_portal):
    page = new_page(browser, demo_portal["url"], "desktop")
    page.goto("/dataset/")
    assert page.get_by_role("heading", name=re.compile("Lọc theo vị trí")).count() == 1
    page.locator("#dataset-map-container.leaflet-container").wait_for()

    page.goto("/dataset/?ext_bbox=105.76,19.78,105.80,19.82")      # inside Phường Hạc Thành
    titles = page.locator(".dataset-item").all_inner_texts()
    assert any(WIFI in t for t in titles)
    page.goto("/dataset/?ext_bbox=104.40,20.50,104.45,20.55")      # the far north-west
    assert not any(WIFI in t for t in page.locator(".dataset-item").all_inner_texts())
    assert csp_violations(page) == []
    page.context.close()


def test_the_search_pages_box_suggests_and_the_keyboard_chooses(browser, demo_portal):
    page = new_page(browser, demo_portal["url"], "desktop")
    page.goto("/dataset/?q=wifi")
    page.locator("#field-giant-search[aria-controls]").wait_for()
    box = page.locator("#field-giant-search")
    box.fill("hac thanh")
    listing = page.locator(".thanhhoa-suggest")
    listing.wait_for(state="visible")
    box.press("ArrowDown")                     # into the list: not a "change" that searches again
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hạc Thành" in focused and page.url.endswith("?q=wifi")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"vocab_admin_units=14797"))
    assert any(WIFI in t for t in page.locator(".dataset-item").all_inner_texts())
    assert csp_violations(page) == []
    page.context.close()
