"""What the portal's RDF profiles share: its namespaces and classes, the
(key, predicate, writer, reader) term of their tables, and a base profile
that types, labels and describes nodes once per graph."""
from __future__ import annotations

import json
import re
from typing import Iterable, NamedTuple

from geomet import wkt
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from ckanext.dcat.profiles import CNT, DCAT, DCT, GSP, LOCN, RDFProfile
from ckanext.dcat.utils import catalog_uri

from ckanext.thanhhoa.dcat import mapping
from ckanext.thanhhoa.language import DEFAULT as DEFAULT_LANG
from ckanext.thanhhoa.metadata import vocab

ELI = Namespace("http://data.europa.eu/eli/ontology#")
# The portal's own classes. Its locations are dct:Location through
# rdfs:subClassOf (SHACL's sh:class and sh:targetClass follow it, so the
# DCAT-AP 3 shapes check them as locations): ckanext-dcat 2.4.4's parser
# raises on a dct:Location whose locn:geometry is a node, the form DCAT-AP 3
# requires, and skips the geometry of a subclass instead.
TH = Namespace("https://opendata.thanhhoa.gov.vn/ns#")
PREFIXES = {
    "eli": ELI, "cnt": CNT, "th": TH,
    "theme": Namespace(vocab.EU_THEME_BASE),
    "freq": Namespace(vocab.EU_FREQUENCY_BASE),
    "access": Namespace(vocab.EU_ACCESS_RIGHT_BASE),
    "lang": Namespace(mapping.EU_LANGUAGE),
    "filetype": Namespace(mapping.EU_FILE_TYPE),
    "publishertype": Namespace(mapping.ADMS_PUBLISHER_TYPE),
}
CLASSES = {
    TH.AdministrativeUnit: ("Đơn vị hành chính", "Administrative unit"),
    TH.Coverage: ("Phạm vi không gian của tập dữ liệu", "Spatial coverage of a dataset"),
}
GEOJSON = URIRef("https://www.iana.org/assignments/media-types/application/vnd.geo+json")


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://\S+$", value or ""))


def phone_uri(phone: str) -> URIRef:
    """tel: URI (RFC 3966, with visual separators) of a Vietnamese number."""
    number = phone.strip()
    number = "+84" + number[1:] if number.startswith("0") else number
    return URIRef("tel:" + re.sub(r"[\s.]+", "-", number))


def phone_text(uri: str) -> str:
    number = uri.removeprefix("tel:").replace("-", " ")
    return "0" + number[3:].lstrip() if number.startswith("+84") else number


class Term(NamedTuple):
    key: str                     # the dataset dict's key
    predicate: URIRef
    write: str                   # profile method: value → nodes (describing them)
    read: str                    # profile method: nodes → value
    replaces: bool = False       # the stock profile writes it in a shape DCAT-AP 3 rejects


class ProfileBase(RDFProfile):
    """A profile over one graph: the portal's base URI, and nodes typed and
    described once per graph however many datasets name them."""

    def __init__(self, graph, dataset_type="dataset", compatibility_mode=False):
        # The base class looks the scheming schema up on every instance (one
        # per dataset); this profile reads none of it.
        self.g = graph
        self.compatibility_mode = compatibility_mode
        self._default_lang = DEFAULT_LANG
        self._default_locale_lang = DEFAULT_LANG
        self.base = catalog_uri().rstrip("/")

    # --- helpers -------------------------------------------------------------

    def _typed(self, node, *classes) -> bool:
        """Type a node; False if this graph has it typed (and so described)
        already. The graph remembers (a set is much cheaper than a lookup
        in rdflib's ConjunctiveGraph, which serves a whole catalogue page)."""
        typed = self.g.__dict__.setdefault("_thanhhoa_typed", set())
        if not isinstance(node, BNode):
            if (node, classes[0]) in typed:
                return False
            typed.add((node, classes[0]))
        for cls in classes:
            self.g.add((node, RDF.type, cls))
        return True

    def _drop(self, subject, predicate) -> None:
        """Remove the statements on a predicate, with the blank nodes they
        point to (never a URI node's description: others may share it)."""
        for node in list(self.g.objects(subject, predicate)):
            self.g.remove((subject, predicate, node))
            if isinstance(node, BNode):
                for sub_predicate, _ in list(self.g.predicate_objects(node)):
                    self._drop(node, sub_predicate)

    def _labels(self, node, predicate, texts: dict) -> None:
        for lang, value in texts.items():
            if value:
                self.g.add((node, predicate, Literal(value, lang=lang)))

    def _location(self, node, cls, box, centroid=None, geojson: str | None = None) -> None:
        if self._typed(cls, RDFS.Class):
            self.g.add((cls, RDFS.subClassOf, DCT.Location))
            self._labels(cls, RDFS.label, dict(zip(("vi", "en"), CLASSES[cls])))
        self._typed(node, cls)
        # A named location's geometry is named after it: aggregators that
        # merge the catalogue's pages into one graph see one geometry per
        # place, not one blank node per page (DCAT-AP allows one).
        geometry = URIRef(f"{node}#geometry") if isinstance(node, URIRef) else BNode()
        self.g.add((node, LOCN.geometry, geometry))
        self._typed(geometry, LOCN.Geometry, GSP.Geometry)
        shape = wkt.dumps(json.loads(geojson), decimals=6) if geojson else mapping.wkt_polygon(box)
        self.g.add((geometry, GSP.asWKT, Literal(shape, datatype=GSP.wktLiteral)))
        if geojson:
            self.g.add((geometry, GSP.asGeoJSON, Literal(geojson, datatype=GEOJSON)))
        if box:
            self.g.add((node, DCAT.bbox, Literal(mapping.wkt_polygon(box), datatype=GSP.wktLiteral)))
        if centroid:
            self.g.add((node, DCAT.centroid, Literal(mapping.wkt_point(*centroid),
                                                     datatype=GSP.wktLiteral)))

    def _write_terms(self, subject, data: dict, terms) -> None:
        for term in terms:
            value = data.get(term.key)
            if value in (None, "", [], {}):
                continue
            if term.replaces:
                self.g.remove((subject, term.predicate, None))
            for node in getattr(self, term.write)(value, data):
                self.g.add((subject, term.predicate, node))

    def _read_terms(self, subject, terms) -> dict:
        out = {}
        for term in terms:
            nodes = list(self.g.objects(subject, term.predicate))
            value = getattr(self, term.read)(nodes) if nodes else None
            if value not in (None, "", [], {}):
                out[term.key] = value
        return out

    def _prepare_graph(self) -> None:
        """Once per graph: the prefixes of the vocabularies the profile uses,
        and a memory of the URIs rdflib could not abbreviate."""
        manager = self.g.namespace_manager
        if getattr(manager, "_thanhhoa_prepared", False):
            return
        for prefix, namespace in PREFIXES.items():
            self.g.bind(prefix, namespace)
        remember_unabbreviated(manager)
        manager._thanhhoa_prepared = True

    def _drop_blank(self, subject, predicate) -> None:
        """Remove statements whose objects are blank nodes, with those nodes."""
        for node in list(self.g.objects(subject, predicate)):
            if isinstance(node, BNode):
                self.g.remove((subject, predicate, node))
                self.g.remove((node, None, None))


def remember_unabbreviated(manager) -> None:
    """rdflib's Turtle writer asks for the prefixed name of every node of
    every statement, twice; for a URI no prefix fits (a dataset's, a
    resource's, a link) each answer is a failure that splits the URI again,
    and a dataset's URI is asked for once per statement about it. Failures are
    remembered for the graph (a URI that a later binding could abbreviate is
    then written whole: still valid Turtle)."""
    compute = manager.compute_qname
    failed: set = set()

    def compute_qname(uri, generate=True):
        if not generate and uri in failed:
            raise KeyError(uri)
        try:
            return compute(uri, generate)
        except (KeyError, ValueError):
            if not generate:
                failed.add(uri)
            raise

    manager.compute_qname = compute_qname


def geojson_bbox(geojson: str) -> tuple[float, float, float, float] | None:
    """The bounding box of a GeoJSON text (None when it has no point)."""
    try:
        coordinates = list(points(json.loads(geojson)))
    except (ValueError, TypeError):
        return None
    if not coordinates:
        return None
    lons, lats = [c[0] for c in coordinates], [c[1] for c in coordinates]
    return (min(lons), min(lats), max(lons), max(lats))


def points(geometry) -> Iterable[tuple[float, float]]:
    if isinstance(geometry, dict):
        if geometry.get("type") == "GeometryCollection":
            for part in geometry.get("geometries", []):
                yield from points(part)
        elif geometry.get("type") in ("Feature",):
            yield from points(geometry.get("geometry"))
        else:
            yield from points(geometry.get("coordinates"))
    elif isinstance(geometry, list):
        if len(geometry) >= 2 and all(isinstance(x, (int, float)) for x in geometry[:2]):
            yield (float(geometry[0]), float(geometry[1]))
        else:
            for part in geometry:
                yield from points(part)


def licence_register():
    """CKAN's licences (licenses_group_url), by id."""
    from ckan import model

    return model.Package.get_license_register()

