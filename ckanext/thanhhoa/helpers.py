"""Template helpers (ITemplateHelpers), all prefixed `thanhhoa_`."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa import vocab


def thanhhoa_choices(field: dict) -> list[dict]:
    """Scheming `choices_helper`: the choices of the field's `vocabulary`,
    with Vietnamese and English labels."""
    name = field["vocabulary"]
    if name == "admin_units":
        units = [u for u in vocab.admin_units().values() if u.current]
        return [{"value": u.code, "label": u.name} for u in units]
    items = {"sectors": vocab.sectors, "frequencies": vocab.frequencies,
             "access_levels": vocab.access_levels}[name]()
    return [{"value": code, "label": {"vi": item["vi"], "en": item["en"]}}
            for code, item in items.items()]


def thanhhoa_agency_level_choices(field: dict) -> list[dict]:
    return [
        {"value": "tinh", "label": {"vi": "Cấp tỉnh", "en": "Province"}},
        {"value": "xa", "label": {"vi": "Cấp xã", "en": "Commune"}},
        {"value": "trung-uong", "label": {"vi": "Cơ quan trung ương tại tỉnh",
                                          "en": "Central body in the province"}},
    ]


def thanhhoa_admin_unit_label(code: str) -> str:
    """'Phường Hạc Thành'; a pre-2025 unit: 'Huyện Hoằng Hóa (before 2025:
    now Xã Hoằng Hóa, …)'; an unknown code as it is."""
    unit = vocab.admin_units().get(code)
    if unit is None:
        return code
    if unit.current:
        return unit.name
    became = ", ".join(vocab.admin_units()[c].name for c in unit.becomes)
    return tk._("{name} (before 2025; now {units})").format(name=unit.name, units=became)


def thanhhoa_is_open_data(dataset_dict: dict) -> bool:
    """Published open data: access level mo, not a draft."""
    return dataset_dict.get("access_level", "mo") == "mo" and not dataset_dict.get("private")


@tk.chained_helper
def structured_data(next_helper, dataset_dict, profiles=None):
    """ckanext-dcat's schema.org JSON-LD of a dataset, for open data only: a
    steward viewing shared or internal data gets none."""
    if not thanhhoa_is_open_data(dataset_dict):
        return ""
    return next_helper(dataset_dict, profiles)


def _citizens_search(**data_dict) -> dict:
    """package_search as an anonymous citizen sees it."""
    context = {"user": "", "auth_user_obj": None, "__auth_user_obj_checked": True,
               "for_view": True}
    return tk.get_action("package_search")(context, data_dict)


@tk.chained_helper
def get_recent_datasets(next_helper, count=1):
    """CKAN's searches with ignore_auth, which lists shared and internal data
    on the home page: the citizen's newest datasets instead."""
    return _citizens_search(rows=count, sort="metadata_modified desc")["results"]


def _as_citizen_sees(groups: list[dict]) -> list[dict]:
    for group in groups:
        fq = (f'owner_org:"{group["id"]}"' if group.get("is_organization")
              else f'groups:"{group["name"]}"')
        found = _citizens_search(fq=fq, rows=2, sort="metadata_modified desc")
        group["packages"] = found["results"]
        group["package_count"] = found["count"]
    return groups


@tk.chained_helper
def get_featured_organizations(next_helper, count=1):
    """CKAN's shows each featured agency with ignore_auth, so its datasets
    and count included shared and internal data: what a citizen sees instead."""
    return _as_citizen_sees(next_helper(count=count))


@tk.chained_helper
def get_featured_groups(next_helper, count=1):
    """As get_featured_organizations, for groups."""
    return _as_citizen_sees(next_helper(count=count))


def get_helpers() -> dict:
    helpers = {name: fn for name, fn in globals().items()
               if name.startswith("thanhhoa_") and callable(fn)}
    # chained over CKAN's and ckanext-dcat's helpers of the same name
    helpers.update(structured_data=structured_data, get_recent_datasets=get_recent_datasets,
                   get_featured_organizations=get_featured_organizations,
                   get_featured_groups=get_featured_groups)
    return helpers
