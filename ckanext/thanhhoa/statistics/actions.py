"""The public statistics as an action (the page, its CSV and JSON read it)."""
from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.statistics import figures


@tk.side_effect_free
def thanhhoa_statistics(context, data_dict):
    """The portal's statistics: datasets by sector, agency, access level,
    format and licence (shared and internal datasets are counted, never
    named), datasets added per month over the last 24 months, and the open
    datasets most viewed and most downloaded.

    :rtype: dictionary
    """
    tk.check_access("thanhhoa_statistics", context, data_dict)
    return figures.figures(datetime.date.today())


def get_actions() -> dict:
    return {"thanhhoa_statistics": thanhhoa_statistics}


def get_auth_functions() -> dict:
    # public numbers: counts of what is not open, names of what is
    return {"thanhhoa_statistics": tk.auth_allow_anonymous_access(lambda context, data_dict: {"success": True})}
