"""Harvesting another portal of this kind with ckanext-dcat's RDF harvester
(`dcat_rdf` sources; the IDCATRDFHarvester hooks of the plugin call this): a
dataset parsed by the `thanhhoa` profile goes to the agency its publisher's
electronic code names, created when the portal does not know it yet; a
dataset whose graph gives no access rights is internal data, never open by
default."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.metadata import agencies


def prepare(dataset: dict) -> None:
    """Make a parsed dataset one of this portal's (in place)."""
    # a graph that does not say its data is open is not published as open
    # (the schema's default, `mo`, is the steward's form's)
    if not dataset.get("access_level"):
        dataset["access_level"] = "dung-rieng"
    publisher = dataset.pop("publisher", None)
    dataset.pop("uri", None)          # the guid extra keeps it
    if isinstance(publisher, dict) and publisher.get("agency_code"):
        user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        dataset["owner_org"] = agencies.find_or_create(publisher, user)
