"""Actions of the quality capability: a resource's last link check, and the
quality dashboard's numbers (quality/dashboard.py) as the caller may see them."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.quality import dashboard, store


def _text(data_dict: dict, key: str, required: bool = False) -> str | None:
    """A parameter that must be one line of text (an id or a name)."""
    value = data_dict.get(key)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str) or not value.strip() or "\x00" in value or len(value) > 200:
        message = tk._("Missing value") if value in (None, "") else tk._("Give a name or an id, as text.")
        raise tk.ValidationError({key: [message]})
    return value.strip()


@tk.side_effect_free
def thanhhoa_resource_link_check(context, data_dict):
    """The last check of a resource's link: whether it answered, its status,
    the time it took, the content type and size its server declared, where
    redirects ended, what went wrong (invalid_url, blocked, timeout,
    too_many_redirects, connection, missing_file), when it was checked and
    since when it has been broken.

    :param resource_id: the resource
    :type resource_id: string
    :rtype: dictionary, or None before the first check
    """
    resource_id = _text(data_dict, "resource_id", required=True)
    tk.check_access("thanhhoa_resource_link_check", context, {"resource_id": resource_id})
    resource = tk.get_action("resource_show")(dict(context, ignore_auth=True), {"id": resource_id})
    check = store.links([resource["package_id"]])[resource["package_id"]].get(resource_id)
    return dict(check, current=check["url"] == resource.get("url")) if check else None


def thanhhoa_resource_link_check_auth(context, data_dict):
    # whoever may read the resource may read its link's check
    tk.check_access("resource_show", context, {"id": data_dict.get("resource_id")})
    return {"success": True}


@tk.side_effect_free
def thanhhoa_quality_summary(context, data_dict):
    """The quality dashboard: each agency's scores by rating, the datasets to
    fix first with what they lack, broken links and overdue datasets. Open
    datasets for everyone; a steward also sees their own agencies' shared
    and internal datasets.

    :param organization: only this agency's datasets (name or id; optional)
    :type organization: string
    :rtype: dictionary
    """
    tk.check_access("thanhhoa_quality_summary", context, data_dict)
    organization = _text(data_dict, "organization")
    agency = None
    if organization:
        try:
            agency = tk.get_action("organization_show")(
                dict(context), {"id": organization, "include_datasets": False, "include_users": False})
        except tk.ObjectNotFound:
            raise tk.ValidationError({"organization": [tk._("No agency has this name.")]})
    rows = dashboard.visible_rows(context, agency["id"] if agency else None)
    checks = store.current(store.links({r["id"] for r in rows if r.get("quality_broken_links")}))
    return dict(dashboard.summarize(rows, dashboard.today(), checks, tk._),
                organization=agency["name"] if agency else None)


def get_actions() -> dict:
    return {"thanhhoa_resource_link_check": thanhhoa_resource_link_check,
            "thanhhoa_quality_summary": thanhhoa_quality_summary}


def get_auth_functions() -> dict:
    return {
        "thanhhoa_resource_link_check": tk.auth_allow_anonymous_access(thanhhoa_resource_link_check_auth),
        # the dashboard filters by what the caller may see (dashboard.visible_rows)
        "thanhhoa_quality_summary": tk.auth_allow_anonymous_access(lambda context, data_dict: {"success": True}),
    }
