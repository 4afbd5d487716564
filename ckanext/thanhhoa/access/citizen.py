"""What a citizen sees, whoever is signed in: the context the portal's public
outputs run in (the home page, DCAT and schema.org), and the chained CKAN
helpers that would otherwise list shared and internal data (CKAN's home-page
helpers search with `ignore_auth`)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def citizen_context() -> dict:
    """An action context that acts as an anonymous citizen: it holds the
    `public` label only."""
    return {"user": "", "auth_user_obj": None, "__auth_user_obj_checked": True}


def search(**data_dict) -> dict:
    """package_search as an anonymous citizen sees it."""
    return tk.get_action("package_search")(dict(citizen_context(), for_view=True), data_dict)


def is_open_data(dataset: dict) -> bool:
    """Published open data: access level mo, not a draft."""
    return dataset.get("access_level", "mo") == "mo" and not dataset.get("private")


@tk.chained_helper
def structured_data(next_helper, dataset_dict, profiles=None):
    """ckanext-dcat's schema.org JSON-LD of a dataset, for open data only: a
    steward viewing shared or internal data gets none."""
    if not is_open_data(dataset_dict):
        return ""
    return next_helper(dataset_dict, profiles)


@tk.chained_helper
def get_recent_datasets(next_helper, count=1):
    """The citizen's newest datasets (CKAN's list shared and internal data)."""
    return search(rows=count, sort="metadata_modified desc")["results"]


def _as_citizen_sees(groups: list[dict]) -> list[dict]:
    for group in groups:
        fq = (f'owner_org:"{group["id"]}"' if group.get("is_organization")
              else f'groups:"{group["name"]}"')
        found = search(fq=fq, rows=2, sort="metadata_modified desc")
        group["packages"] = found["results"]
        group["package_count"] = found["count"]
    return groups


@tk.chained_helper
def get_featured_organizations(next_helper, count=1):
    """Each featured agency with the datasets and count a citizen sees."""
    return _as_citizen_sees(next_helper(count=count))


@tk.chained_helper
def get_featured_groups(next_helper, count=1):
    """As get_featured_organizations, for groups."""
    return _as_citizen_sees(next_helper(count=count))


# chained over CKAN's and ckanext-dcat's helpers of the same names, plus the
# suite's own test of open data
HELPERS = {
    "thanhhoa_is_open_data": is_open_data,
    "structured_data": structured_data,
    "get_recent_datasets": get_recent_datasets,
    "get_featured_organizations": get_featured_organizations,
    "get_featured_groups": get_featured_groups,
}
