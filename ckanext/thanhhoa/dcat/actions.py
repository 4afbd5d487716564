"""ckanext-dcat's actions over open data only, whoever asks.

They search and show datasets as the requesting user, so a sysadmin's or a
steward's catalogue would list shared and internal data; the Law on Data 2024
publishes open data only: the chained actions run as a citizen. Paging
parameters are checked first, with messages in the steward's language. The
listings, the same for everyone, are kept in Redis (cache.py)."""
from __future__ import annotations

import dateutil.parser

import ckan.plugins.toolkit as tk
from ckanext.dcat import utils as dcat_utils

from ckanext.thanhhoa.access.citizen import citizen_context
from ckanext.thanhhoa.dcat import cache


class ParameterError(tk.ValidationError):
    """A field error whose text (ckanext-dcat shows str(error) on its error
    page) is the message itself."""

    def __str__(self):
        return " ".join(m for messages in self.error_dict.values() for m in messages)


def check_paging(data_dict: dict) -> None:
    """The catalogue's `page`, `modified_since` and `format`, checked before
    ckanext-dcat does (its messages are English only)."""
    errors = {}
    page = data_dict.get("page")
    if page not in (None, ""):
        # Solr's `start` is a 32-bit number: a page past it was a 500
        last = (2 ** 31 - 1) // int(tk.config.get("ckanext.dcat.datasets_per_page") or 100)
        try:
            valid = int(page) >= 1
        except (TypeError, ValueError, OverflowError):      # JSON's 1e400 is infinite
            valid = False
        if not valid:
            errors["page"] = [tk._("The page must be a whole number from 1")]
        elif int(page) > last:
            errors["page"] = [tk._("The page must be a whole number from 1 to %d") % last]
    since = data_dict.get("modified_since")
    if since:
        try:
            dateutil.parser.isoparse(str(since))
        except ValueError:
            errors["modified_since"] = [tk._("Not a date: use ISO 8601, e.g. 2025-07-01")]
    fmt = data_dict.get("format")
    if fmt and (not isinstance(fmt, str) or fmt not in dcat_utils.CONTENT_TYPES):
        # rdflib writes more (nt, trig...), but ckanext-dcat's pages know
        # the content types of these only, and answered a 500 after the work
        errors["format"] = [tk._("Unknown format: %s") % fmt]
    if errors:
        raise ParameterError(errors)


def _citizens_view(name: str):
    @tk.chained_action
    @tk.side_effect_free
    def action(original, context, data_dict):
        tk.check_access(name, context, data_dict)
        check_paging(data_dict)
        try:
            if name in _PAGES:
                return cache.cached(name, data_dict, lambda: original(citizen_context(), data_dict))
            return original(citizen_context(), data_dict)
        except tk.NotAuthorized:
            # a dataset that is not open data does not exist for DCAT
            raise tk.ObjectNotFound(tk._("Dataset not found"))

    action.__name__ = name
    action.__doc__ = f"{name}, over open data (access level mo) only."
    return action


_DCAT_READS = ["dcat_dataset_show", "dcat_catalog_show", "dcat_catalog_search",
               "dcat_datasets_list"]
# the listings, the same for everyone, kept in Redis (cache.py)
_PAGES = {"dcat_catalog_show", "dcat_catalog_search", "dcat_datasets_list"}


def get_actions() -> dict:
    return {name: _citizens_view(name) for name in _DCAT_READS}
