"""DCAT test support: loading a fixture catalogue (tests/data/dcat/
catalogue.json: every sector, frequency and access level; bilingual and
Vietnamese-only; with and without resources, temporal and spatial coverage;
a DataStore-backed resource) into the portal, validating graphs against
SHACL shapes (the official DCAT-AP 3.0.0 ones, ckanext/thanhhoa/quality/shapes/),
and comparing datasets field by field."""
from __future__ import annotations

import copy
import functools
import json
import pathlib

import pyshacl
import rdflib


def load_catalogue(data: dict) -> dict:
    """Create the catalogue as a sysadmin; key → package_show of each dataset."""
    from ckan.tests import factories, helpers

    admin = factories.Sysadmin()
    context = lambda: {"user": admin["name"]}  # noqa: E731
    orgs = [helpers.call_action("organization_create", context(), **agency)
            for agency in data["agencies"]]
    datasets = {}
    for item in data["datasets"]:
        item = copy.deepcopy(item)
        key, agency, datastore = item.pop("key"), item.pop("agency"), item.pop("datastore", None)
        dataset = helpers.call_action("package_create", context(), name=key,
                                      owner_org=orgs[agency]["id"], **item)
        if datastore is not None:
            helpers.call_action("datastore_create", context(), force=True,
                                resource_id=dataset["resources"][datastore]["id"],
                                fields=[{"id": "ten", "type": "text"}, {"id": "so_hoc_sinh", "type": "int"}],
                                records=[{"ten": "Trường THPT Lam Sơn", "so_hoc_sinh": 1200}])
        datasets[key] = helpers.call_action("package_show", context(), id=dataset["id"])
    return datasets


@functools.lru_cache(maxsize=2)
def shapes(path: pathlib.Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path)


def violations(shapes_path: pathlib.Path, data: str | rdflib.Graph, fmt: str = "turtle") -> str:
    """"" when the graph conforms to the shapes, else pySHACL's report."""
    graph = data if isinstance(data, rdflib.Graph) else rdflib.Graph().parse(data=data, format=fmt)
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes(shapes_path))
    return "" if conforms else text


def comparable(dataset: dict) -> dict:
    """The dataset's fields of the model, lists as sets: an RDF graph has no order."""
    keys = ("name", "title_translated", "notes_translated", "identifier", "access_level",
            "license_id", "frequency", "issued", "modified", "version", "version_notes",
            "provenance")
    lists = ("sectors", "admin_units", "language", "conforms_to", "documentation",
             "applicable_legislation")
    out = {k: dataset.get(k) for k in keys}
    out.update({k: sorted(dataset.get(k) or []) for k in lists})
    out["tags"] = sorted(t["name"] for t in dataset.get("tags", []))
    out["temporal_coverage"] = sorted(json.dumps(p, sort_keys=True)
                                      for p in dataset.get("temporal_coverage") or [])
    out["contact"] = sorted(json.dumps(c, sort_keys=True, ensure_ascii=False)
                            for c in dataset.get("contact") or [])
    out["spatial"] = json.loads(dataset["spatial"]) if dataset.get("spatial") else None
    publisher = dataset.get("publisher") or {}
    out["publisher"] = {k: publisher.get(k) for k in ("title", "title_en", "agency_code", "agency_level")}
    resource_keys = ("name", "description", "format", "url", "encoding", "size", "language")
    out["resources"] = sorted((json.dumps({k: r.get(k) for k in resource_keys}, sort_keys=True,
                                          ensure_ascii=False) for r in dataset.get("resources", [])))
    return out
