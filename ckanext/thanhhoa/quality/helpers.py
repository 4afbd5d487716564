"""Template helpers of the quality capability (prefixed thanhhoa_)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def thanhhoa_quality_rating_label(rating: str) -> str:
    return {"excellent": tk._("Excellent"), "good": tk._("Good"), "sufficient": tk._("Sufficient"),
            "bad": tk._("Bad")}.get(rating, rating)


def thanhhoa_quality_dimension_label(name: str) -> str:
    return {"findability": tk._("Findability"), "accessibility": tk._("Accessibility"),
            "interoperability": tk._("Interoperability"), "reusability": tk._("Reusability"),
            "contextuality": tk._("Contextuality")}.get(name, name)


def thanhhoa_decimal(value: float, digits: int = 2) -> str:
    """2,35 in Vietnamese, 2.35 in English."""
    from ckanext.thanhhoa.language import current_lang

    written = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return written.replace(".", ",") if current_lang() == "vi" else written


def thanhhoa_link_error_label(error: str | None) -> str:
    return {
        "invalid_url": tk._("not a web address"),
        "blocked": tk._("an address the portal may not reach"),
        "timeout": tk._("no answer in time"),
        "too_many_redirects": tk._("too many redirects"),
        "connection": tk._("the server could not be reached"),
        "missing_file": tk._("the file is missing from the portal's storage"),
    }.get(error or "", error or "")


def thanhhoa_link_check(resource_id: str) -> dict | None:
    """A resource's last link check, for its page (None before the first
    check, or when the viewer may not read it)."""
    try:
        return tk.get_action("thanhhoa_resource_link_check")({}, {"resource_id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def agency_titles(ids) -> dict[str, str]:
    from ckanext.thanhhoa.metadata.derived import agencies

    return {i: a.get("title") or a.get("name") for i, a in agencies(ids).items()}


HELPERS = {name: fn for name, fn in globals().items() if name.startswith("thanhhoa_")}
