"""Search facets of the portal and the labels their values show."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.metadata import vocab

# Facet fields whose values are codes of a vocabulary.
CODED = {"vocab_sectors": "sectors", "frequency": "frequencies",
         "access_level": "access_levels", "vocab_admin_units": "admin_units"}


def dataset_facets(facets: dict, show_access_level: bool, old_units: bool = False) -> dict:
    """The portal's facets, in the order a citizen reads them; the pre-2025
    units only while the search is filtered by one (a place suggested by
    its old name), so that the filter is shown by its name."""
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
    if old_units:
        ordered["vocab_admin_units_old"] = _("Places before 1 July 2025")
    return ordered


def label_facet_items(search_facets: dict[str, Any], lang: str) -> None:
    """Give coded facet values their names in `lang` (in place), and those of
    the harvest sources' facets, which ckanext-harvest shows raw (MANUAL,
    lgsp)."""
    for facet, result in search_facets.items():
        if facet not in CODED and facet not in ("source_type", "vocab_admin_units_old"):
            continue
        codes = vocab.get(CODED[facet]) if facet in CODED else None
        for item in result.get("items", []):
            name = item.get("name", "")
            label = ((codes.label(name, lang) if codes else None) or _harvest_label(facet, name)
                     or _old_unit_label(facet, name))
            if label:
                item["display_name"] = label


def _old_unit_label(facet: str, code: str) -> str | None:
    """A pre-2025 unit by its own name (its code may be a current unit's)."""
    unit = vocab.legacy_units().get(code) if facet == "vocab_admin_units_old" else None
    return f"{unit.name} ({tk._('before 1 July 2025')})" if unit else None


def _harvest_label(facet: str, value: str) -> str | None:
    from ckanext.harvest.helpers import harvesters_info
    from ckanext.harvest.model import UPDATE_FREQUENCIES

    if facet == "frequency" and value in UPDATE_FREQUENCIES:
        return tk._(value.title())
    if facet == "source_type":
        titles = {harvester["name"]: harvester["title"] for harvester in harvesters_info()}
        return tk._(titles[value]) if value in titles else None
    return None
