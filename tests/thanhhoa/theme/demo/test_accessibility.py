"""WCAG 2.1 AA on the pages citizens and stewards use: axe-core (the copy
that axe-playwright-python ships) in headless Chromium finds no serious or
critical violation on the home, search, dataset, agency and login pages, at
desktop width and at 360 px (the quality dashboard and the statistics, with
their tables and charts, and a resource page with its link check, too); nothing scrolls sideways on a phone; the
keyboard alone skips to the content, reaches the search box with a visible
focus and searches; the browser refuses nothing under the production
Content-Security-Policy. Screenshots of each page at both widths go to
.run/screenshots/."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from ckanext.thanhhoa.testing.browser import (WIDTHS, csp_violations, new_page,
                                              production_policy, screenshot)

# the sections of a citizen's visit, with the demo data that shows them
PAGES = {
    "home": "/",
    "search": "/dataset/?q=trường+học",
    "dataset": "/dataset/danh-sach-truong-trung-hoc-pho-thong",
    "agency": "/organization/so-giao-duc-va-dao-tao",
    "login": "/user/login",
    "quality": "/chat-luong",
    "statistics": "/thong-ke",
    "resource": "/dataset/danh-sach-truong-trung-hoc-pho-thong",   # its first resource's page
}

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(browser, demo_portal, name, width, screenshots):
    page = new_page(browser, demo_portal["url"], width)
    target = PAGES[name]
    if name == "resource":     # the dataset's first resource (its id is the demo load's own)
        page.goto(target)
        target = page.locator("a[href*='/resource/']").first.get_attribute("href")
    response = page.goto(target)
    assert response.status == 200
    assert response.headers["content-security-policy"] == production_policy()
    page.wait_for_load_state("networkidle")
    screenshot(page, screenshots, f"{name}-{width}")
    results = Axe().run(page, options=WCAG_AA)
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — "
               + "; ".join(n["target"][0] for n in v["nodes"][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    if width == "phone":
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360px"
    assert csp_violations(page) == []
    page.context.close()


def test_the_keyboard_alone_reaches_and_uses_the_search(browser, demo_portal):
    page = new_page(browser, demo_portal["url"])
    page.goto("/")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent.trim()")
    assert first == "Chuyển đến nội dung chính"
    for presses in range(1, 30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "thanhhoa-hero-q":
            break
    else:
        pytest.fail("Tab never reaches the home page's search box")
    visible_focus = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle !== 'none'"
        " || getComputedStyle(document.activeElement).boxShadow !== 'none'")
    assert visible_focus
    page.keyboard.type("lúa")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dataset/?q=*")
    assert page.get_by_role("link", name="Diện tích và sản lượng lúa theo vụ").count() == 1
    page.context.close()
