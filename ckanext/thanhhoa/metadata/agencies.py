"""Agencies (CKAN organizations) by their electronic code (Decision
20/2020/QĐ-TTg): found, or created when a harvester meets an agency the portal
does not know yet (the LGSP harvester, and the DCAT harvester of another
portal of this kind)."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.metadata import text

FIELDS = ("title", "title_en", "agency_code", "agency_level", "address", "email", "website")


def find(code: str) -> str | None:
    """The id of the active agency with this electronic code."""
    found = (model.Session.query(model.Group.id)
             .filter(model.Group.extras["agency_code"].astext == code,
                     model.Group.is_organization == True,  # noqa: E712
                     model.Group.state == "active").first())
    return found[0] if found else None


def find_or_create(agency: dict, user: str) -> str:
    """The id of the agency of `agency["agency_code"]`, created from the
    other fields of `agency` (FIELDS) when missing."""
    code = agency["agency_code"]
    found = find(code)
    if found:
        return found
    data = {k: v for k, v in text.nfc(agency).items() if k in FIELDS and v}
    data.setdefault("title", code)
    data["name"] = text.slugify(data["title"]) or text.slugify(code)
    if model.Group.get(data["name"]) is not None:
        data["name"] = f"{data['name']}-{text.slugify(code)}"
    context = {"user": user, "ignore_auth": True}
    try:
        return tk.get_action("organization_create")(dict(context), data)["id"]
    except (tk.ValidationError, sa.exc.IntegrityError):
        model.Session.rollback()
        found = find(code)   # created meanwhile by a concurrent import (two fetch consumers)
        if found:
            return found
        data = {k: data[k] for k in ("name", "title", "agency_code")}   # keep what is sure
        return tk.get_action("organization_create")(dict(context), data)["id"]


def choices() -> list[dict]:
    """Every agency as {name, title}, by title: the pages' agency filters
    and pickers."""
    found = tk.get_action("organization_list")({}, {"all_fields": True, "limit": 1000})
    return sorted(({"name": o["name"], "title": o["title"] or o["name"]} for o in found),
                  key=lambda o: o["title"])
