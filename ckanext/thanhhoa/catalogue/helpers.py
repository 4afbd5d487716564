"""Template helpers of the catalogue capability (prefixed thanhhoa_)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def thanhhoa_catalogue_action_label(row) -> str:
    if row.done:
        return {"created": tk._("Dataset created"), "updated": tk._("Dataset updated"),
                "failed": tk._("Not saved")}.get(row.done, row.done)
    return {"create": tk._("Will be created"), "update": tk._("Will be updated"),
            "unchanged": tk._("Unchanged"), "error": tk._("Left out: errors")}.get(row.action, row.action)


def thanhhoa_catalogue_url(agency: dict) -> str | None:
    """The agency's catalogue page, for those who may edit it (else None)."""
    try:
        tk.check_access("package_create", {}, {"owner_org": agency["id"]})
    except tk.NotAuthorized:
        return None
    return tk.h.url_for("thanhhoa_catalogue.page", id=agency["name"])


HELPERS = {name: fn for name, fn in globals().items() if name.startswith("thanhhoa_")}
