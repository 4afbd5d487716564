"""Chained actions: every input that enters the portal through an action (web
forms, the API, harvesters) is checked for shape (lists of objects where the
schema has repeating fields) and normalised to Unicode NFC first; search
queries are normalised too."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.metadata import text
from ckanext.thanhhoa.search import widening

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


def normalised(data_dict):
    """The input in NFC; input nested too deeply is a validation error (the
    recursion of CKAN's own validation would fail on it with a 500)."""
    try:
        return text.nfc(data_dict)
    except text.TooDeep:
        raise tk.ValidationError({"__input": [tk._("The input is nested too deeply")]})


def _normalising(name: str):
    @tk.chained_action
    def action(original, context, data_dict):
        data_dict = normalised(data_dict)
        check_shape(data_dict)
        return original(context, data_dict)

    action.__name__ = name
    action.__doc__ = f"{name}, with every text of the input normalised to NFC."
    return action


@tk.chained_action
@tk.side_effect_free
def package_search(original, context, data_dict):
    """package_search with q and fq normalised to NFC, asked again wider
    when it finds less than a page (search/widening.py)."""
    return widening.search(lambda params: original(dict(context), params), normalised(data_dict))


def get_actions() -> dict:
    actions = {name: _normalising(name) for name in _WRITES}
    actions["package_search"] = package_search
    return actions
