"""Chained actions: every input that enters the portal through an action (web
forms, the API, harvesters) is checked for shape (lists of objects where the
schema has repeating fields) and normalised to Unicode NFC first; search
queries are normalised too."""
from __future__ import annotations

import dateutil.parser

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa import permissions, text

_WRITES = [
    f"{entity}_{verb}"
    for entity in ("package", "resource", "organization", "group")
    for verb in ("create", "update", "patch")
] + ["package_revise"]


# Keys that CKAN validates as lists of objects: anything else makes its
# validation stop with a technical 400 instead of a field error.
_LISTS_OF_OBJECTS = ("resources", "tags", "extras", "contact", "temporal_coverage", "groups")


def check_shape(data_dict: dict) -> None:
    """Raise a ValidationError naming each field that is not a list of objects."""
    if not isinstance(data_dict, dict):
        return
    errors = {}
    for key in _LISTS_OF_OBJECTS:
        value = data_dict.get(key)
        if key in data_dict and not (
                isinstance(value, list) and all(isinstance(item, dict) for item in value)):
            errors[key] = [tk._("Expected a list of objects")]
    if errors:
        raise tk.ValidationError(errors)
    for resource in data_dict.get("resources") or []:
        check_shape({k: v for k, v in resource.items() if k in _LISTS_OF_OBJECTS})


def _normalising(name: str):
    @tk.chained_action
    def action(original, context, data_dict):
        check_shape(data_dict)
        return original(context, text.nfc(data_dict))

    action.__name__ = name
    action.__doc__ = f"{name}, with every text of the input normalised to NFC."
    return action


@tk.chained_action
@tk.side_effect_free
def package_search(original, context, data_dict):
    """package_search with q and fq normalised to NFC."""
    return original(context, text.nfc(data_dict))




# --- DCAT output: open data only, whoever asks ------------------------------
# ckanext-dcat's actions search and show datasets as the requesting user, so
# a sysadmin's or a steward's catalogue would list shared and internal data.
# The Law on Data 2024 publishes open data only: these run as a citizen.

class ParameterError(tk.ValidationError):
    """A field error whose text (ckanext-dcat shows str(error) on its error
    page) is the message itself."""

    def __str__(self):
        return " ".join(m for messages in self.error_dict.values() for m in messages)


def check_paging(data_dict: dict) -> None:
    """The catalogue's `page` and `modified_since`, checked before ckanext-dcat
    does (its messages are English only)."""
    errors = {}
    page = data_dict.get("page")
    if page not in (None, ""):
        try:
            valid = int(page) >= 1
        except (TypeError, ValueError):
            valid = False
        if not valid:
            errors["page"] = [tk._("The page must be a whole number from 1")]
    since = data_dict.get("modified_since")
    if since:
        try:
            dateutil.parser.isoparse(str(since))
        except ValueError:
            errors["modified_since"] = [tk._("Not a date: use ISO 8601, e.g. 2025-07-01")]
    if errors:
        raise ParameterError(errors)


def _citizens_view(name: str):
    @tk.chained_action
    @tk.side_effect_free
    def action(original, context, data_dict):
        tk.check_access(name, context, data_dict)
        check_paging(data_dict)
        try:
            return original(permissions.citizen_context(), data_dict)
        except tk.NotAuthorized:
            # a dataset that is not open data does not exist for DCAT
            raise tk.ObjectNotFound(tk._("Dataset not found"))

    action.__name__ = name
    action.__doc__ = f"{name}, over open data (access level mo) only."
    return action


_DCAT_READS = ["dcat_dataset_show", "dcat_catalog_show", "dcat_catalog_search",
               "dcat_datasets_list"]


def get_actions() -> dict:
    actions = {name: _normalising(name) for name in _WRITES}
    actions["package_search"] = package_search
    actions.update({name: _citizens_view(name) for name in _DCAT_READS})
    return actions
