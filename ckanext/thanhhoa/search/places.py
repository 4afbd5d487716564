"""Places a citizen may be typing (pure): the current communes and wards
and the pre-2025 districts and communes whose names contain the words
typed, in order, each at the start of a word ("hoang h" finds "Huyện
Hoằng Hóa"), with or without diacritics.
A current unit filters `vocab_admin_units`; a pre-2025 one filters
`vocab_admin_units_old`, which holds the pre-2025 units each dataset's
units came from (search/indexing.py)."""
from __future__ import annotations

import re

from ckanext.thanhhoa.metadata import text, vocab

_WORDS = re.compile(r"[^\w]+")


def words(value: str) -> list[str]:
    return [w for w in _WORDS.split(text.strip_diacritics(text.nfc(value)).lower()) if w]


def suggest(typed: str, limit: int = 6) -> list[dict]:
    """[{"code", "name", "level", "current", "field"}], best first: a name
    that is what was typed, then current units, then shorter names."""
    wanted = words(typed)
    if not wanted:
        return []
    found = []
    current = {u.code: u for u in vocab.admin_units().values() if u.current}
    for unit in list(current.values()) + list(vocab.legacy_units().values()):
        if not unit.current and unit.code in current and current[unit.code].name == unit.name:
            continue                                   # the same unit under the same name
        have = words(unit.name)
        if _matches(wanted, have):
            exact = " ".join(wanted) in " ".join(have)
            found.append(((not exact, not unit.current, len(have), unit.name), {
                "code": unit.code, "name": unit.name, "level": unit.level,
                "current": unit.current,
                "field": "vocab_admin_units" if unit.current else "vocab_admin_units_old"}))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])[:limit]]


def _matches(wanted: list[str], have: list[str]) -> bool:
    """The wanted words begin consecutive words of the name."""
    return any(all(have[start + i].startswith(w) for i, w in enumerate(wanted))
               for start in range(len(have) - len(wanted) + 1))
