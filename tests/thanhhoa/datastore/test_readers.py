"""What a hostile or broken file does to the readers: a merged range over a
whole sheet, a wrong or huge <dimension>, a zip bomb, a web page named .xls,
NUL bytes in a CSV. Each is read for what it holds, or refused as
unreadable; none fills the worker's memory."""
import io
import re
import zipfile

import openpyxl
import pytest

from ckanext.thanhhoa.datastore import readers

pytestmark = pytest.mark.unit


def xlsx(tmp_path, rows, patch=None):
    """An XLSX of these rows, its sheet XML changed by patch(xml)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    plain = io.BytesIO()
    book.save(plain)
    path = tmp_path / "file.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if patch and item.filename == "xl/worksheets/sheet1.xml":
                data = patch(data.decode()).encode()
            target.writestr(item, data)
    return str(path)


def read(path, declared="xlsx"):
    reading = readers.Reading()
    return list(readers.open_table(path, declared, reading)), reading


ROWS = [["Mã", "Tên"]] + [[i, f"Xã {i}"] for i in range(1, 6)]


def test_a_merged_range_over_the_whole_sheet_is_not_filled(tmp_path):
    bomb = xlsx(tmp_path, ROWS, lambda xml: xml.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))
    rows, reading = read(bomb)
    assert rows[1] == ["1", "Xã 1"] and reading.merged == 0


def test_a_wrong_dimension_does_not_hide_rows_or_columns(tmp_path):
    wrong = xlsx(tmp_path, ROWS, lambda xml: re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:A2"/>', xml))
    rows, _ = read(wrong)
    assert len(rows) == 6 and rows[-1] == ["5", "Xã 5"]


def test_a_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "a" * 50_000_000)
    with pytest.raises(readers.Unreadable):
        read(str(path))


@pytest.mark.parametrize("head", [b"<html><body><table><tr><td>1</td></tr></table>",
                                  b"\xef\xbb\xbf<!DOCTYPE html>\n<html>", b'<?xml version="1.0"?><Workbook>'])
def test_a_web_page_named_as_a_spreadsheet_is_unreadable(tmp_path, head):
    path = tmp_path / "export.xls"
    path.write_bytes(head + b"x" * 100)
    with pytest.raises(readers.Unreadable, match="html"):
        read(str(path), "XLS")


def test_nul_bytes_of_a_csv_are_dropped(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"ma,ten\n" + b"1,abc\n" * 1000 + b"2,x\x00y\n")
    rows, _ = read(str(path), "csv")
    assert rows[-1] == ["2", "xy"]


def test_counters_count_a_file_once_however_often_it_is_read(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes("ma,ten\n1,thµnh phè\n2,Thanh Hãa\n".encode())
    reading = readers.Reading()
    source = readers.open_table(str(path), "csv", reading)
    for _ in range(3):
        list(source)
    assert reading.converted_cells == 2
