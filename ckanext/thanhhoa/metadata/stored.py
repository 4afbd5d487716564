"""Reading the values the portal stores (pure).

ckanext-scheming keeps list and translated fields as JSON text in a
dataset's extras; a validated dataset, a search result, a package_show and a
dataset being indexed hold them as text or as Python values depending on the
path. Every reader of such a field (output validators, the index, the DCAT
and schema.org profiles, templates) goes through these functions."""
from __future__ import annotations

import json
from typing import Any

from ckanext.thanhhoa.language import DEFAULT


def as_list(value: Any) -> list:
    """A list field: a list, its JSON text, or one value."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        if value.startswith("["):
            try:
                loaded = json.loads(value)
            except ValueError:
                return [value]
            return loaded if isinstance(loaded, list) else [loaded]
        return [value] if value else []
    return [value] if value not in (None, "", {}) else []


def translated(value: Any) -> dict:
    """A translated field ({lang: text}): a dict, its JSON text, or a plain
    text (taken as Vietnamese)."""
    if isinstance(value, str):
        if value.startswith("{"):
            try:
                loaded = json.loads(value)
            except ValueError:
                loaded = None
            if isinstance(loaded, dict):
                return loaded
        return {DEFAULT: value} if value else {}
    return value if isinstance(value, dict) else {}
