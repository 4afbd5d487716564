"""Report-style tables to plain ones: the header under a letterhead and a
title, a header on two rows, the row numbering the columns, total rows and
signatures dropped, Vietnamese numbers and day-first dates typed."""
import pytest

from ckanext.thanhhoa.datastore import shape

pytestmark = pytest.mark.unit

REPORT = [
    ["UBND TỈNH THANH HÓA", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["SỞ Y TẾ", "", "", "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["BÁO CÁO SỐ GIƯỜNG BỆNH NĂM 2024"],
    [],
    ["STT", "Đơn vị", "Số giường", ""],
    ["", "", "Kế hoạch", "Thực hiện"],
    ["(1)", "(2)", "(3)", "(4)"],
    ["1", "Bệnh viện Đa khoa tỉnh", "1.200", "1.350"],
    ["2", "Bệnh viện Nhi", "500", "-"],
    ["", "Tổng cộng", "1.700", "1.350"],
    [],
    ["", "", "Thanh Hóa, ngày 5 tháng 1 năm 2025"],
    ["", "Người lập biểu", "", "Giám đốc"],
]


def test_the_header_is_found_under_the_letterhead_and_the_title():
    header = shape.find_header(REPORT)
    assert (header.start, header.rows, header.numbering) == (5, 2, True)
    assert header.columns == ["STT", "Đơn vị", "Số giường - Kế hoạch", "Số giường - Thực hiện"]
    assert header.body_start == 8


def test_totals_blank_rows_and_signatures_are_dropped_and_counted():
    body = REPORT[shape.find_header(REPORT).body_start:]
    rows = shape.RowFilter(4)
    kept = [row for cells in body for row in rows.push(cells)]
    rows.finish()
    assert [r[1] for r in kept] == ["Bệnh viện Đa khoa tỉnh", "Bệnh viện Nhi"]
    assert rows.dropped == {"blank": 1, "total": 1, "notes": 2}


def test_a_section_heading_between_data_rows_is_kept():
    rows = shape.RowFilter(4)
    kept = []
    for cells in (["1", "a", "1", "2"], ["I. Huyện Nga Sơn", "", "", ""], ["2", "b", "3", "4"]):
        kept += rows.push(cells)
    rows.finish()
    assert [r[0] for r in kept] == ["1", "I. Huyện Nga Sơn", "2"]


@pytest.mark.parametrize("cells, total", [
    (["", "Tổng cộng", "5"], True), (["TỔNG SỐ", "", "5"], True), (["Cộng:", "5"], True),
    (["Toàn tỉnh", "5"], True), (["1", "Tổng cục Thống kê", "5"], False),
    (["2", "Cộng đồng dân cư", "5"], False),
])
def test_total_rows(cells, total):
    assert shape.is_total_row(cells) is total


def test_a_plain_table_has_its_first_row_as_header():
    header = shape.find_header([["ma", "ten"], ["01", "Nga Sơn"], ["02", "Hoằng Hóa"]])
    assert (header.start, header.rows, header.numbering, header.columns) == (0, 1, False, ["ma", "ten"])


def test_an_all_text_table_keeps_one_header_row():
    rows = [["Tên", "Địa chỉ", "Ghi chú"], ["Trường A", "xã B", ""], ["Trường C", "xã D", "mới"]]
    assert shape.find_header(rows).rows == 1


def test_column_names_are_valid_unique_and_short_enough_for_postgresql():
    names = shape.column_names(["Tên", "tên", "", "_id", 'a "b"', "Số lượng học sinh " * 6, "x\ny"])
    assert names[:5] == ["Tên", "tên (2)", "Cột 3", "id", "a 'b'"]
    assert len(names[5].encode()) <= 63 and names[5].startswith("Số lượng học sinh")
    assert names[6] == "x y"


def guess(*values):
    types = shape.ColumnTypes(1)
    for value in values:
        types.feed([value])
    return types.types()[0]


@pytest.mark.parametrize("values, expected", [
    (["1.234.567,5", "12", "-"], ("numeric", "vn")),
    (["1.234", "987", "2.010"], ("int8", "vn")),
    (["19.8075", "105.776"], ("numeric", "en")),       # coordinates: a decimal point
    (["1,234,567.5", "3"], ("numeric", "en")),
    (["001", "002"], ("text", "text")),                 # codes keep their zeros
    (["12", "7"], ("int8", "int")),
    (["15/08/1965", "1/9/1931"], ("date", "dmy")),
    (["15/08/1965 08:30", "01/09/1931"], ("timestamp", "dmy")),
    (["2024-03-01", "2024-12-31"], ("date", "iso")),
    (["x", "..."], ("text", "text")),
    (["12", "mười hai"], ("text", "text")),
])
def test_column_types(values, expected):
    assert guess(*values) == expected


def test_typed_spreadsheet_values_type_their_column():
    assert guess(shape.Native("12"), shape.Native("7")) == ("int8", "int")
    assert guess(shape.Native("12.5"), "1.234,5") == ("numeric", "vn")
    assert guess(shape.NativeDate("2024-03-01"), "15/08/1965") == ("date", "dmy")


@pytest.mark.parametrize("kind, value, written", [
    ("vn", "1.234.567,5", "1234567.5"), ("vn", "-12,5", "-12.5"), ("en", "1,234.5", "1234.5"),
    ("vn", "-", None), ("vn", "", None), ("dmy", "15/08/1965", "1965-08-15"),
    ("dmy", "1/9/1931 7:05", "1931-09-01T07:05:00"), ("iso", "2024-03-01", "2024-03-01"),
])
def test_values_are_written_as_copy_reads_them(kind, value, written):
    assert shape.converter(kind)(value) == written


@pytest.mark.parametrize("kind, value, integer", [
    ("dmy", "31/02/2024", False), ("vn", "abc", False), ("vn", "1,5", True), ("int", "1.5", False),
])
def test_a_value_that_does_not_fit_is_refused(kind, value, integer):
    with pytest.raises(shape.BadValue):
        shape.converter(kind, integer)(value)


def test_a_column_under_a_blank_header_cell_is_kept():
    """A name header merged over family and given names leaves the second
    header cell blank: its column is kept, as "Cột 3"."""
    rows = [["STT", "Họ và tên", "", "Ngày sinh"], ["1", "Nguyễn Văn", "An", "01/02/2010"],
            ["2", "Lê Thị", "Bình", "03/04/2011"], ["3", "Trần", "Cường", "05/06/2012"]]
    header = shape.find_header(rows)
    assert header.columns == ["STT", "Họ và tên", "Cột 3", "Ngày sinh"] and header.rows == 1


def test_a_letterhead_over_a_narrow_table_is_not_its_header():
    rows = [["UBND TỈNH THANH HÓA", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["SỞ Y TẾ", "", "Độc lập - Tự do - Hạnh phúc"],
            ["Số: 12/BC-SYT", "", "Thanh Hóa, ngày 5 tháng 1 năm 2025"],
            ["Mã", "Cơ sở", "Số giường"], ["01", "Bệnh viện A", "100"], ["02", "Bệnh viện B", "50"]]
    header = shape.find_header(rows)
    assert header.start == 3 and header.columns == ["Mã", "Cơ sở", "Số giường"]


@pytest.mark.parametrize("row", [
    ["Dân số trung bình", "Tổng số", "2023", "3.740.000"],   # a breakdown of a long table
    ["Chương trình nước sạch", "Toàn tỉnh", "500"],
])
def test_a_total_word_beside_other_text_is_data(row):
    assert not shape.is_total_row(row)


def test_a_total_label_with_spaces_is_found_and_a_long_cell_is_not_one():
    assert shape.is_total_row(["", "  Tổng   cộng : ", "5"]) is False   # ":" apart is not the label
    assert shape.is_total_row(["", "  Tổng   cộng: ", "5"]) is True
    assert shape.is_total_row(["Tổng" + " " * 100_000 + "x", "5"]) is False


def test_trailing_rows_with_a_number_are_data_and_narrow_tables_keep_every_row():
    rows = shape.RowFilter(9)
    kept = rows.push(["1", "Công ty A", "Nghi Sơn", "x", "x", "x", "x", "x", "x"])
    kept += rows.push(["4", "Công ty D", "Nghi Sơn", "", "", "", "", "", ""])
    kept += rows.push(["", "", "Thanh Hóa, ngày 5 tháng 1 năm 2025", "", "", "", "", "", ""])
    rows.finish()
    assert [r[1] for r in kept] == ["Công ty A", "Công ty D"] and rows.dropped["notes"] == 1
    one = shape.RowFilter(1)
    assert [r for cells in (["Xã Quảng Thọ"], ["Xã Nga Thạch"]) for r in one.push(cells)] == [
        ["Xã Quảng Thọ"], ["Xã Nga Thạch"]]


def test_a_first_data_row_is_not_taken_for_the_columns_numbering():
    rows = [["STT", "Tháng", "Số ca mắc"], ["1", "1", "12"], ["2", "2", "9"], ["3", "3", "7"]]
    assert shape.find_header(rows).numbering is False


def test_integers_past_int8_are_numeric():
    assert guess("12345678901234567890", "1")[0] == "numeric"
