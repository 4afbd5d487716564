"""Endpoints of the portal's linked data: `/catalog` with content negotiation,
and the URIs of its own concepts (sectors, administrative units) that its
DCAT output uses, so that each of them dereferences: RDF for machines, the
matching dataset search for people."""
from __future__ import annotations

from flask import Blueprint, make_response
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

import ckan.plugins.toolkit as tk
from ckanext.dcat import utils as dcat_utils

from ckanext.thanhhoa.dcat import mapping
from ckanext.thanhhoa.dcat.profiles import ThanhHoaDCATAPProfile
from ckanext.thanhhoa.metadata import vocab

linked_data = Blueprint("thanhhoa_linked_data", __name__)


def _format(fmt: str | None) -> str | None:
    """The RDF format asked for by extension or Accept header (None: HTML)."""
    if fmt is None:
        return dcat_utils.check_access_header()
    if fmt not in dcat_utils.CONTENT_TYPES:
        tk.abort(404, tk._("Unknown format: %s") % fmt)
    return fmt


def _rdf(graph: Graph, fmt: str):
    body = graph.serialize(format=dcat_utils.url_to_rdflib_format(fmt))
    response = make_response(body)
    response.headers["Content-Type"] = dcat_utils.CONTENT_TYPES[fmt] + "; charset=utf-8"
    response.headers["Vary"] = "Accept"
    return response


def _profile() -> ThanhHoaDCATAPProfile:
    return ThanhHoaDCATAPProfile(Graph())


def catalog():
    """`/catalog`: the DCAT catalogue for machines, the search page for people."""
    fmt = dcat_utils.check_access_header()
    if fmt is None:
        return tk.redirect_to("dataset.search")
    return dcat_utils.read_catalog_page(fmt)


def sector_scheme(fmt: str | None = None):
    fmt = _format(fmt)
    if fmt is None:
        return tk.redirect_to("dataset.search")
    profile = _profile()
    scheme = URIRef(mapping.sector_scheme_uri(profile.base))
    for code in vocab.get("sectors"):
        profile.g.add((scheme, SKOS.hasTopConcept, profile.sector_node(code)))
    return _rdf(profile.g, fmt)


def sector(code: str, fmt: str | None = None):
    if code not in vocab.get("sectors"):
        tk.abort(404, tk._("Unknown sector: %s") % code)
    fmt = _format(fmt)
    if fmt is None:
        return tk.redirect_to("dataset.search", vocab_sectors=code)
    profile = _profile()
    profile._themes([code], {})
    return _rdf(profile.g, fmt)


def admin_unit(code: str, fmt: str | None = None):
    if code not in vocab.admin_units():
        tk.abort(404, tk._("Unknown administrative unit: %s") % code)
    fmt = _format(fmt)
    if fmt is None:
        return tk.redirect_to("dataset.search", vocab_admin_units=code)
    profile = _profile()
    profile.admin_unit_node(code)
    return _rdf(profile.g, fmt)


linked_data.add_url_rule("/catalog", view_func=catalog)
for path, view in ((mapping.SECTOR_SCHEME_PATH, sector_scheme),
                   (mapping.SECTOR_SCHEME_PATH + "/<code>", sector),
                   (mapping.ADMIN_UNIT_PATH + "/<code>", admin_unit)):
    linked_data.add_url_rule(path, view_func=view, endpoint=view.__name__)
    linked_data.add_url_rule(path + ".<fmt>", view_func=view, endpoint=view.__name__ + "_format")
