"""Chained actions: every text that enters the portal through an action (web
forms, the API, harvesters) is normalised to Unicode NFC first, and so are
search queries."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa import text

_WRITES = [
    f"{entity}_{verb}"
    for entity in ("package", "resource", "organization", "group")
    for verb in ("create", "update", "patch")
] + ["package_revise"]


def _normalising(name: str):
    @tk.chained_action
    def action(original, context, data_dict):
        return original(context, text.nfc(data_dict))

    action.__name__ = name
    action.__doc__ = f"{name}, with every text of the input normalised to NFC."
    return action


@tk.chained_action
@tk.side_effect_free
def package_search(original, context, data_dict):
    """package_search with q and fq normalised to NFC."""
    return original(context, text.nfc(data_dict))


def get_actions() -> dict:
    actions = {name: _normalising(name) for name in _WRITES}
    actions["package_search"] = package_search
    return actions
