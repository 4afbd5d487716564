"""Search facets of the portal and the labels their values show."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa import vocab


def dataset_facets(facets: dict, show_access_level: bool) -> dict:
    """The portal's facets, in the order a citizen reads them."""
    _ = tk._
    ordered = {
        "vocab_sectors": _("Sectors"),
        "organization": facets.get("organization", _("Organizations")),
        "res_format": facets.get("res_format", _("Formats")),
        "license_id": facets.get("license_id", _("Licenses")),
        "frequency": _("Update frequency"),
        "vocab_admin_units": _("Communes and wards"),
        "tags": facets.get("tags", _("Tags")),
    }
    if show_access_level:
        ordered["access_level"] = _("Access level")
    return ordered


def current_lang() -> str:
    """The request's language; Vietnamese outside a request (CLI, jobs)."""
    try:
        return tk.h.lang() or "vi"
    except RuntimeError:
        return "vi"


def _label(facet: str, value: str, lang: str) -> str | None:
    if facet == "vocab_sectors":
        item = vocab.sectors().get(value)
    elif facet == "frequency":
        item = vocab.frequencies().get(value)
    elif facet == "access_level":
        item = vocab.access_levels().get(value)
    elif facet == "vocab_admin_units":
        unit = vocab.admin_units().get(value)
        return unit.name if unit else None
    else:
        return None
    return item.get(lang) or item["vi"] if item else None


def label_facet_items(search_facets: dict[str, Any], lang: str) -> None:
    """Give coded facet values their names (in place)."""
    for facet, result in search_facets.items():
        for item in result.get("items", []):
            label = _label(facet, item.get("name", ""), lang)
            if label:
                item["display_name"] = label
