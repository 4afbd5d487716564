"""Template helpers (ITemplateHelpers), all prefixed `thanhhoa_`."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa import facets, permissions, vocab


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


def thanhhoa_agency_level_label(level: str) -> str:
    for choice in thanhhoa_agency_level_choices({}):
        if choice["value"] == level:
            return thanhhoa_label(choice["label"])
    return level


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


# --- the citizens' pages (theme) -------------------------------------------

def thanhhoa_label(item: dict | None) -> str:
    """The label of a vocabulary item ({vi, en}) in the page's language."""
    return (item or {}).get(facets.current_lang()) or (item or {}).get("vi", "")


def thanhhoa_sector_label(code: str) -> str:
    return thanhhoa_label(vocab.sectors().get(code)) or code


def thanhhoa_access_level(dataset: dict) -> dict:
    """{code, label, css} of a dataset's access level, for its badge."""
    code = dataset.get("access_level") or "mo"
    return {"code": code, "label": thanhhoa_label(vocab.access_levels().get(code)),
            "css": f"thanhhoa-access-{code}"}


def thanhhoa_date(value) -> str:
    """A date in the page's language: 26/11/2026, or 26 Nov 2026 in English."""
    import datetime

    import babel.dates

    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    if facets.current_lang() == "vi":
        return day.strftime("%d/%m/%Y")
    return babel.dates.format_date(day, "medium", locale="en")


def thanhhoa_operator() -> str:
    """The body that runs the portal, in the page's language."""
    option = tk.config.get
    return option(f"ckanext.thanhhoa.catalog.publisher_{facets.current_lang()}") or option(
        "ckanext.thanhhoa.catalog.publisher_vi")


def thanhhoa_operator_contact() -> dict:
    option = tk.config.get
    return {"address": option("ckanext.thanhhoa.operator.address"),
            "phone": option("ckanext.thanhhoa.operator.phone"),
            "email": option("ckanext.thanhhoa.catalog.publisher_email")}


def thanhhoa_coverage_geojson(dataset: dict) -> str:
    """The dataset's coverage as GeoJSON, for the map: the steward's, or the
    box of its administrative units."""
    import json

    if dataset.get("spatial"):
        return dataset["spatial"]
    codes = dataset.get("admin_units") or []
    box = vocab.bbox(vocab.current_codes(codes) or codes)
    return json.dumps(vocab.bbox_geojson(box)) if box else ""


def thanhhoa_home() -> dict:
    """What the home page shows, as a citizen sees it: counts, sectors with
    their datasets, the newest and most viewed datasets, the agencies."""
    found = _citizens_search(rows=0, **{"facet.field": '["vocab_sectors", "organization", "num_resources"]',
                                        "facet.limit": -1})
    facets = found["search_facets"]
    sectors = {i["name"]: i["count"] for i in facets.get("vocab_sectors", {}).get("items", [])}
    agencies = sorted(facets.get("organization", {}).get("items", []), key=lambda i: -i["count"])
    resources = sum(int(i["name"]) * i["count"]
                    for i in facets.get("num_resources", {}).get("items", []))
    return {
        "datasets": found["count"],
        "agencies": len(agencies),
        "resources": resources,
        "sectors": [{"code": code, "label": thanhhoa_label(item), "count": sectors.get(code, 0)}
                    for code, item in vocab.sectors().items()],
        "newest": _citizens_search(rows=5, sort="metadata_created desc")["results"],
        "most_viewed": _citizens_search(rows=5, sort="views_recent desc, metadata_modified desc")["results"],
        "top_agencies": agencies[:6],
    }


def _citizens_search(**data_dict) -> dict:
    """package_search as an anonymous citizen sees it."""
    context = dict(permissions.citizen_context(), for_view=True)
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
