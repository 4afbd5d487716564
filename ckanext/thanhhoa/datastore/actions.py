"""Actions of the DataStore capability: what the loader did to a file."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.datastore import loader


@tk.side_effect_free
def thanhhoa_datastore_report(context, data_dict):
    """What the last load of a resource's file did: its encoding, the cells
    converted from legacy fonts, the header found, the rows dropped (totals,
    notes), the column types; or why it failed, with what the previous good
    load did (its rows are still served).

    :param resource_id: the resource
    :type resource_id: string
    :rtype: dictionary, or None when the resource's file was never loaded
    """
    resource_id = tk.get_or_bust(data_dict, "resource_id")
    tk.check_access("thanhhoa_datastore_report", context, {"resource_id": resource_id})
    return loader.get_report(str(resource_id))


def thanhhoa_datastore_report_auth(context, data_dict):
    # whoever may read the resource may read what was done to its file
    tk.check_access("resource_show", context, {"id": data_dict.get("resource_id")})
    return {"success": True}


def get_actions() -> dict:
    return {"thanhhoa_datastore_report": thanhhoa_datastore_report}


def get_auth_functions() -> dict:
    return {"thanhhoa_datastore_report": tk.auth_allow_anonymous_access(thanhhoa_datastore_report_auth)}
