"""An agency's catalogue through its page: exported, edited (a change, a
new dataset, an invalid row, another agency's dataset), previewed without a
write, applied row by row; only the agency's stewards may; a waiting upload
is its uploader's only."""
import io
import json
import re

import openpyxl
import pytest

from ckan import model
from ckan.tests import factories, helpers

from ckanext.thanhhoa.catalogue import columns, workbook

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
H = {h: n for n, h in enumerate(columns.HEADERS, start=1)}


@pytest.fixture
def world(data_dir):
    template = json.loads((data_dir / "dataset_full.json").read_text("utf-8"))
    steward, outsider = factories.UserWithToken(), factories.UserWithToken()
    admin = factories.Sysadmin()
    agency = factories.Organization(name="so-y-te", title="Sở Y tế",
                                    users=[{"name": steward["name"], "capacity": "editor"}])
    other = factories.Organization(name="so-tai-chinh", users=[{"name": outsider["name"], "capacity": "editor"}])
    made = {}
    for owner, name in ((agency, "benh-vien"), (agency, "tram-y-te"), (agency, "nha-thuoc"), (other, "ngan-sach")):
        made[name] = helpers.call_action("package_create", {"user": admin["name"]}, **dict(
            template, name=name, owner_org=owner["id"], resources=[],
            title_translated={"vi": f"Danh sách {name.replace('-', ' ')}"}))
    return {"steward": steward, "outsider": outsider, "agency": agency, "datasets": made}


def download(app, token):
    response = app.get("/danh-muc-du-lieu/so-y-te/xlsx", headers={"Authorization": token})
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.data))


def row_of(sheet, name, datasets):
    wanted = datasets[name]["id"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == wanted)


def upload(app, token, book, status=200):
    out = io.BytesIO()
    book.save(out)
    return app.post("/danh-muc-du-lieu/so-y-te", headers={"Authorization": token}, status=status,
                    data={"catalogue": (io.BytesIO(out.getvalue()), "danh-muc.xlsx")})


def test_export_edit_preview_confirm(app, world):
    token, datasets = world["steward"]["token"], world["datasets"]
    book = download(app, token)
    sheet = book["Danh mục dữ liệu"]
    assert [c.value for c in sheet[1]] == list(columns.HEADERS)
    assert sheet.column_dimensions["A"].hidden
    ids = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value]
    assert sorted(ids) == sorted(datasets[n]["id"] for n in ("benh-vien", "tram-y-te", "nha-thuoc"))
    assert sheet.data_validations.dataValidation              # the code lists' drop-downs

    sheet.cell(row_of(sheet, "benh-vien", datasets), H["Tần suất cập nhật"], "Hằng tháng")
    sheet.cell(row_of(sheet, "tram-y-te", datasets), H["Mức độ chia sẻ"], "Tuyệt mật")       # invalid
    new = len(ids) + 2
    for header, value in (("Tên tập dữ liệu", "Danh sách phòng khám"), ("Mô tả", "Các phòng khám tư nhân."),
                          ("Mức độ chia sẻ", "Dữ liệu mở"), ("Lĩnh vực", "Y tế"),
                          ("Tần suất cập nhật", "Hằng năm"), ("Thư điện tử liên hệ", "yte@thanhhoa.gov.vn")):
        sheet.cell(new, H[header], value)
    before = {n: helpers.call_action("package_show", id=d["id"])["metadata_modified"] for n, d in datasets.items()}

    preview = upload(app, token, book).body
    assert "Xem trước: chưa có gì được lưu" in preview
    assert "Tập dữ liệu mới: 1" in preview and "Tập dữ liệu thay đổi: 1" in preview
    assert "Dòng có lỗi, bị bỏ qua: 1" in preview
    assert f"Dòng {row_of(sheet, 'tram-y-te', datasets)}, cột “Mức độ chia sẻ”: Mức độ chia sẻ không tồn tại: Tuyệt mật" in preview
    assert "Đã thay đổi: Tần suất cập nhật" in preview
    # nothing written yet
    assert model.Session.query(model.Package).filter_by(state="active", type="dataset").count() == 4
    assert {n: helpers.call_action("package_show", id=d["id"])["metadata_modified"]
            for n, d in datasets.items()} == before

    confirm = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    done = app.post("/danh-muc-du-lieu/so-y-te/ap-dung", headers={"Authorization": token},
                    data={"token": confirm}).body
    assert "Đã thực hiện" in done and "Đã tạo" in done and "Đã cập nhật" in done
    assert helpers.call_action("package_show", id=datasets["benh-vien"]["id"])["frequency"] == "MONTHLY"
    assert helpers.call_action("package_show", id=datasets["tram-y-te"]["id"])["metadata_modified"] == \
        before["tram-y-te"]
    created = helpers.call_action("package_show", id="danh-sach-phong-kham")
    assert created["owner_org"] == world["agency"]["id"] and created["sectors"] == ["y-te"]
    # the token is spent
    app.post("/danh-muc-du-lieu/so-y-te/ap-dung", headers={"Authorization": token}, data={"token": confirm},
             status=404)


def test_another_agencys_dataset_cannot_be_touched_through_the_sheet(app, world):
    token, datasets = world["steward"]["token"], world["datasets"]
    book = download(app, token)
    sheet = book["Danh mục dữ liệu"]
    sheet.cell(2, 1, datasets["ngan-sach"]["id"])
    sheet.cell(2, H["Tần suất cập nhật"], "Hằng ngày")
    preview = upload(app, token, book).body
    assert "Đây không phải tập dữ liệu của cơ quan này" in preview
    assert helpers.call_action("package_show", id=datasets["ngan-sach"]["id"])["frequency"] == "ANNUAL"


@pytest.mark.parametrize("who, status", [("anonymous", 403), ("outsider", 403)])
def test_only_the_agencys_stewards(app, world, who, status):
    headers = {"Authorization": world[who]["token"]} if who != "anonymous" else {}
    app.get("/danh-muc-du-lieu/so-y-te", headers=headers, status=status)
    app.get("/danh-muc-du-lieu/so-y-te/xlsx", headers=headers, status=status)
    app.get("/danh-muc-du-lieu/khong-co", headers=headers, status=404)


def test_a_waiting_upload_is_its_uploaders_only(app, world):
    book = download(app, world["steward"]["token"])
    book["Danh mục dữ liệu"].cell(2, H["Phiên bản"], "2026.1")
    preview = upload(app, world["steward"]["token"], book).body
    confirm = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    admin = factories.SysadminWithToken()
    app.post("/danh-muc-du-lieu/so-y-te/ap-dung", headers={"Authorization": admin["token"]},
             data={"token": confirm}, status=404)
    app.post("/danh-muc-du-lieu/so-y-te/ap-dung", headers={"Authorization": world["steward"]["token"]},
             data={"token": "../../etc/passwd"}, status=404)


@pytest.mark.parametrize("content, message", [
    (b"ma,ten\n1,a\n", "Tệp không phải sổ tính Excel (.xlsx)."),
    (None, "Dòng đầu phải ghi tên các cột của danh mục; còn thiếu: Mức độ chia sẻ, Lĩnh vực, Tần suất cập nhật"),
])
def test_a_file_that_is_no_catalogue_is_refused_in_vietnamese(app, world, content, message):
    if content is None:
        book = openpyxl.Workbook()
        book.active.append(["Tên tập dữ liệu", "Ghi chú"])
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    page = app.post("/danh-muc-du-lieu/so-y-te", headers={"Authorization": world["steward"]["token"]},
                    data={"catalogue": (io.BytesIO(content), "x.xlsx")}, status=400).body
    assert message in page


def test_a_copied_row_and_an_odd_token_are_refused(app, world):
    token, datasets = world["steward"]["token"], world["datasets"]
    book = download(app, token)
    sheet = book["Danh mục dữ liệu"]
    first = row_of(sheet, "benh-vien", datasets)
    copy = len([r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value]) + 2
    for column in range(1, len(columns.HEADERS) + 1):
        sheet.cell(copy, column, sheet.cell(first, column).value)
    sheet.cell(copy, H["Tên tập dữ liệu"], "Danh sách bệnh viện công")
    preview = upload(app, token, book).body
    assert f"Dòng {first} có cùng tập dữ liệu" in preview
    for odd in ("x" * 300, "../../etc/passwd", "٣" * 32):
        app.post("/danh-muc-du-lieu/so-y-te/ap-dung", headers={"Authorization": token},
                 data={"token": odd}, status=404)
