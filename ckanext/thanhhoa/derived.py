"""Values derived from others when the steward gave none (pure)."""
from __future__ import annotations


def publisher(agency: dict | None) -> dict | None:
    """The publisher of a dataset: its agency, with the agency's electronic
    code (the model says the publisher is never typed by hand)."""
    if not agency:
        return None
    keys = ("name", "title", "title_en", "agency_code", "agency_level", "email", "website")
    return {key: agency[key] for key in keys if agency.get(key)}


def fill_defaults(dataset: dict, agency: dict | None = None) -> dict:
    """identifier ← id; modified ← the day the metadata last changed;
    publisher ← the owning agency."""
    if agency is not None:
        dataset["publisher"] = publisher(agency)
    if not dataset.get("identifier"):
        dataset["identifier"] = dataset.get("id")
    if not dataset.get("modified") and dataset.get("metadata_modified"):
        dataset["modified"] = str(dataset["metadata_modified"])[:10]
    return dataset
