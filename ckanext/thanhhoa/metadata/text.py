"""Pure text functions: Unicode NFC and Vietnamese slugs."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# C0 control characters but tab, newline and carriage return: PostgreSQL
# cannot store NUL and XML (DCAT) cannot carry any of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def nfc(value: Any) -> Any:
    """NFC-normalise every string inside dicts, lists and tuples, dropping
    control characters; other values (numbers, uploads) are returned as they
    are."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", _CONTROL.sub("", value))
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, tuple):
        return tuple(nfc(v) for v in value)
    return value


def strip_diacritics(text: str) -> str:
    """'Thanh Hóa' → 'Thanh Hoa', 'Đường' → 'Duong'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str, max_length: int = 100) -> str:
    """A CKAN name from a Vietnamese title: 'Thanh Hóa' → 'thanh-hoa'."""
    slug = _NON_SLUG.sub("-", strip_diacritics(text).lower()).strip("-")
    return slug[:max_length].rstrip("-")
