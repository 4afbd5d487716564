"""What the search index holds beyond CKAN's own fields (pure functions):
facet fields for the controlled vocabularies, the names of the covered
administrative units (with the pre-2025 names of the units they came from)
and of the sectors,
the pre-2025 units they came from (a filter by an old name), and a
geometry derived from the units when the steward drew none."""
from __future__ import annotations

import json
from typing import Any

from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa.metadata.stored import as_list


def index_fields(dataset: dict) -> dict:
    """Extra index fields of a validated dataset dict."""
    units = [str(c) for c in as_list(dataset.get("admin_units"))]
    covered = vocab.current_codes(units)
    fields: dict[str, Any] = {
        "vocab_sectors": as_list(dataset.get("sectors")),
        "vocab_admin_units": list(dict.fromkeys(units + covered)),
        # the pre-2025 units they came from: a filter by an old district or commune
        "vocab_admin_units_old": sorted({old for code in covered for old in vocab.made_of().get(code, ())}),
        "extras_admin_unit_names": " ; ".join(vocab.unit_names(units)),
        # the sectors' names: "giao thông" finds the transport sector's datasets
        "extras_sector_names": " ; ".join(filter(None, (
            vocab.get("sectors").label(code, "vi") for code in as_list(dataset.get("sectors"))))),
        "extras_sector_names_en": " ; ".join(filter(None, (
            vocab.get("sectors").label(code, "en") for code in as_list(dataset.get("sectors"))))),
    }
    for key in ("access_level", "frequency"):
        if dataset.get(key):
            fields[key] = dataset[key]
    for key in ("title_translated", "notes_translated"):
        value = dataset.get(key)
        if isinstance(value, dict) and value.get("en"):
            fields[f"extras_{key}_en"] = value["en"]
    if not dataset.get("spatial"):
        box = vocab.bbox(covered or units)
        if box:  # read by ckanext-spatial's index (spatial_query), which runs after
            fields["spatial"] = fields["extras_spatial"] = json.dumps(vocab.bbox_geojson(box))
    return fields
