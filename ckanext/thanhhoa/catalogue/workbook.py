"""The catalogue as an XLSX workbook (openpyxl): written with its code
lists as drop-down lists and the portal's ids in a hidden first column;
read back as rows of cells by header, bounded (a workbook is a zip: its
sheet is read in read-only mode, and only so many rows and columns)."""
from __future__ import annotations

import io
import zipfile

from ckanext.thanhhoa.catalogue import columns
from ckanext.thanhhoa.language import N_

SHEET = "Danh mục dữ liệu"
LISTS = "Danh sách mã"
MAX_ROWS = 2000
MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 100 * 1024 * 1024        # all members, uncompressed
MAX_MEMBER = {"xl/styles.xml": 5 * 1024 * 1024}


class Unreadable(ValueError):
    """Not a catalogue workbook: `msgid` (with a %s for `value`, if any)."""

    def __init__(self, msgid: str, value: str = ""):
        super().__init__(msgid, value)
        self.msgid, self.value = msgid, value

    def message(self, translate=lambda s: s) -> str:
        return translate(self.msgid) % self.value if self.value else translate(self.msgid)


def write(datasets: list[dict], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(columns.HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE68A" if cell.value in columns.REQUIRED else "E5E7EB")
    for dataset in datasets:
        sheet.append(columns.to_row(dataset))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"      # text, not a formula Excel would run
    last = max(len(datasets) + 1, 500)
    lists = book.create_sheet(LISTS)
    for number, column in enumerate(columns.COLUMNS, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = column.width
        if column.kind == "date":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number, max_row=last):
                cell.number_format = "dd/mm/yyyy"
        if column.kind == "code":
            # the labels in a column of the hidden sheet; the drop-down refers to it
            target = get_column_letter(lists.max_column + 1 if lists["A1"].value else 1)
            labels = columns.labels_of(column.vocabulary)
            for row, label in enumerate(labels, start=1):
                lists[f"{target}{row}"] = label
            rule = DataValidation(type="list", formula1=f"'{LISTS}'!${target}$1:${target}${len(labels)}",
                                  allow_blank=True, showErrorMessage=True,
                                  errorTitle=column.header, error="Chọn một giá trị trong danh sách.")
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{last}")
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = "C2"
    lists.sheet_state = "hidden"
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes) -> list[tuple[int, dict]]:
    """(row number, header → value) of each row that has a value; Unreadable
    when the file is no catalogue workbook."""
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise Unreadable(N_("The file is larger than 20 MB."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(i.file_size for i in members) > MAX_UNZIPPED or any(     # a zip bomb
                    i.file_size > MAX_MEMBER.get(i.filename, MAX_UNZIPPED) for i in members):
                raise Unreadable(N_("The file is larger than 20 MB."))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Unreadable:
        raise
    except Exception as error:   # not a zip, a zip without a workbook, broken XML
        raise Unreadable(N_("The file is not an Excel workbook (.xlsx).")) from error
    try:
        return _rows(book)
    except Unreadable:
        raise
    except Exception as error:   # broken XML inside the zip, and the like
        raise Unreadable(N_("The file is not an Excel workbook (.xlsx).")) from error
    finally:
        book.close()


def _rows(book) -> list[tuple[int, dict]]:
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    sheet.reset_dimensions()
    found = sheet.iter_rows(max_col=len(columns.HEADERS) + 20, values_only=True)
    header = [columns.nfc(h) for h in next(found, ())]
    missing = [h for h in columns.REQUIRED if h not in header]
    if missing:
        raise Unreadable(N_("The first row must name the catalogue's columns; missing: %s"), ", ".join(missing))
    rows = []
    for number, values in enumerate(found, start=2):
        cells = {h: v for h, v in zip(header, values) if h in columns.HEADERS}
        if any(v not in (None, "") and columns.nfc(v) for v in cells.values()):
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise Unreadable(N_("The sheet has more than 2,000 rows: split it."))
        elif number > 20 * MAX_ROWS:      # formatted empty rows: the rest is empty too
            break
    return rows

