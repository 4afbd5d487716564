"""The search document of a harvest source. ckanext-harvest reindexes a
source after each job with `validate: False`, so the index kept its
database form (`source_type`, `frequency`, `config` as raw extras) and
package_show, which answers from the index, gave that form: every
`harvest_source_patch` or `harvest_source_update` after a first harvest
failed (409: `source_type` missing, extras named like the schema's fields).
The document is made again with the source's own show schema."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

SOURCE_FIELDS = ("source_type", "frequency", "config")


def unconverted(dataset: dict) -> bool:
    """A harvest source's dict still in its database form."""
    keys = {extra.get("key") for extra in dataset.get("extras") or [] if isinstance(extra, dict)}
    return dataset.get("type") == "harvest" and "source_type" not in dataset and bool(
        keys & set(SOURCE_FIELDS))


def shown(source_id: str) -> dict:
    """The source as its show schema gives it."""
    return tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False, "validate": True}, {"id": source_id})
