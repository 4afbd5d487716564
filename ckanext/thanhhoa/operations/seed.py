"""`ckan thanhhoa seed`: the provincial agencies (with their electronic
codes) from vocab/agencies.json. Idempotent: missing agencies are created,
existing ones are left as they are. The other vocabularies are data files of
the package and need no seeding."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.metadata import vocab


def seed_agencies() -> tuple[list[str], list[str]]:
    """Create the missing agencies; return (created, existing) names."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    created, existing = [], []
    for agency in vocab.agencies():
        context = {"user": site_user["name"], "ignore_auth": True}
        try:
            tk.get_action("organization_show")(context, {"id": agency["name"]})
            existing.append(agency["name"])
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(
                {"user": site_user["name"], "ignore_auth": True}, dict(agency))
            created.append(agency["name"])
    return created, existing
