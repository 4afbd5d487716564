"""Writes the DataStore fixtures of this folder from known Vietnamese text,
with encoders independent of the decoders the portal ships:

- Windows-1258, VISCII and TCVN3: glibc's iconv (CP1258, VISCII and
  TCVN5712-1; TCVN3 is VN3, VN1's subset without capitals with tones, which
  the TCVN3 texts here do not use);
- VNI: the published table of whole letters in vni-table.json (VNI's
  character chart, as the Vietnamese Unicode project published it), where
  the portal decodes by composing a base letter and its marks;
- the XLSX report: openpyxl, its cells typed in legacy fonts encoded as above.

expected.json holds what each file must load as: its columns, their
DataStore types, every row, and what is dropped.

    python tests/data/datastore/make_fixtures.py
"""
from __future__ import annotations

import datetime
import json
import pathlib
import subprocess
import unicodedata

HERE = pathlib.Path(__file__).parent

COLUMNS = ["STT", "Tên trường", "Địa chỉ", "Số học sinh", "Kinh phí (đồng)", "Ngày thành lập"]
# no capital with a tone mark: TCVN3 has none outside its capital fonts
ROWS = [
    ["1", "Trường THPT Hàm Rồng", "phường Đông Thọ, thành phố Thanh Hóa", "1.245", "1.234.567,5", "15/08/1965"],
    ["2", "Trường THPT chuyên Lam Sơn", "phường Ba Đình, thành phố Thanh Hóa", "1.102", "2.345.000", "01/09/1931"],
    ["3", "Trường THPT Đào Duy Từ", "phường Lam Sơn, thành phố Thanh Hóa", "987", "875.250,75", "05/09/1965"],
    ["4", "Trường THCS Nguyễn Du", "xã Quảng Thịnh, thành phố Thanh Hóa", "654", "450.000", "20/11/1990"],
    ["5", "Trường tiểu học Nga Sơn", "thị trấn Nga Sơn, huyện Nga Sơn", "412", "312.500,25", "02/09/1975"],
    ["6", "Trường mầm non Hoằng Hóa", "xã Hoằng Đức, huyện Hoằng Hóa", "198", "-", "10/10/2001"],
]
TYPES = ["int8", "text", "text", "int8", "numeric", "date"]
LOADED = [[int(r[0]), r[1], r[2], int(r[3].replace(".", "")),
           None if r[4] == "-" else r[4].replace(".", "").replace(",", "."),
           datetime.datetime.strptime(r[5], "%d/%m/%Y").date().isoformat()] for r in ROWS]


def csv_text(rows, delimiter=","):
    def cell(value):
        return f'"{value}"' if delimiter in value or '"' in value else value
    return "".join(delimiter.join(cell(c) for c in row) + "\r\n" for row in rows)


def iconv(text: str, encoding: str) -> bytes:
    done = subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode("utf-8"),
                          capture_output=True, check=True)
    return done.stdout


def vni(text: str) -> str:
    """Text as typed in a VNI font, shown as Windows-1252 characters."""
    table = json.loads((HERE / "vni-table.json").read_text(encoding="utf-8"))["map"]
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFC", text))


def tcvn3_chars(text: str) -> str:
    """Text as typed in a .VnTime font: TCVN3 bytes shown as Windows-1252
    characters (what an XLSX cell holds)."""
    return iconv(text, "TCVN5712-1").decode("cp1252")


def write_csvs(expected: dict) -> None:
    text = csv_text([COLUMNS] + ROWS)
    plain = {"columns": COLUMNS, "types": TYPES, "rows": LOADED, "dropped": {}}
    (HERE / "schools-utf8.csv").write_bytes(text.encode("utf-8"))
    expected["schools-utf8.csv"] = dict(plain, encoding="utf-8")
    # NFD, as macOS writes, with a BOM and semicolons, as Excel writes
    (HERE / "schools-utf8-nfd.csv").write_bytes(
        b"\xef\xbb\xbf" + unicodedata.normalize("NFD", csv_text([COLUMNS] + ROWS, ";")).encode("utf-8"))
    expected["schools-utf8-nfd.csv"] = dict(plain, encoding="utf-8")
    for name, encoding, label in (("cp1258", "CP1258", "windows-1258"), ("viscii", "VISCII", "viscii"),
                                  ("tcvn3", "TCVN5712-1", "tcvn3")):
        (HERE / f"schools-{name}.csv").write_bytes(iconv(text, encoding))
        expected[f"schools-{name}.csv"] = dict(plain, encoding=label)
    (HERE / "schools-vni.csv").write_bytes(vni(text).encode("cp1252"))
    expected["schools-vni.csv"] = dict(plain, encoding="vni")


REPORT_COLUMNS = ["STT", "Huyện", "Xã, phường", "Dân số - Nam", "Dân số - Nữ", "Diện tích (km²)",
                  "Ngày cập nhật", "Ghi chú"]
REPORT_ROWS = [
    # STT, district (merged down over its communes), commune, men, women, area, date, note
    [1, "huyện Nga Sơn", "xã Nga Thạch", 4521, 4688, "12,35", "01/07/2025", "Sáp nhập từ ba xã"],
    [2, "huyện Nga Sơn", "xã Nga Liên", 3980, 4102, "9,8", "01/07/2025", ""],
    [3, "huyện Hoằng Hóa", "xã Hoằng Đức", 5210, 5333, "15,02", "15/06/2025", "Đô thị loại V"],
    [4, "huyện Hoằng Hóa", "xã Hoằng Thịnh", 2876, 2954, "7,6", "15/06/2025", ""],
]
REPORT_TYPES = ["int8", "text", "text", "int8", "int8", "numeric", "date", "text"]


def write_report_xlsx(expected: dict) -> None:
    """A report as agencies make them: a letterhead (left: agency in
    .VnTimeH capitals, right: the national motto in VNI), a title, a header
    on two rows under merged groups, a row numbering the columns, districts
    merged down over their communes, text typed in .VnTime and VNI-Times,
    a total row and the signatures."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dân số"
    vntime, vntime_h, vni_times = Font(name=".VnTime"), Font(name=".VnTimeH"), Font(name="VNI-Times")

    def put(row, col, value, font=None):
        cell = ws.cell(row=row, column=col, value=value)
        if font is not None:
            cell.font = font

    put(1, 1, tcvn3_chars("ubnd tỉnh thanh hóa"), vntime_h)  # shows capitals
    put(1, 5, vni("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), vni_times)
    put(2, 1, tcvn3_chars("sở nội vụ"), vntime_h)
    put(2, 5, vni("Độc lập - Tự do - Hạnh phúc"), vni_times)
    put(4, 1, "BÁO CÁO DÂN SỐ CÁC XÃ, PHƯỜNG SAU SẮP XẾP")
    # header: row 6 groups, row 7 details; STT, Huyện, Xã merged down
    for col, title in ((1, "STT"), (2, "Huyện"), (3, "Xã, phường"), (6, "Diện tích (km²)"),
                       (7, "Ngày cập nhật"), (8, "Ghi chú")):
        put(6, col, title)
        ws.merge_cells(start_row=6, start_column=col, end_row=7, end_column=col)
    put(6, 4, "Dân số")
    ws.merge_cells(start_row=6, start_column=4, end_row=6, end_column=5)
    put(7, 4, "Nam")
    put(7, 5, "Nữ")
    for col in range(1, 9):
        put(8, col, f"({col})")
    row = 9
    for i, (stt, district, commune, men, women, area, date, note) in enumerate(REPORT_ROWS):
        put(row, 1, stt)
        if i % 2 == 0:
            put(row, 2, tcvn3_chars(district), vntime)
            ws.merge_cells(start_row=row, start_column=2, end_row=row + 1, end_column=2)
        # communes alternate VNI and TCVN3 fonts, as files merged from two offices do
        if i % 2 == 0:
            put(row, 3, vni(commune), vni_times)
        else:
            put(row, 3, tcvn3_chars(commune), vntime)
        put(row, 4, men)
        put(row, 5, women)
        put(row, 6, area)
        put(row, 7, date)
        put(row, 8, note)
        row += 1
    put(row, 1, "Tổng cộng")
    put(row, 4, sum(r[3] for r in REPORT_ROWS))
    put(row, 5, sum(r[4] for r in REPORT_ROWS))
    put(row + 2, 6, "Thanh Hóa, ngày 20 tháng 7 năm 2025")
    put(row + 3, 2, "Người lập biểu")
    put(row + 3, 6, "Giám đốc")
    wb.save(HERE / "report-legacy-fonts.xlsx")
    expected["report-legacy-fonts.xlsx"] = {
        "encoding": "xlsx", "columns": REPORT_COLUMNS, "types": REPORT_TYPES,
        "rows": [[r[0], r[1], r[2], r[3], r[4], r[5].replace(",", "."),
                  datetime.datetime.strptime(r[6], "%d/%m/%Y").date().isoformat(), r[7] or None]
                 for r in REPORT_ROWS],
        "dropped": {"blank": 1, "total": 1, "notes": 2},
        "header_row": 6, "header_rows": 2, "numbering_row": True,
    }


def write_schools_xls(expected: dict) -> None:
    """The schools as an Excel 97–2003 sheet (xlwt, `pip install xlwt`):
    a title in .VnTimeH above the header, names typed in .VnTime, addresses
    in VNI-Times, numbers and dates stored typed."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Truong hoc")

    def style(font_name=None, date=False):
        st = xlwt.XFStyle()
        if font_name:
            font = xlwt.Font()
            font.name = font_name
            st.font = font
        if date:
            st.num_format_str = "DD/MM/YYYY"
        return st

    vntime, vntime_h, vni_times, day = style(".VnTime"), style(".VnTimeH"), style("VNI-Times"), style(date=True)
    sheet.write(0, 0, tcvn3_chars("danh sách trường học năm 2025"), vntime_h)
    for col, title in enumerate(COLUMNS):
        sheet.write(2, col, title)
    for i, row in enumerate(ROWS):
        r = 3 + i
        sheet.write(r, 0, int(row[0]))
        sheet.write(r, 1, tcvn3_chars(row[1]), vntime)
        sheet.write(r, 2, vni(row[2]), vni_times)
        sheet.write(r, 3, int(row[3].replace(".", "")))
        sheet.write(r, 4, "-" if row[4] == "-" else float(row[4].replace(".", "").replace(",", ".")))
        sheet.write(r, 5, datetime.datetime.strptime(row[5], "%d/%m/%Y"), day)
    book.save(str(HERE / "schools-legacy-fonts.xls"))
    expected["schools-legacy-fonts.xls"] = {"columns": COLUMNS, "types": TYPES, "rows": LOADED,
                                            "dropped": {}, "encoding": "xls", "header_row": 3}


def main() -> None:
    expected: dict = {}
    write_csvs(expected)
    write_report_xlsx(expected)
    write_schools_xls(expected)
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")


if __name__ == "__main__":
    main()
