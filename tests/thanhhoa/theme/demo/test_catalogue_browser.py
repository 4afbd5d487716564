"""A steward edits the agency's catalogue as a spreadsheet in a real
browser: downloads it, edits three rows (one invalid), uploads it, sees the
preview with the one error, confirms, and finds the two changes applied and
the third dataset untouched. The preview passes the theme's axe-core check."""
import json

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from ckan import model
from ckan.tests import factories, helpers

from ckanext.thanhhoa.catalogue import columns
from ckanext.thanhhoa.testing.browser import csp_violations, new_page, screenshot, sign_in

H = {h: n for n, h in enumerate(columns.HEADERS, start=1)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_a_steward_edits_the_catalogue_as_a_spreadsheet(browser, demo_portal, data_dir, tmp_path, screenshots):
    template = json.loads((data_dir / "dataset_full.json").read_text("utf-8"))
    steward = factories.User(password="mat-khau-cua-can-bo", image_url="")
    agency = factories.Organization(name="ban-qlda-xay-dung", title="Ban Quản lý dự án xây dựng",
                                    image_url="", users=[{"name": steward["name"], "capacity": "editor"}])
    admin = {"user": demo_portal["admin"]["name"]}
    made = {name: helpers.call_action("package_create", admin, **dict(
        template, name=name, owner_org=agency["id"], resources=[], title_translated={"vi": title}))
        for name, title in (("cong-trinh", "Công trình xây dựng"), ("quy-hoach", "Đồ án quy hoạch"),
                            ("vat-lieu", "Giá vật liệu xây dựng"))}
    before = helpers.call_action("package_show", id="vat-lieu")["metadata_modified"]

    page = new_page(browser, demo_portal["url"])
    sign_in(page, steward["name"], "mat-khau-cua-can-bo")
    page.goto("/organization/ban-qlda-xay-dung")
    page.get_by_role("link", name="Danh mục dạng bảng tính").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về danh mục (.xlsx)").click()
    path = tmp_path / "danh-muc.xlsx"
    download.value.save_as(path)

    book = openpyxl.load_workbook(path)
    sheet = book["Danh mục dữ liệu"]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value}
    sheet.cell(rows[made["cong-trinh"]["id"]], H["Tần suất cập nhật"], "Hằng quý")
    sheet.cell(rows[made["quy-hoach"]["id"]], H["Phiên bản"], "2026.2")
    sheet.cell(rows[made["vat-lieu"]["id"]], H["Mức độ chia sẻ"], "Công khai một phần")     # no such level
    book.save(path)

    # the file's bytes, not its path: the browser may not see this process's /tmp
    page.get_by_label("Danh mục đã sửa (.xlsx)").set_input_files(
        {"name": "danh-muc.xlsx", "mimeType": XLSX, "buffer": path.read_bytes()})
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.get_by_text("Xem trước: chưa có gì được lưu").wait_for()
    assert page.get_by_text("Tập dữ liệu thay đổi: 2").count() == 1
    assert page.get_by_text("Dòng có lỗi, bị bỏ qua: 1").count() == 1
    error = f"Dòng {rows[made['vat-lieu']['id']]}, cột “Mức độ chia sẻ”: Mức độ chia sẻ không tồn tại: Công khai một phần"
    assert page.get_by_text(error).count() == 1
    screenshot(page, screenshots, "flow-catalogue-preview-desktop")
    serious = [v["id"] for v in Axe().run(page, options=WCAG_AA).response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []

    page.get_by_role("button", name="Áp dụng các thay đổi").click()
    page.get_by_text("Đã thực hiện").wait_for()
    assert page.get_by_text("Đã cập nhật").count() == 2
    model.Session.remove()          # what the served portal wrote, not this process's stale copies
    assert helpers.call_action("package_show", id="cong-trinh")["frequency"] == "QUARTERLY"
    assert helpers.call_action("package_show", id="quy-hoach")["version"] == "2026.2"
    untouched = helpers.call_action("package_show", id="vat-lieu")
    assert (untouched["access_level"], untouched["metadata_modified"]) == ("mo", before)
    assert csp_violations(page) == []
    page.context.close()
