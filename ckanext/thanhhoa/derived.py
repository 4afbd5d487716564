"""Values derived from others when the steward gave none (pure)."""
from __future__ import annotations


def fill_defaults(dataset: dict) -> dict:
    """identifier ← id; modified ← the day the metadata last changed."""
    if not dataset.get("identifier"):
        dataset["identifier"] = dataset.get("id")
    if not dataset.get("modified") and dataset.get("metadata_modified"):
        dataset["modified"] = str(dataset["metadata_modified"])[:10]
    return dataset
