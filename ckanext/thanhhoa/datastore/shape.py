"""Report-style tables to plain ones: pure functions, no CKAN.

Agencies' spreadsheets are reports: a letterhead and a title above the
header, a header on two rows under merged cells, a row numbering the columns
("(1) (2) (3)"), total rows, notes and signatures below the data, numbers
written "1.234.567,5" and dates "dd/mm/yyyy". ``find_header`` reads the first
rows of a table and says where its header is and what its columns are called;
``RowFilter`` says which body rows are data; ``ColumnTypes`` guesses a typed
column from the values and ``converter`` writes each value as PostgreSQL's
COPY reads it.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import unicodedata

from ckanext.thanhhoa.metadata.text import strip_diacritics

MAX_IDENTIFIER_BYTES = 63  # PostgreSQL truncates longer names
DENSE_RUN = 3  # rows that must be dense in a row to start the table


class Native(str):
    """A value the file stored typed (an XLSX number or date), written in
    canonical form: '1234567.5', '2024-03-01', '2024-03-01T08:30:00'."""
    kind = "number"


class NativeDate(Native):
    kind = "date"


class NativeTimestamp(Native):
    kind = "timestamp"


def _filled(row: list[str]) -> list[int]:
    return [j for j, cell in enumerate(row) if cell]


@dataclasses.dataclass
class Header:
    start: int            # index of the first header row among the rows read
    rows: int             # header rows (1 or 2)
    numbering: bool       # a row numbering the columns follows the header
    columns: list[str]    # names, unique, valid DataStore field names
    positions: list[int]  # the cell position of each column

    @property
    def body_start(self) -> int:
        return self.start + self.rows + (1 if self.numbering else 0)


_NUMBER_CELL = re.compile(r"[-+]?[\d.,]+")
_NUMBERING_CELL = re.compile(r"\(?(?:\d{1,2}|[A-Z]|[IVX]{1,4})\)?|\(?\d{1,2}\s*=.*")
# the heading of an official document, above its table
_LETTERHEAD = re.compile(r"(cong hoa xa hoi chu nghia|doc lap - tu do|ubnd |uy ban nhan dan|so: )")


def _is_numbering(row: list[str], width: int) -> bool:
    """A row numbering the columns: "(1) (2) (3)", "A B 1 2 3", "1 2 3=1+2";
    its numbers are 1, 2, 3… in order."""
    cells = [c for c in row if c]
    digits = [int(c.strip("()")) for c in cells if c.strip("()").isdigit()]
    return (len(cells) >= max(2, width // 2)
            and all(_NUMBERING_CELL.fullmatch(c) for c in cells)
            and len(digits) >= 2 and digits == list(range(1, len(digits) + 1)))


def _letterhead(row: list[str]) -> bool:
    return any(_LETTERHEAD.match(strip_diacritics(c).casefold() + " ") for c in row if c and len(c) < 80)


def _is_number(cell) -> bool:
    return isinstance(cell, Native) or bool(_NUMBER_CELL.fullmatch(cell.strip()))


def find_header(rows: list[list[str]]) -> Header | None:
    """The header of a table from its first rows (cells as text, "" when
    empty, blank rows kept): the first row, not of a letterhead, of the first
    run of DENSE_RUN rows that fill at least half the widest row (a
    letterhead, a title and a blank line are sparse), taken with the row
    above it when that one names columns this one leaves empty (a merged
    group over a two-row header), or with the row below when this one leaves
    gaps the next one fills with text, under merged cells (a cell left empty
    or repeated under one of this row's). Every column holding something in
    or under the header is kept, a blank header cell named "Cột n". None
    when no row has anything."""
    counts = [len(_filled(r)) for r in rows]
    width = max(counts, default=0)
    if width < 1:
        return None
    dense = max(1, -(-width // 2))
    start = None
    for i in range(len(rows)):
        run = counts[i:i + DENSE_RUN]
        if counts[i] >= min(2, width) and all(c >= dense for c in run) and not _letterhead(rows[i]):
            start = i
            break
    if start is None:
        start = next((i for i, c in enumerate(counts) if c and not _letterhead(rows[i])), 0)
    first = rows[start]

    def at(row, j):
        return row[j] if j < len(row) else ""

    two = False
    above = rows[start - 1] if start > 0 else []
    if len(_filled(above)) >= 2 and not _letterhead(above) and any(
            cell and not at(first, j) for j, cell in enumerate(above)):
        start -= 1
        two = True
    elif start + 1 < len(rows):
        below = rows[start + 1]
        gaps = [j for j, cell in enumerate(below) if cell and not at(first, j)
                and j > min(_filled(first), default=0)]
        merged = any(cell and (not at(below, j) or _fold(at(below, j)) == _fold(cell))
                     for j, cell in enumerate(first))
        if gaps and merged and not any(_is_number(c) for c in below if c):
            two = True
    upper = rows[start]
    lower = rows[start + 1] if two else []
    used = set()
    for row in rows[start:]:
        used.update(_filled(row))
    positions = sorted(used)
    names = []
    group = ""
    for j in range(max(positions, default=-1) + 1):
        top, bottom = at(upper, j), at(lower, j)
        if top:
            group = top
        elif bottom and group:
            top = group  # a merged group cell spans the columns under it
        if j not in used:
            continue
        if top and bottom and _fold(top) != _fold(bottom):
            names.append(f"{top} - {bottom}")
        else:
            names.append(top or bottom or f"Cột {j + 1}")
    after = start + (2 if two else 1)
    numbering = after < len(rows) and _is_numbering(rows[after], len(positions))
    return Header(start, 2 if two else 1, numbering, column_names(names), positions)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


_BIND = re.compile(r"(?<![\w:]):(?=\w)")


def column_names(names: list[str]) -> list[str]:
    """Valid, unique DataStore field names: one line, no leading "_" or
    quote, no ":" that CKAN would take for a bind parameter, at most 63 bytes of UTF-8 (cut at a character), "Cột 3" for a
    blank one, " (2)" after a repeated one."""
    out: list[str] = []
    seen: set[str] = set()
    for j, name in enumerate(names, start=1):
        name = unicodedata.normalize("NFC", " ".join(str(name).replace('"', "'").split()))
        name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
        # CKAN's datastore_search writes column names into SQLAlchemy text,
        # where ":mm" after a space or a bracket is a bind parameter
        name = _BIND.sub(": ", name)
        name = name.lstrip("_ ").strip() or f"Cột {j}"
        base, n = _cut(name, MAX_IDENTIFIER_BYTES), 1
        name = base
        while name.casefold() in seen:
            n += 1
            suffix = f" ({n})"
            name = _cut(base, MAX_IDENTIFIER_BYTES - len(suffix.encode())) + suffix
        seen.add(name.casefold())
        out.append(name)
    return out


def _cut(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore").rstrip()


# ---------------------------------------------------------------------------
# Body rows

_TOTAL = re.compile(r"(?:t[oổ]ng(?:\s+c[oộ]ng|\s+s[oố])?|c[oộ]ng|to[aà]n\s+t[iỉ]nh|(?:grand\s+)?total):?",
                    re.IGNORECASE)
_TOTAL_START = frozenset("tTcCgG")


def _total_label(cell) -> bool:
    if not cell or isinstance(cell, Native) or len(cell) > 40:
        return False
    cell = cell.strip()
    return bool(cell) and cell[0] in _TOTAL_START and _TOTAL.fullmatch(cell) is not None


def is_total_row(cells: list[str]) -> bool:
    """A total or subtotal row: "Tổng cộng", "Tổng số", "Cộng", "Toàn
    tỉnh", "Total" alone in one of its first two filled cells, with numbers
    beside it and no other text ("Dân số trung bình | Tổng số | 2023 | …" is
    data: a breakdown of a long table)."""
    filled = 0
    label = None
    for j, cell in enumerate(cells):
        if cell:
            if _total_label(cell):
                label = j
                break
            filled += 1
            if filled == 2:
                return False
    if label is None:
        return False
    return all(not cell or j == label or cell in EMPTY_MARKS or _is_number(cell)
               for j, cell in enumerate(cells))


# what signs a report: "Người lập biểu", "Giám đốc", "Thanh Hóa, ngày … tháng …"
_NOTE_WORDS = re.compile(r"(nguoi lap( bieu)?|thu truong|ghi chu|.*\bngay \d+ thang|"
                         r"(pho )?giam doc|(pho )?chu tich|ke toan( truong)?|ky ten|noi nhan)\b")


def _is_note(cells: list[str]) -> bool:
    return any(_NOTE_WORDS.match(strip_diacritics(c).casefold().strip()) for c in cells if c and len(c) < 200)


class RowFilter:
    """Which body rows are data. Feed rows in order; ``push`` returns the
    rows to keep now (sparse rows wait: under the data they are notes and
    signatures, between data rows section headings, kept); ``finish``
    drops what still waits. ``dropped`` counts by reason."""

    def __init__(self, width: int):
        # a table of one or two columns has no sparse rows
        self.sparse = width // 3 if width >= 3 else 0
        self.half = width // 2 if width >= 3 else 0
        self.waiting: list[list[str]] = []
        self.dropped = {"blank": 0, "total": 0, "notes": 0}

    def push(self, cells: list[str]) -> list[list[str]]:
        filled = len(cells) - cells.count("")
        if not filled:
            self.dropped["blank"] += 1
            return []
        if is_total_row(cells):
            self.dropped["total"] += 1
            return []
        if (filled <= self.sparse or filled <= self.half and _is_note(cells)) \
                and not any(_is_number(c) for c in cells if c):  # a row with a number is data
            self.waiting.append(cells)
            return []
        kept, self.waiting = self.waiting + [cells], []
        return kept

    def finish(self) -> None:
        self.dropped["notes"] += len(self.waiting)
        self.waiting = []


# ---------------------------------------------------------------------------
# Column types

# statistical yearbooks' marks for "no value": read as empty in a typed column
EMPTY_MARKS = frozenset({"-", "–", "—", "x", "X", "..", "...", "…"})
_INT = re.compile(r"[-+]?(?:0|[1-9]\d{0,17})")  # int8 holds 18 digits
_VN = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_EN = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")
_CODE = re.compile(r"[-+]?0\d")
_DOT3 = re.compile(r"[-+]?\d{1,3}\.\d{3}")  # "1.234": 1234 here, 1.234 in English


class ColumnTypes:
    """Guesses each column's type from values fed row by row: ``int8``,
    ``numeric`` (Vietnamese "1.234.567,5" or English "1,234,567.5"),
    ``date`` and ``timestamp`` (day first, or ISO), else ``text``. A column
    whose values have leading zeros ("001", codes) stays text."""

    KINDS = ("int", "vn", "en", "dmy", "iso")

    def __init__(self, width: int):
        self.possible = [set(self.KINDS) for _ in range(width)]
        self.seen = [0] * width
        self.time = [False] * width
        self.vn_fraction = [False] * width  # a "," in a Vietnamese number
        self.en_fraction = [False] * width  # a "." in an English one
        self.long = [False] * width         # more digits than int8 holds
        self.width = width

    def feed(self, cells: list[str]) -> None:
        for j in range(self.width):
            possible = self.possible[j]
            if not possible:
                continue
            value = cells[j] if j < len(cells) else ""
            if not value or value in EMPTY_MARKS:
                continue
            self.seen[j] += 1
            if isinstance(value, Native):
                keep = {"number": {"int", "vn", "en"}, "date": {"dmy", "iso"},
                        "timestamp": {"dmy", "iso"}}[value.kind]
                if value.kind == "number" and not _INT.fullmatch(value):
                    keep = {"vn", "en"}
                    self.vn_fraction[j] = self.en_fraction[j] = True
                if value.kind == "timestamp":
                    self.time[j] = True
                possible &= keep
                continue
            value = value.strip()
            if len(value) > 18 and sum(c.isdigit() for c in value) > 18:
                self.long[j] = True
            if _CODE.match(value):  # "001", "0912345678": a code, not a number
                possible -= {"int", "vn", "en"}
            if "int" in possible and not _INT.fullmatch(value):
                possible.discard("int")
            if "vn" in possible:
                if not _VN.fullmatch(value):
                    possible.discard("vn")
                elif "," in value:
                    self.vn_fraction[j] = True
            if "en" in possible and not _EN.fullmatch(value):
                possible.discard("en")
            if "en" in possible and "." in value:
                self.en_fraction[j] = True
                if not _DOT3.fullmatch(value):
                    possible.discard("vn")  # "3.5", "19.8075": a decimal point
            for kind, pattern in (("dmy", _DMY), ("iso", _ISO)):
                if kind in possible:
                    match = pattern.fullmatch(value)
                    if not match:
                        possible.discard(kind)
                    elif match.group(4):
                        self.time[j] = True

    def types(self) -> list[tuple[str, str]]:
        """(DataStore type, how to read it) for each column; how: "int",
        "vn", "en", "dmy", "iso" or "text"."""
        out = []
        for j in range(self.width):
            possible = self.possible[j]
            if not self.seen[j] or not possible:
                out.append(("text", "text"))
            elif "int" in possible:
                out.append(("int8", "int"))
            elif "vn" in possible:
                # "1.234" alone reads as Vietnamese: 1234 (the portal's files
                # are Vietnamese; a decimal point shows as "3.5" or "19.8075",
                # which rules Vietnamese out in feed)
                out.append(("numeric" if self.vn_fraction[j] or self.long[j] else "int8", "vn"))
            elif "en" in possible:
                out.append(("numeric" if self.en_fraction[j] or self.long[j] else "int8", "en"))
            elif possible & {"dmy", "iso"}:
                kind = "dmy" if "dmy" in possible else "iso"
                out.append(("timestamp" if self.time[j] else "date", kind))
            else:
                out.append(("text", "text"))
        return out


class BadValue(ValueError):
    """A value its column's type cannot hold (seen after the guess)."""


def converter(kind: str, integer: bool = False):
    """A function from a cell's text to the text COPY reads for the column
    (None for NULL); BadValue when the cell does not fit (a fraction in an
    ``integer`` column too)."""
    if kind == "text":
        return lambda value: value if value else None

    def empty(value):
        return not value or value in EMPTY_MARKS

    if kind in ("int", "vn", "en"):
        pattern, group, point = {"int": (_INT, "", ""), "vn": (_VN, ".", ","),
                                 "en": (_EN, ",", ".")}[kind]

        def read_number(value):
            if empty(value):
                return None
            if isinstance(value, Native):
                if value.kind != "number" or integer and not _INT.fullmatch(value):
                    raise BadValue(value)
                return value
            value = value.strip()
            if not pattern.fullmatch(value) or integer and point and point in value:
                raise BadValue(value)
            return value.replace(group, "").replace(point, ".") if group else value
        return read_number

    @functools.lru_cache(maxsize=4096)  # a column's dates repeat
    def read_date(value):
        if empty(value):
            return None
        if isinstance(value, Native):
            if value.kind == "number":
                raise BadValue(value)
            return value
        match = (_DMY if kind == "dmy" else _ISO).fullmatch(value.strip())
        if not match:
            raise BadValue(value)
        parts = [int(p) if p else 0 for p in match.groups()]
        if kind == "dmy":
            day, month, year = parts[:3]
        else:
            year, month, day = parts[:3]
        try:
            moment = datetime.datetime(year, month, day, *parts[3:6])
        except ValueError:
            raise BadValue(value) from None
        return moment.isoformat() if match.group(4) else moment.date().isoformat()
    return read_date


def fits_number(value: str, kind: str) -> bool:
    """Whether a value that broke an integer column is a number of the
    column's style (then the column becomes numeric, not text)."""
    try:
        converter(kind)(value)
    except BadValue:
        return False
    return True
