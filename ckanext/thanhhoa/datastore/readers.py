"""Agencies' files as rows of NFC text: CSV in any encoding of
``encodings``, XLSX and XLS with legacy fonts per cell and merged cells.

A reader yields rows as lists of cells ("" for an empty one; a typed
spreadsheet value as ``shape.Native``) and fills a ``Reading`` with what it
did. Readers are re-iterable: the loader reads a file again when a value
after the first rows does not fit the type guessed for its column.
"""
from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime
import functools
import io
import re
import unicodedata
from typing import Callable, Iterator

from ckanext.thanhhoa.datastore import encodings
from ckanext.thanhhoa.datastore.shape import Native, NativeDate, NativeTimestamp

SAMPLE_BYTES = 1 << 20
MAX_COLUMNS = 1600         # PostgreSQL's limit: cells further right are left out
MAX_MERGE_CELLS = 10_000   # a merged range larger than this is not filled down
MAX_MERGE_FILLED = 500_000  # cells filled down in a whole sheet, at most
MAX_UNZIPPED = 2 << 30     # an XLSX whose parts unzip past 2 GB is refused
MAX_RATIO = 200            # … or whose parts unzip 200 times their size (a bomb)
_DELIMITERS = ",;\t|"
csv.field_size_limit(1 << 24)


class Unreadable(ValueError):
    """A file that is no table this portal reads; the message is for the steward."""


@dataclasses.dataclass
class Reading:
    format: str = ""
    encoding: str = ""            # utf-8, windows-1258, viscii, tcvn3, vni, xlsx, xls
    converted_cells: int = 0      # cells converted from a legacy font or encoding
    fonts: dict = dataclasses.field(default_factory=dict)  # legacy font name -> cells
    sheet: str = ""
    merged: int = 0               # merged ranges filled down


# ---------------------------------------------------------------------------
# CSV


def _utf8(path: str) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _markup(sample: bytes) -> bool:
    """A web page or an XML file ("Xuất Excel" of many systems is an HTML
    table saved as .xls)."""
    head = sample[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<meta"))


def _sniff(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for delimiter in _DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        if not counts or max(counts) < 2:
            continue
        # the delimiter that splits most lines into the same, widest shape
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * common
        if score > best_score:
            best, best_score = delimiter, score
    return best


class CsvReader:
    def __init__(self, path: str, reading: Reading):
        self.path = path
        self.reading = reading
        reading.format = "csv"
        with open(path, "rb") as f:
            sample = f.read(SAMPLE_BYTES)
        if _markup(sample):
            raise Unreadable("html")
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"  # Excel's "Unicode Text": UTF-16 with tabs
        elif b"\x00" in sample[:4096]:
            raise Unreadable("binary")
        elif _utf8(path):
            encoding = "utf-8"
        else:
            encoding, _score = encodings.detect(sample)
        reading.encoding = encoding
        self.codec = encodings.CODECS[encoding]
        text = encodings.decode(sample, encoding)
        self.delimiter = _sniff(text)
        # UTF-8 text typed in a legacy font ("thµnh phè" saved as UTF-8):
        # repaired cell by cell when the first rows show some
        self.repair = encoding == "utf-8" and any(
            encodings.repair_cell(cell) != cell
            for row in csv.reader(io.StringIO(text[:200_000]), delimiter=self.delimiter)
            for cell in row if not cell.isascii())

    def _lines(self) -> Iterator[str]:
        """The file's lines, decoded, NFC (a line at a time: no combining
        mark starts a line; quicker here than a megabyte at a time)."""
        normalize = unicodedata.normalize
        vni = self.reading.encoding == "vni"
        with open(self.path, encoding=self.codec, errors="replace", newline="") as f:
            for line in f:
                if "\x00" in line:  # PostgreSQL stores no NUL
                    line = line.replace("\x00", "")
                if line.isascii():
                    yield line
                elif vni:
                    yield encodings.vni_to_unicode(line)
                else:
                    yield normalize("NFC", line)

    def __iter__(self) -> Iterator[list[str]]:
        self.reading.converted_cells = 0
        rows = csv.reader(self._lines(), delimiter=self.delimiter)
        if not self.repair:
            yield from rows
            return
        repair = functools.lru_cache(maxsize=65536)(encodings.repair_cell)
        for row in rows:
            for j, cell in enumerate(row):
                if not cell.isascii():
                    fixed = repair(cell)
                    if fixed != cell:
                        row[j] = fixed
                        self.reading.converted_cells += 1
            yield row


# ---------------------------------------------------------------------------
# Spreadsheets


def _native(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return Native(value)
    if isinstance(value, float):
        return Native(int(value)) if value.is_integer() and abs(value) < 1e15 else Native(repr(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return NativeDate(value.date().isoformat())
        return NativeTimestamp(value.isoformat())
    if isinstance(value, datetime.date):
        return NativeDate(value.isoformat())
    if isinstance(value, datetime.time):
        return value.isoformat()
    return str(value)


class _Cells:
    """Text cells with the legacy font of each converted, counted."""

    def __init__(self, reading: Reading):
        self.reading = reading
        # one cache per reading of a file: a cache on the method would be the
        # worker's, holding every file's cells (and readers) between jobs
        self.convert = functools.lru_cache(maxsize=65536)(encodings.repair_cell)

    def text(self, value: str, font: str | None) -> str:
        value = value.strip()
        legacy = encodings.font_encoding(font)
        if value.isascii() and (legacy is None or not legacy[1]):
            return value
        fixed = self.convert(value, font if legacy else None)
        if fixed != value:
            self.reading.converted_cells += 1
            if legacy:
                self.reading.fonts[font] = self.reading.fonts.get(font, 0) + 1
        return fixed


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _fill_down(ranges, reading: Reading) -> dict[tuple[int, int], tuple[int, int]]:
    """Cells under the top of a vertically merged range (c1, r1, c2, r2,
    inclusive) -> that top cell; a range too large to be a table's (a merge
    bomb) is left empty, and so is any after MAX_MERGE_FILLED cells."""
    down: dict[tuple[int, int], tuple[int, int]] = {}
    for c1, r1, c2, r2 in ranges:
        cells = (r2 - r1) * (c2 - c1 + 1)
        if r2 <= r1 or cells > MAX_MERGE_CELLS or len(down) + cells > MAX_MERGE_FILLED:
            continue
        reading.merged += 1
        for r in range(r1 + 1, r2 + 1):
            for c in range(c1, c2 + 1):
                down[(r, c)] = (r1, c)
    return down


def _check_zip(path: str) -> None:
    """Refuse an XLSX whose parts unzip to more than MAX_UNZIPPED bytes, or
    to MAX_RATIO times their compressed size (a zip bomb)."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise Unreadable(str(error)) from error
    size = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts) or 1
    if size > MAX_UNZIPPED or size > 1_000_000 and size > MAX_RATIO * packed:
        raise Unreadable(f"unzips to {size} bytes from {packed}")


def _column_index(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + c - 64
    return n - 1


class XlsxReader:
    def __init__(self, path: str, reading: Reading):
        import openpyxl
        self.path = path
        self.reading = reading
        reading.format = reading.encoding = "xlsx"
        _check_zip(path)
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # zipfile, XML and openpyxl's own errors
            raise Unreadable(str(error)) from error
        self.workbook = workbook
        sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"] or workbook.worksheets
        if not sheets:
            raise Unreadable("no worksheet")
        self.sheet = sheets[0]
        # the <dimension> a file declares may be wrong (rows or columns left
        # out) or huge (a million empty rows to pad): read what is there
        self.sheet.reset_dimensions()
        reading.sheet = self.sheet.title
        self.down = self._merges()

    def _merges(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Cells under the top of a vertically merged range -> that top
        cell (a district merged over its communes' rows)."""
        refs = set()
        tail = b""
        with self.sheet._get_source() as src:
            while chunk := src.read(1 << 20):
                data = tail + chunk
                refs.update(m.groups() for m in _MERGE.finditer(data))
                tail = data[-200:]
        return _fill_down(((_column_index(c1), int(r1) - 1, _column_index(c2), int(r2) - 1)
                           for c1, r1, c2, r2 in refs), self.reading)

    def __iter__(self) -> Iterator[list[str]]:
        self.reading.converted_cells, self.reading.fonts = 0, {}
        workbook = self.workbook
        fonts: dict[int, str | None] = {}
        cells = _Cells(self.reading)
        tops: dict[tuple[int, int], str] = {}
        needed = set(self.down.values())
        for r, row in enumerate(self.sheet.iter_rows()):
            out = []
            for c, cell in enumerate(row[:MAX_COLUMNS]):
                value = getattr(cell, "value", None)
                if isinstance(value, str):
                    style = getattr(cell, "_style_id", 0)
                    if style not in fonts:
                        fonts[style] = workbook._fonts[workbook._cell_styles[style].fontId].name
                    value = cells.text(value, fonts[style])
                else:
                    value = _native(value)
                if (r, c) in needed:
                    tops[(r, c)] = value
                elif not value and (r, c) in self.down:
                    value = tops.get(self.down[(r, c)], "")
                out.append(value)
            while out and not out[-1]:
                out.pop()
            yield out


class XlsReader:
    def __init__(self, path: str, reading: Reading):
        import xlrd
        self.reading = reading
        reading.format = reading.encoding = "xls"
        try:
            self.book = xlrd.open_workbook(path, formatting_info=True)
        except Exception as error:  # xlrd's errors, and struct/zip errors
            raise Unreadable(str(error)) from error
        sheets = [s for s in self.book.sheets() if s.nrows]
        self.sheet = sheets[0] if sheets else self.book.sheet_by_index(0)
        reading.sheet = self.sheet.name
        self.down = _fill_down(((c1, r1, c2 - 1, r2 - 1) for r1, r2, c1, c2 in self.sheet.merged_cells),
                               reading)

    def __iter__(self) -> Iterator[list[str]]:
        import xlrd
        self.reading.converted_cells, self.reading.fonts = 0, {}
        book, sheet = self.book, self.sheet
        cells = _Cells(self.reading)
        for r in range(sheet.nrows):
            out = []
            for c in range(min(sheet.ncols, MAX_COLUMNS)):
                top = self.down.get((r, c), (r, c))
                cell = sheet.cell(*top) if not sheet.cell_value(r, c) else sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_TEXT:
                    font = book.font_list[book.xf_list[cell.xf_index].font_index].name
                    out.append(cells.text(cell.value, font))
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    out.append(_native(cell.value))
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    out.append(_native(xlrd.xldate_as_datetime(cell.value, book.datemode)))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    out.append(_native(bool(cell.value)))
                else:
                    out.append("")
            while out and not out[-1]:
                out.pop()
            yield out


READERS: dict[str, Callable] = {"csv": CsvReader, "tsv": CsvReader, "txt": CsvReader,
                                "xlsx": XlsxReader, "xlsm": XlsxReader, "xls": XlsReader}


def file_format(path: str, declared: str | None) -> str | None:
    """The reader for a file: by its first bytes (a ZIP is XLSX, an OLE
    compound file XLS), else the declared format; None for what the portal
    leaves to xloader (ODS…)."""
    with open(path, "rb") as f:
        head = f.read(1024)
    declared = (declared or "").strip().lower().lstrip(".")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if declared in ("", "xlsx", "xlsm", "xls", "csv") else None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if declared in ("xls", "xlsx", "xlsm"):
        # a spreadsheet that is neither: most often a web page saved as .xls
        raise Unreadable("html" if _markup(head) else "not a spreadsheet")
    if declared in ("ods",):
        return None
    return "tsv" if declared == "tsv" else "csv"


def open_table(path: str, declared: str | None, reading: Reading):
    kind = file_format(path, declared)
    if kind is None:
        return None
    return READERS[kind](path, reading)
