"""The catalogue sheet's columns (pure): a dataset of the portal's schema
as one row of cells and back, with Vietnamese headers.

A code is written as its Vietnamese label (what a steward reads, and what
the sheet's drop-down lists offer) and read as a label or a code; several
values share a cell, separated by ";". Only the first contact and the first
period are in the sheet: a dataset's others are kept as they are. Dates are
read from Excel's dates, dd/mm/yyyy or yyyy-mm-dd.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import unicodedata
from typing import Any, Callable

from ckanext.thanhhoa.language import N_
from ckanext.thanhhoa.metadata import vocab

SEPARATOR = "; "


class CellError(ValueError):
    """A cell that cannot be read; its message is a msgid with a %s for the value."""


@dataclasses.dataclass(frozen=True)
class Column:
    header: str                 # Vietnamese, as the sheet shows it
    field: str                  # the dataset's field (API shape)
    part: str | None = None     # a key inside the field (vi/en; name/email/phone; start/end)
    kind: str = "text"          # text, code, codes, units, list, tags, date
    vocabulary: str | None = None
    width: int = 24


COLUMNS = (
    Column("Mã hệ thống (không sửa)", "id", width=10),
    Column("Tên tập dữ liệu", "title_translated", "vi", width=40),
    Column("Tên tiếng Anh", "title_translated", "en", width=30),
    Column("Mô tả", "notes_translated", "vi", width=50),
    Column("Mô tả tiếng Anh", "notes_translated", "en", width=40),
    Column("Mức độ chia sẻ", "access_level", kind="code", vocabulary="access_levels"),
    Column("Lĩnh vực", "sectors", kind="codes", vocabulary="sectors", width=30),
    Column("Từ khóa", "tag_string", kind="tags", width=30),
    Column("Giấy phép", "license_id", kind="code", vocabulary="licenses", width=30),
    Column("Tần suất cập nhật", "frequency", kind="code", vocabulary="frequencies", width=20),
    Column("Mã đơn vị hành chính", "admin_units", kind="units", width=20),
    Column("Từ ngày", "temporal_coverage", "start", kind="date", width=14),
    Column("Đến ngày", "temporal_coverage", "end", kind="date", width=14),
    Column("Ngày ban hành", "issued", kind="date", width=14),
    Column("Ngày cập nhật", "modified", kind="date", width=14),
    Column("Người liên hệ", "contact", "name", width=28),
    Column("Thư điện tử liên hệ", "contact", "email", width=28),
    Column("Điện thoại liên hệ", "contact", "phone", width=18),
    Column("Ngôn ngữ", "language", kind="list", width=12),
    Column("Phiên bản", "version", width=12),
    Column("Ghi chú phiên bản", "version_notes", width=24),
    Column("Tiêu chuẩn áp dụng", "conforms_to", kind="list", width=30),
    Column("Tài liệu", "documentation", kind="list", width=30),
    Column("Căn cứ pháp lý", "applicable_legislation", kind="list", width=30),
    Column("Nguồn gốc dữ liệu", "provenance", width=30),
    Column("Mã tập dữ liệu", "identifier", width=20),
)
HEADERS = tuple(c.header for c in COLUMNS)
FIELDS = tuple(dict.fromkeys(c.field for c in COLUMNS if c.field != "id"))
REQUIRED = ("Tên tập dữ liệu", "Mức độ chia sẻ", "Lĩnh vực", "Tần suất cập nhật")
NESTED = ("contact", "temporal_coverage")     # lists of which the sheet edits the first


def nfc(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


@functools.lru_cache(maxsize=None)
def _labels(vocabulary: str) -> dict[str, str]:
    """label or code (folded) → code."""
    found = {}
    for code in vocab.get(vocabulary):
        for text in (code, vocab.get(vocabulary).label(code, "vi"), vocab.get(vocabulary).label(code, "en")):
            if text:
                found[nfc(text).casefold()] = code
    return found


def labels_of(vocabulary: str) -> list[str]:
    """The Vietnamese labels of a vocabulary's codes, for a drop-down list."""
    return [vocab.get(vocabulary).label(code, "vi") for code in vocab.get(vocabulary)]


def _code(vocabulary: str, text: str) -> str:
    code = _labels(vocabulary).get(text.casefold())
    if code is None:
        raise CellError(vocab.get(vocabulary).unknown_message)
    return code


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def _date(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = nfc(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            pass
    raise CellError(N_("Not a date: %s (write dd/mm/yyyy)"))


READERS: dict[str, Callable[[Column, Any], Any]] = {
    "text": lambda c, v: nfc(v),
    "code": lambda c, v: _code(c.vocabulary, nfc(v)),
    "codes": lambda c, v: [_code(c.vocabulary, part) for part in _split(nfc(v))],
    "units": lambda c, v: [re.match(r"\d*", part).group() or part for part in _split(nfc(v))],
    "list": lambda c, v: _split(nfc(v)),
    "tags": lambda c, v: ",".join(_split(nfc(v))),
    "date": lambda c, v: _date(v),
}
EMPTY = {"codes": [], "units": [], "list": []}


def _written(column: Column, value: Any) -> Any:
    """A field's value as its cell shows it."""
    if value in (None, "", []):
        return None
    if column.kind == "code":
        return vocab.get(column.vocabulary).label(value, "vi") or value
    if column.kind == "codes":
        return SEPARATOR.join(vocab.get(column.vocabulary).label(c, "vi") or c for c in value)
    if column.kind in ("units", "list"):
        return SEPARATOR.join(str(v) for v in value)
    if column.kind == "tags":
        return SEPARATOR.join(t.strip() for t in str(value).split(",") if t.strip())
    if column.kind == "date":
        return datetime.date.fromisoformat(str(value)[:10])
    return value


def _part(dataset: dict, column: Column) -> Any:
    value = dataset.get(column.field)
    if column.field in NESTED:
        first = value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else {}
        return first.get(column.part)
    if column.part:
        return (value or {}).get(column.part) if isinstance(value, dict) else None
    if column.field == "tag_string" and value is None:
        return ",".join(t["name"] for t in dataset.get("tags") or [])
    return value


def to_row(dataset: dict) -> list:
    """A dataset (package_show's dict) as the sheet's cells."""
    return [_written(column, _part(dataset, column)) for column in COLUMNS]


def from_row(cells: dict[str, Any]) -> tuple[dict, dict[str, str]]:
    """The cells of a row (header → value) as dataset fields, and the cells
    that could not be read (header → (msgid, value))."""
    fields: dict[str, Any] = {}
    errors: dict[str, tuple[str, str]] = {}
    for column in COLUMNS:
        if column.header not in cells:
            continue
        raw = cells[column.header]
        if raw is None or nfc(raw) == "":
            value = EMPTY.get(column.kind, "")
        else:
            try:
                value = READERS[column.kind](column, raw)
            except CellError as error:
                errors[column.header] = (str(error), nfc(raw))
                continue
        if column.part:
            fields.setdefault(column.field, {})[column.part] = value
        else:
            fields[column.field] = value
    for field in NESTED:
        if field in fields:      # the parts the sheet has, empty ones too (a cleared cell)
            fields[field] = [fields[field]]
    return fields, errors


def _clean(items: list) -> list:
    first = {k: v for k, v in (items[0] if items else {}).items() if v}
    return ([first] if first else []) + list(items[1:])


def new_dataset(sheet: dict) -> dict:
    """A new row's fields as package_create takes them."""
    return {field: _clean(value) if field in NESTED else value for field, value in sheet.items()}


def changes(sheet: dict, dataset: dict) -> dict:
    """The fields the sheet changes in a dataset, as a patch: the others of
    a nested list (a second contact, a second period) are kept."""
    current, _ = from_row(dict(zip(HEADERS, to_row(dataset))))
    patch = {}
    for field, value in sheet.items():
        if field == "id":
            continue
        # a part whose column the steward deleted keeps its value
        if field in NESTED:
            value = _clean([{**(current.get(field) or [{}])[0], **value[0]}])
            value = value[:1] + list((dataset.get(field) or [])[1:])
            unchanged = value[:1] == _clean(current.get(field) or [])[:1]
        elif isinstance(value, dict):
            value = {**(current.get(field) or {}), **value}
            unchanged = value == current.get(field)
        else:
            unchanged = value == current.get(field)
        if not unchanged:
            patch[field] = value
    return patch


def slug(title: str) -> str:
    """The address a new dataset would get from its title (the schema's default)."""
    from ckanext.thanhhoa.metadata import text

    return text.slugify(title or "")


def headers_of(field: str) -> list[str]:
    """The sheet's headers of a dataset field (to name a field's error)."""
    return [c.header for c in COLUMNS if c.field == ("tag_string" if field == "tags" else field)]
