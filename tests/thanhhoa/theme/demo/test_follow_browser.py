"""Follow and be told, in a real browser: a citizen follows an agency from
its page (CKAN's button) and is shown that e-mails are off, turns them on
at /theo-doi, follows a sector from its search page; the agency publishes;
`ckan notify send_emails` (CKAN's command) mails the citizen in Vietnamese,
naming the dataset and why. /theo-doi passes the theme's axe-core check."""
import json
import re

from axe_playwright_python.sync_playwright import Axe
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers

from ckanext.thanhhoa.testing.browser import csp_violations, new_page, screenshot, sign_in

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def serious(page) -> list[str]:
    return [v["id"] for v in Axe().run(page, options=WCAG_AA).response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_a_citizen_follows_an_agency_and_a_sector_and_is_told_by_email(
        browser, demo_portal, data_dir, mailbox, cli, screenshots):
    citizen = factories.User(password="mat-khau-theo-doi", image_url="", email="theo-doi@example.vn",
                             fullname="Trần Văn Bình")
    steward = factories.User(image_url="")
    agency = factories.Organization(name="ban-quan-ly-theo-doi", title="Ban Quản lý Khu kinh tế",
                                    image_url="", users=[{"name": steward["name"], "capacity": "editor"}])

    page = new_page(browser, demo_portal["url"])
    sign_in(page, citizen["name"], "mat-khau-theo-doi")
    page.goto(f"/organization/{agency['name']}")
    page.get_by_role("button", name="Theo dõi", exact=True).click()
    page.get_by_role("button", name="Bỏ theo dõi").wait_for()
    assert page.get_by_text("Thư đang tắt").count() == 1       # the opt-in, where one follows
    page.goto("/theo-doi")
    page.get_by_role("button", name="Bật thư thông báo").click()
    page.get_by_role("button", name="Tắt thư thông báo").wait_for()
    assert page.get_by_role("link", name="Ban Quản lý Khu kinh tế").count() == 1
    page.goto("/dataset/?vocab_sectors=xay-dung")
    page.get_by_role("button", name=re.compile("^Theo dõi Xây dựng")).click()
    page.get_by_role("button", name=re.compile("^Bỏ theo dõi Xây dựng")).wait_for()
    page.goto("/theo-doi")
    assert page.get_by_role("button", name=re.compile("^Bỏ theo dõi Xây dựng")).count() == 1
    assert serious(page) == []
    assert csp_violations(page) == []
    screenshot(page, screenshots, "flow-follow-desktop")
    page.context.close()

    template = json.loads((data_dir / "dataset_full.json").read_text("utf-8"))
    helpers.call_action("package_create", {"user": steward["name"]}, **dict(
        template, name="khu-cong-nghiep-theo-doi", owner_org=agency["id"], resources=[],
        sectors=["xay-dung"], title_translated={"vi": "Danh sách khu công nghiệp"}))
    mailbox.clear()
    assert cli.invoke(ckan, ["notify", "send_emails"]).exit_code == 0
    (message,) = [m for m in mailbox.wait_for(1) if "theo-doi@example.vn" in m["To"]]
    assert message["Subject"].endswith(": 1 tập dữ liệu bạn theo dõi mới hoặc được cập nhật")
    body = message.get_body(("plain",)).get_content()
    assert "- [Mới] Danh sách khu công nghiệp (Ban Quản lý Khu kinh tế)" in body
    assert "Bạn theo dõi: cơ quan Ban Quản lý Khu kinh tế; lĩnh vực Xây dựng, quy hoạch" in body
    assert "/dataset/khu-cong-nghiep-theo-doi" in body
