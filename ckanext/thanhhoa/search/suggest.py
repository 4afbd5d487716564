"""The search box's suggestions while a citizen types (`thanhhoa_suggest`):
places, current and pre-2025, and titles of the datasets the requester may
read (package_search under the requester's own access levels)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.language import current_lang
from ckanext.thanhhoa.metadata import text
from ckanext.thanhhoa.search import places

MIN_LENGTH, MAX_LENGTH = 2, 100


def _level(place: dict) -> str:
    if not place["current"]:
        return tk._("before 1 July 2025")
    return {"tinh": tk._("province"), "xa": tk._("commune or ward")}.get(place["level"], "")


@tk.side_effect_free
def thanhhoa_suggest(context, data_dict):
    """Places and dataset titles for what is being typed in the search box.

    :param q: the text typed (suggestions from two characters)
    :type q: string
    :rtype: dictionary: ``places`` (``name``, ``note``, ``url``) and
        ``datasets`` (``name``, ``title``, ``url``)
    """
    tk.check_access("thanhhoa_suggest", context, data_dict)
    typed = text.nfc(str(data_dict.get("q") or "")).strip()[:MAX_LENGTH]
    if len(typed) < MIN_LENGTH:
        return {"places": [], "datasets": []}
    found = tk.get_action("package_search")(
        {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
        {"q": typed, "rows": 5, "fq": "+dataset_type:dataset", "include_private": True})
    lang = current_lang()
    return {
        "places": [{"name": p["name"], "note": _level(p),
                    "url": tk.h.url_for("dataset.search", **{p["field"]: p["code"]})}
                   for p in places.suggest(typed)],
        "datasets": [{"name": d["name"],
                      "title": (d.get("title_translated") or {}).get(lang) or d.get("title") or d["name"],
                      "url": tk.h.url_for("dataset.read", id=d["name"])}
                     for d in found["results"]],
    }


@tk.auth_allow_anonymous_access
def thanhhoa_suggest_auth(context, data_dict):
    return {"success": True}


def get_actions() -> dict:
    return {"thanhhoa_suggest": thanhhoa_suggest}


def get_auth_functions() -> dict:
    return {"thanhhoa_suggest": thanhhoa_suggest_auth}
