"""A data request in a real browser, from a citizen to the agency's answer
and the e-mail: the citizen asks through the form, the agency's steward
answers that the data is published, the citizen is told by e-mail (the
suite's local SMTP server) in Vietnamese, naming the dataset. The form and
the request's page pass the theme's axe-core check."""
import json
import re

from axe_playwright_python.sync_playwright import Axe
from ckan.tests import factories, helpers

from ckanext.thanhhoa.testing.browser import csp_violations, new_page, screenshot, sign_in

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def serious(page) -> list[str]:
    return [v["id"] for v in Axe().run(page, options=WCAG_AA).response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_a_request_from_a_citizen_to_the_agencys_answer_and_the_email(
        browser, demo_portal, data_dir, mailbox, screenshots):
    citizen = factories.User(password="mat-khau-cong-dan", image_url="", email="cong-dan@example.vn",
                             fullname="Lê Thị Hoa")
    steward = factories.User(password="mat-khau-cua-can-bo", image_url="")
    agency = factories.Organization(name="ban-dan-toc-yeu-cau", title="Ban Dân tộc", image_url="",
                                    users=[{"name": steward["name"], "capacity": "editor"}])
    template = json.loads((data_dir / "dataset_full.json").read_text("utf-8"))
    helpers.call_action("package_create", {"user": demo_portal["admin"]["name"]}, **dict(
        template, name="lang-dan-toc", owner_org=agency["id"], resources=[],
        title_translated={"vi": "Danh sách làng dân tộc thiểu số"}))

    page = new_page(browser, demo_portal["url"])
    sign_in(page, citizen["name"], "mat-khau-cong-dan")
    page.goto("/yeu-cau-du-lieu")
    page.get_by_role("link", name="Gửi yêu cầu dữ liệu").click()
    page.get_by_label("Bạn cần dữ liệu gì?").fill("Làng dân tộc thiểu số theo xã")
    page.get_by_label("Mô tả: dữ liệu gồm những gì, địa bàn và năm nào").fill("Tên làng, xã, số hộ.")
    page.get_by_label("Cơ quan nắm giữ dữ liệu (không bắt buộc)").select_option("ban-dan-toc-yeu-cau")
    assert serious(page) == []
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url(re.compile(r"/yeu-cau-du-lieu/[0-9a-f-]{36}$"))
    address = page.url
    assert page.get_by_text("Đang chờ trả lời").count() >= 1
    screenshot(page, screenshots, "flow-request-asked-desktop")
    page.context.close()

    page = new_page(browser, demo_portal["url"])
    sign_in(page, steward["name"], "mat-khau-cua-can-bo")
    page.goto(address)
    assert page.get_by_text("cong-dan@example.vn").count() == 1      # the agency sees who asked
    page.locator("#answer-done").check()          # "Đã công bố"
    page.get_by_label(re.compile("Tập dữ liệu đáp ứng")).fill("lang-dan-toc")
    page.get_by_label(re.compile("Trả lời người gửi")).fill("Dữ liệu đã có trên cổng.")
    page.get_by_role("button", name="Gửi trả lời").click()
    page.get_by_role("link", name="Danh sách làng dân tộc thiểu số").wait_for()
    assert serious(page) == []
    assert csp_violations(page) == []
    page.context.close()

    (message,) = mailbox.wait_for(1)
    assert "cong-dan@example.vn" in message["To"]
    assert message["Subject"] == "Trả lời yêu cầu dữ liệu của bạn: Làng dân tộc thiểu số theo xã"
    body = message.get_body(("plain",)).get_content()
    assert "Dữ liệu bạn yêu cầu đã được công bố: Danh sách làng dân tộc thiểu số" in body
    assert "/dataset/lang-dan-toc" in body and address.split("/")[-1] in body
