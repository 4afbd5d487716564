"""The quality score of a dataset: a pure function of the validated dataset
(package_show's dict), the link checks of its resources and its DCAT-AP
conformance, after the EU data portal's Metadata Quality Assessment (MQA):
five dimensions, 23 indicators, 405 points, with the weights of piveau's
DQV vocabulary (piveau-data/piveau-vocabularies, piveau-dqv-vocabulary.ttl)
and its scoring: a dataset's distribution-level points are those of its best
distribution (the one with the most), added to its dataset-level points.
Ratings: excellent 351–405, good 221–350, sufficient 121–220, bad 0–120 (as
the portal's brief gives them; piveau's code counts exactly 120 as
sufficient).

Where this portal's model differs from DCAT-AP, a criterion reads the field
that becomes the DCAT property in the portal's DCAT output
(dcat/profiles/dcat_ap.py):

- categories (dcat:theme): the sectors, each mapped to an EU data theme;
- spatial coverage (dct:spatial): the administrative units, or a drawn area;
- access restrictions (dct:accessRights): the access level of the Law on
  Data 2024 (mo, dung-chung, dung-rieng), mapped to the EU access-right
  vocabulary (PUBLIC, RESTRICTED, NON_PUBLIC: dcat/mapping.py);
- formats (dct:format, dcat:mediaType): a resource's format, mapped to the
  EU file types and IANA media types of the DCAT mapping; machine-readable
  and non-proprietary as the EU data portal's own lists say
  (edp-machine-readable-format.rdf, edp-non-proprietary-format.rdf);
- licence (dct:license of each distribution): the dataset's licence, which
  the DCAT output writes on every distribution; its vocabulary: the EU
  licence table;
- publisher (dct:publisher): the agency (owner_org);
- rights (dct:rights of each distribution): the access level's rights
  statement, which the DCAT output writes on every distribution;
- issued and modified (dct:issued, dct:modified): the steward's dates, else
  CKAN's own, as ckanext-dcat writes them;
- accessibility: a link answering 2xx after redirects (the link checker
  follows them; piveau's MQA counts 200–299).

Link checks and DCAT-AP conformance come from background jobs; before they
have run, their criteria score nothing and say so ("not checked yet").
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from ckanext.thanhhoa.dcat import mapping
from ckanext.thanhhoa.language import N_

RATINGS = (("excellent", 351), ("good", 221), ("sufficient", 121), ("bad", 0))
DIMENSIONS = ("findability", "accessibility", "interoperability", "reusability", "contextuality")

# The EU data portal's lists of EU file types (edp-machine-readable-format.rdf,
# edp-non-proprietary-format.rdf; the same in its copies of 2020, 2024 and 2025)
MACHINE_READABLE = frozenset({
    "CSV", "GEOJSON", "ICS", "JSON", "JSON_LD", "KML", "KMZ", "NETCDF", "ODS", "RDFA", "RDF_N_QUADS",
    "RDF_N_TRIPLES", "RDF_TRIG", "RDF_TURTLE", "RDF_XML", "RSS", "SHP", "XLS", "XLSX", "XML",
})
NON_PROPRIETARY = frozenset({
    "BMP", "CSV", "DBF", "GEOJSON", "GZIP", "HTML", "ICS", "JPEG2000", "JSON", "JSON_LD", "KML", "KMZ",
    "NETCDF", "ODS", "PNG", "RDF_N_QUADS", "RDF_N_TRIPLES", "RDF_TRIG", "RDF_TURTLE", "RDF_XML", "RSS",
    "RTF", "TAR", "TIFF", "TSV", "TXT", "WMS_SRVC", "XML", "ZIP",
})


@dataclasses.dataclass(frozen=True)
class Facts:
    """What a score is computed from. ``links``: resource id -> True (the
    URL answered 2xx), False (it did not), absent (not checked yet);
    ``conformant``: the DCAT-AP 3 shapes' verdict, None before the check."""
    dataset: dict
    links: dict = dataclasses.field(default_factory=dict)
    conformant: bool | None = None

    @property
    def resources(self) -> list[dict]:
        return [r for r in self.dataset.get("resources") or [] if isinstance(r, dict)]


def _file_type(resource: dict) -> str | None:
    uri = mapping.file_type(resource.get("format"))[0]
    return uri.rsplit("/", 1)[-1] if uri else None


def _download(resource: dict) -> bool:
    return bool(resource.get("url")) and mapping.is_download(resource.get("format"))


def _contact(dataset: dict) -> bool:
    contacts = dataset.get("contact") or []
    return any(isinstance(c, dict) and (c.get("email") or c.get("phone")) for c in contacts)


@dataclasses.dataclass(frozen=True)
class Criterion:
    dimension: str
    key: str
    points: int
    met: Callable  # dataset level: met(facts); distribution level: met(facts, resource)
    fix: str       # what to do when it is not met (English; translated when shown)
    distribution: bool = False


def _dataset(dimension, key, points, met, fix):
    return Criterion(dimension, key, points, met, fix)


def _distribution(dimension, key, points, met, fix):
    return Criterion(dimension, key, points, met, fix, distribution=True)


CRITERIA = (
    _dataset("findability", "keywords", 30, lambda f: bool(f.dataset.get("tags")), N_("Add keywords.")),
    _dataset("findability", "categories", 30, lambda f: bool(f.dataset.get("sectors")),
             N_("Choose the dataset's sectors.")),
    _dataset("findability", "spatial", 20, lambda f: bool(f.dataset.get("admin_units") or f.dataset.get("spatial")),
             N_("Say which places the data covers.")),
    _dataset("findability", "temporal", 20,
             lambda f: any(isinstance(p, dict) and (p.get("start") or p.get("end"))
                           for p in f.dataset.get("temporal_coverage") or []),
             N_("Say which period the data covers.")),
    _distribution("accessibility", "access_url", 50, lambda f, r: f.links.get(r.get("id")) is True,
                  N_("Repair the link that does not answer (or wait for its first check).")),
    _distribution("accessibility", "download_url", 20, lambda f, r: _download(r),
                  N_("Publish a downloadable file.")),
    _distribution("accessibility", "download_url_works", 30,
                  lambda f, r: _download(r) and f.links.get(r.get("id")) is True,
                  N_("Repair the download link that does not answer (or wait for its first check).")),
    _distribution("interoperability", "format", 20, lambda f, r: bool(r.get("format")),
                  N_("Give the resource its format.")),
    _distribution("interoperability", "media_type", 10, lambda f, r: bool(mapping.file_type(r.get("format"))[1]),
                  N_("Use a format with a known media type.")),
    _distribution("interoperability", "format_vocabulary", 10,
                  lambda f, r: bool(_file_type(r) and mapping.file_type(r.get("format"))[1]),
                  N_("Use a format of the EU file-type list.")),
    _distribution("interoperability", "non_proprietary", 20, lambda f, r: _file_type(r) in NON_PROPRIETARY,
                  N_("Publish the data in an open format too (CSV, JSON, ODS…).")),
    _distribution("interoperability", "machine_readable", 20, lambda f, r: _file_type(r) in MACHINE_READABLE,
                  N_("Publish the data in a machine-readable format too (CSV, XLSX, JSON…).")),
    _dataset("interoperability", "dcat_ap", 30, lambda f: f.conformant is True,
             N_("Complete what DCAT-AP 3 requires (or wait for its first check).")),
    _distribution("reusability", "licence", 20, lambda f, r: bool(f.dataset.get("license_id")),
                  N_("Choose a licence.")),
    _distribution("reusability", "licence_vocabulary", 10,
                  lambda f, r: bool(mapping.eu_licence_uri(f.dataset.get("license_id"))),
                  N_("Choose a licence of the EU licence list (CC BY 4.0…).")),
    _dataset("reusability", "access_rights", 10, lambda f: bool(f.dataset.get("access_level")),
             N_("Set the access level.")),
    _dataset("reusability", "access_rights_vocabulary", 5,
             lambda f: bool(mapping.access_right_uri(f.dataset.get("access_level") or "")),
             N_("Set the access level.")),
    _dataset("reusability", "contact_point", 20, lambda f: _contact(f.dataset),
             N_("Give a contact point with an e-mail address or a phone number.")),
    _dataset("reusability", "publisher", 10, lambda f: bool(f.dataset.get("owner_org")),
             N_("Publish the dataset under an agency.")),
    _distribution("contextuality", "rights", 5,
                  lambda f, r: bool(mapping.access_right_uri(f.dataset.get("access_level") or "")),
                  N_("Set the access level.")),
    _distribution("contextuality", "byte_size", 5, lambda f, r: bool(r.get("size")),
                  N_("Give the file its size.")),
    _dataset("contextuality", "issued", 5,
             lambda f: bool(f.dataset.get("issued") or f.dataset.get("metadata_created")),
             N_("Give the date the data was first published.")),
    _dataset("contextuality", "modified", 5,
             lambda f: bool(f.dataset.get("modified") or f.dataset.get("metadata_modified")),
             N_("Give the date the data was last changed.")),
)
MAXIMA = {d: sum(c.points for c in CRITERIA if c.dimension == d) for d in DIMENSIONS}
TOTAL = sum(MAXIMA.values())


def rating(score: int) -> str:
    return next(name for name, floor in RATINGS if score >= floor)


def score(facts: Facts) -> dict:
    """{"score", "rating", "dimensions": {name: {"score", "max"}},
    "missing": [(criterion key, fix, points lost)], largest loss first}.
    Distribution-level criteria are those of the best resource."""
    per_resource = [[c for c in CRITERIA if c.distribution and c.met(facts, r)] for r in facts.resources]
    best = max(per_resource, key=lambda met: sum(c.points for c in met), default=[])
    met = set(best) | {c for c in CRITERIA if not c.distribution and c.met(facts)}
    dimensions = {d: sum(c.points for c in met if c.dimension == d) for d in DIMENSIONS}
    missing = sorted(((c.key, c.fix, c.points) for c in CRITERIA if c not in met), key=lambda m: -m[2])
    total = sum(dimensions.values())
    return {
        "score": total,
        "rating": rating(total),
        "dimensions": {d: {"score": v, "max": MAXIMA[d]} for d, v in dimensions.items()},
        "missing": missing,
    }
