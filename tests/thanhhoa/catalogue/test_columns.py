"""A dataset as a row of the catalogue sheet and back (pure)."""
import copy
import datetime
import json
import unicodedata

import pytest

from ckanext.thanhhoa.catalogue import columns

pytestmark = pytest.mark.unit


@pytest.fixture
def dataset(data_dir):
    found = json.loads((data_dir / "dataset_full.json").read_text("utf-8"))
    found["id"] = "0f3c"
    return found


def cells(row):
    return dict(zip(columns.HEADERS, row))


def test_a_dataset_round_trips_through_its_row(dataset):
    row = columns.to_row(dataset)
    assert row[columns.HEADERS.index("Mức độ chia sẻ")] == "Dữ liệu mở"
    assert row[columns.HEADERS.index("Lĩnh vực")] == "Giáo dục và đào tạo; Thống kê"
    assert row[columns.HEADERS.index("Từ ngày")] == datetime.date(2024, 9, 1)
    fields, errors = columns.from_row(cells(row))
    assert errors == {}
    assert fields["id"] == "0f3c" and fields["frequency"] == "ANNUAL"
    assert columns.changes(fields, dataset) == {}


def test_labels_codes_dates_and_lists_are_read_as_stewards_type_them(dataset):
    row = cells(columns.to_row(dataset))
    row.update({"Mức độ chia sẻ": "dung-chung", "Tần suất cập nhật": "hằng QUÝ",
                "Lĩnh vực": "Y tế;giao-duc", "Ngày ban hành": "05/03/2026",
                "Từ khóa": unicodedata.normalize("NFD", "y tế; bệnh viện"),
                "Ngôn ngữ": "vi", "Thư điện tử liên hệ": "moi@thanhhoa.gov.vn"})
    fields, errors = columns.from_row(row)
    assert errors == {}
    assert (fields["access_level"], fields["frequency"]) == ("dung-chung", "QUARTERLY")
    assert fields["sectors"] == ["y-te", "giao-duc"] and fields["issued"] == "2026-03-05"
    assert fields["tag_string"] == "y tế,bệnh viện"
    patch = columns.changes(fields, dataset)
    assert set(patch) == {"access_level", "frequency", "sectors", "issued", "tag_string", "language", "contact"}


def test_only_the_first_contact_and_period_are_edited_the_others_kept(dataset):
    dataset["contact"].append({"name": "Phòng Tổ chức", "email": "tc@thanhhoa.edu.vn"})
    row = cells(columns.to_row(dataset))
    row["Điện thoại liên hệ"] = "0237 111 222"
    patch = columns.changes(columns.from_row(row)[0], dataset)
    assert patch == {"contact": [
        {"name": "Phòng Kế hoạch – Tài chính", "email": "khtc@thanhhoa.edu.vn", "phone": "0237 111 222"},
        {"name": "Phòng Tổ chức", "email": "tc@thanhhoa.edu.vn"}]}


def test_a_cleared_cell_clears_the_field(dataset):
    row = cells(columns.to_row(dataset))
    row["Phiên bản"] = None
    row["Tiêu chuẩn áp dụng"] = "  "
    assert columns.changes(columns.from_row(row)[0], dataset) == {"version": "", "conforms_to": []}


@pytest.mark.parametrize("header, value, msgid", [
    ("Mức độ chia sẻ", "Bí mật", "Unknown access level: %s"),
    ("Lĩnh vực", "Giáo dục; Vũ trụ", "Unknown sector code: %s"),
    ("Tần suất cập nhật", "thỉnh thoảng", "Unknown update frequency: %s"),
    ("Ngày cập nhật", "31/02/2026", "Not a date: %s (write dd/mm/yyyy)"),
])
def test_a_cell_that_cannot_be_read_says_so(dataset, header, value, msgid):
    row = cells(columns.to_row(dataset))
    row[header] = value
    fields, errors = columns.from_row(row)
    assert errors == {header: (msgid, value)}
    assert header not in [h for f in fields for h in columns.headers_of(f)]   # nothing half-read


def test_every_code_column_offers_its_labels():
    assert "Dữ liệu dùng chung" in columns.labels_of("access_levels")
    assert "Hằng tháng" in columns.labels_of("frequencies")
    assert columns.REQUIRED == ("Tên tập dữ liệu", "Mức độ chia sẻ", "Lĩnh vực", "Tần suất cập nhật")
    assert len(set(columns.HEADERS)) == len(columns.HEADERS)


def test_a_deleted_column_keeps_its_values(dataset):
    row = cells(columns.to_row(dataset))
    for header in ("Tên tiếng Anh", "Điện thoại liên hệ", "Mô tả tiếng Anh"):
        del row[header]
    assert columns.changes(columns.from_row(row)[0], dataset) == {}


def test_a_cleared_part_of_a_contact_is_cleared(dataset):
    row = cells(columns.to_row(dataset))
    row["Điện thoại liên hệ"] = None
    assert columns.changes(columns.from_row(row)[0], dataset) == {
        "contact": [{"name": "Phòng Kế hoạch – Tài chính", "email": "khtc@thanhhoa.edu.vn"}]}


def test_a_new_rows_empty_parts_are_left_out():
    fields, _ = columns.from_row({"Người liên hệ": None, "Thư điện tử liên hệ": "a@b.vn", "Từ ngày": None})
    assert columns.new_dataset(fields)["contact"] == [{"email": "a@b.vn"}]
    assert columns.new_dataset(fields)["temporal_coverage"] == []


def test_unit_codes_are_read_with_or_without_their_names():
    fields, _ = columns.from_row({"Mã đơn vị hành chính": "14797-Xã Hoằng Hóa; 399 – Phường Hạc Thành; 38"})
    assert fields["admin_units"] == ["14797", "399", "38"]
