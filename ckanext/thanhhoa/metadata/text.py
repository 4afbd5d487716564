"""Pure text functions: Unicode NFC and Vietnamese slugs."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Characters no text of the portal keeps:
# - C0 controls but tab, newline and carriage return, DEL and C1 controls:
#   PostgreSQL cannot store NUL, XML (DCAT) cannot carry them;
# - lone surrogates (JSON may escape them; UTF-8 cannot encode them) and the
#   noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of the BMP;
# - zero-width characters and bidirectional overrides and isolates, which
#   make a title, an e-mail or a URL read other than it is.
_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                      "\ufffe\uffff\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Input nests no deeper than this (the deepest the schema has is 3: a
# resource's list field); deeper is refused before anything recurses into it.
MAX_DEPTH = 32


class TooDeep(ValueError):
    """Input nested deeper than MAX_DEPTH."""


def nfc(value: Any, depth: int = 0) -> Any:
    """NFC-normalise every string inside dicts, lists and tuples, dropping
    the characters above; other values (numbers, uploads) are returned as
    they are. TooDeep past MAX_DEPTH levels."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", _DROPPED.sub("", value))
    if isinstance(value, (dict, list, tuple)) and depth >= MAX_DEPTH:
        raise TooDeep(depth)
    if isinstance(value, dict):
        return {nfc(k, depth + 1): nfc(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v, depth + 1) for v in value]
    if isinstance(value, tuple):
        return tuple(nfc(v, depth + 1) for v in value)
    return value


def strip_diacritics(text: str) -> str:
    """'Thanh Hóa' → 'Thanh Hoa', 'Đường' → 'Duong'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_base(title: str) -> str:
    """What a dataset's name is made from when none is given (a suffix -2,
    -3 … may follow it): the slug of its Vietnamese title."""
    return slugify(title, max_length=90)


def slugify(text: str, max_length: int = 100) -> str:
    """A CKAN name from a Vietnamese title: 'Thanh Hóa' → 'thanh-hoa'."""
    slug = _NON_SLUG.sub("-", strip_diacritics(text).lower()).strip("-")
    return slug[:max_length].rstrip("-")
