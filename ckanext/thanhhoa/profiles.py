"""RDF profiles of the portal.

`thanhhoa` runs after ckanext-dcat's `euro_dcat_ap_3` (which already brings the
scheming fields): it replaces the statements that the stock profile writes in
a shape DCAT-AP 3 rejects (codes as literals) and adds the model's own fields,
so that every dataset conforms to the DCAT-AP 3.0.0 shapes. Its parser reads
such a graph back into a dataset of the portal's schema.

`thanhhoa_schemaorg` adds the model's fields to ckanext-dcat's schema.org
output (the JSON-LD of dataset pages, read by Google Dataset Search).

Both are tables of (dataset key, predicate, writer, reader); the URIs and code
lists come from the pure mapping module dcat.py."""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable, NamedTuple

import ckan.plugins.toolkit as tk
from geomet import wkt
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ckanext.dcat.profiles import (ADMS, CNT, DCAT, DCATAP, DCT, FOAF, GSP, LOCN,
                                   SCHEMA, VCARD, RDFProfile, SchemaOrgProfile)
from ckanext.dcat.utils import catalog_uri, resource_uri
from ckanext.thanhhoa import dcat as m
from ckanext.thanhhoa import vocab
from ckanext.thanhhoa.indexing import as_list

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
    "lang": Namespace(m.EU_LANGUAGE),
    "filetype": Namespace(m.EU_FILE_TYPE),
    "publishertype": Namespace(m.ADMS_PUBLISHER_TYPE),
}
CLASSES = {
    TH.AdministrativeUnit: ("Đơn vị hành chính", "Administrative unit"),
    TH.Coverage: ("Phạm vi không gian của tập dữ liệu", "Spatial coverage of a dataset"),
}
GEOJSON = URIRef("https://www.iana.org/assignments/media-types/application/vnd.geo+json")
DEFAULT_LANG = "vi"


def _translated(value: Any) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {DEFAULT_LANG: value}
    return value if isinstance(value, dict) else {}


def _is_url(value: str) -> bool:
    return bool(re.match(r"^https?://\S+$", value or ""))


def _phone_uri(phone: str) -> URIRef:
    """tel: URI (RFC 3966, with visual separators) of a Vietnamese number."""
    number = phone.strip()
    number = "+84" + number[1:] if number.startswith("0") else number
    return URIRef("tel:" + re.sub(r"[\s.]+", "-", number))


def _phone_text(uri: str) -> str:
    number = uri.removeprefix("tel:").replace("-", " ")
    return "0" + number[3:].lstrip() if number.startswith("+84") else number


class Term(NamedTuple):
    key: str                     # the dataset dict's key
    predicate: URIRef
    write: str                   # profile method: value → nodes (describing them)
    read: str                    # profile method: nodes → value
    replaces: bool = False       # the stock profile writes it in a shape DCAT-AP 3 rejects


class ThanhHoaDCATAPProfile(RDFProfile):
    """DCAT-AP 3 for the metadata model (shared/spec/metadata-model.md)."""

    # The dataset statements of the model that the stock profile does not
    # write, or writes in a shape DCAT-AP 3 rejects (replaced).
    DATASET_TERMS = (
        Term("sectors", DCAT.theme, "_themes", "_read_sectors"),
        Term("frequency", DCT.accrualPeriodicity, "_frequency", "_read_frequency", True),
        Term("access_level", DCT.accessRights, "_access_rights", "_read_access_level"),
        Term("language", DCT.language, "_languages", "_read_languages", True),
        Term("conforms_to", DCT.conformsTo, "_standards", "_read_labelled", True),
        Term("applicable_legislation", DCATAP.applicableLegislation, "_legislation",
             "_read_labelled", True),
        Term("admin_units", DCT.spatial, "_admin_units", "_read_admin_units"),
        Term("publisher", DCT.publisher, "_publisher", "_read_publisher"),
        Term("lgsp_id", ADMS.identifier, "_lgsp_identifier", "_read_nothing"),
    )
    # Kept as the stock profile writes them; read back here.
    KEPT_TERMS = (
        Term("title_translated", DCT.title, "", "_read_translated"),
        Term("notes_translated", DCT.description, "", "_read_translated"),
        Term("identifier", DCT.identifier, "", "_read_text"),
        Term("issued", DCT.issued, "", "_read_text"),
        Term("modified", DCT.modified, "", "_read_text"),
        Term("version", DCAT.version, "", "_read_text"),
        Term("version_notes", ADMS.versionNotes, "", "_read_text"),
        Term("provenance", DCT.provenance, "", "_read_labelled_one"),
        Term("documentation", FOAF.page, "", "_read_uris"),
        Term("temporal_coverage", DCT.temporal, "", "_read_periods"),
        Term("tags", DCAT.keyword, "", "_read_keywords"),
        Term("contact", DCAT.contactPoint, "", "_read_contacts"),   # phones: _contacts
        Term("license_id", DCT.license, "", "_read_licence"),       # see _licence
    )
    RESOURCE_TERMS = (
        Term("format", DCT["format"], "_file_type", "_read_format", True),
        Term("language", DCT.language, "_languages", "_read_language", True),
        Term("encoding", CNT.characterEncoding, "_literal", "_read_text"),
    )

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
        geometry = BNode()
        self.g.add((node, LOCN.geometry, geometry))
        self._typed(geometry, LOCN.Geometry, GSP.Geometry)
        shape = wkt.dumps(json.loads(geojson), decimals=6) if geojson else m.wkt_polygon(box)
        self.g.add((geometry, GSP.asWKT, Literal(shape, datatype=GSP.wktLiteral)))
        if geojson:
            self.g.add((geometry, GSP.asGeoJSON, Literal(geojson, datatype=GEOJSON)))
        if box:
            self.g.add((node, DCAT.bbox, Literal(m.wkt_polygon(box), datatype=GSP.wktLiteral)))
        if centroid:
            self.g.add((node, DCAT.centroid, Literal(m.wkt_point(*centroid),
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

    # --- writers: value → nodes ---------------------------------------------

    def _literal(self, value, data):
        return [Literal(value)]

    def _keywords(self, tags, data):
        return [Literal(t["name"] if isinstance(t, dict) else t, lang=DEFAULT_LANG)
                for t in as_list(tags)]

    def _themes(self, sectors, data):
        codes = [c for c in as_list(sectors) if c in vocab.sectors()]
        nodes = []
        for uri in m.theme_uris(codes):
            theme = URIRef(uri)
            if self._typed(theme, SKOS.Concept):
                self.g.add((theme, SKOS.prefLabel, Literal(m.theme_label(uri), lang="en")))
            nodes.append(theme)
        return nodes + [self.sector_node(code) for code in codes]

    def sector_node(self, code: str):
        """The URI of a sector in the portal's concept scheme, described once."""
        sector = vocab.sectors()[code]
        concept = URIRef(m.sector_uri(self.base, code))
        if self._typed(concept, SKOS.Concept):
            scheme = URIRef(m.sector_scheme_uri(self.base))
            self._sector_scheme(scheme)
            self._labels(concept, SKOS.prefLabel, {"vi": sector["vi"], "en": sector["en"]})
            self.g.add((concept, SKOS.notation, Literal(code)))
            self.g.add((concept, SKOS.inScheme, scheme))
            for uri in m.theme_uris([code]):
                self.g.add((concept, SKOS.broadMatch, URIRef(uri)))
        return concept

    def _sector_scheme(self, scheme) -> None:
        if self._typed(scheme, SKOS.ConceptScheme):
            self._labels(scheme, DCT.title, {"vi": "Lĩnh vực dữ liệu của tỉnh Thanh Hóa",
                                             "en": "Data sectors of Thanh Hóa province"})

    def _frequency(self, code, data):
        uri = m.frequency_uri(code)
        if not uri:
            return []
        node = URIRef(uri)
        self._typed(node, DCT.Frequency)
        return [node]

    def _access_rights(self, level, data):
        uri = m.access_right_uri(level)
        if not uri:
            return []
        node = URIRef(uri)
        if self._typed(node, DCT.RightsStatement):
            item = vocab.access_levels()[level]
            self._labels(node, RDFS.label, {"vi": item["vi"], "en": item["en"]})
        return [node]

    def _languages(self, codes, data):
        nodes = []
        for code in as_list(codes):
            node = URIRef(m.language_uri(code))
            self._typed(node, DCT.LinguisticSystem)
            nodes.append(node)
        return nodes

    def _labelled(self, values, cls):
        nodes = []
        for value in as_list(values):
            node = URIRef(value) if _is_url(value) else BNode()
            self._typed(node, cls)
            if isinstance(node, BNode):
                self.g.add((node, RDFS.label, Literal(value, lang=DEFAULT_LANG)))
            nodes.append(node)
        return nodes

    def _standards(self, values, data):
        return self._labelled(values, DCT.Standard)

    def _legislation(self, values, data):
        return self._labelled(values, ELI.LegalResource)

    def admin_unit_node(self, code: str):
        """The URI of an administrative unit, described once per graph."""
        unit = vocab.admin_units().get(code)
        if unit is None:
            return None
        node = URIRef(m.admin_unit_uri(self.base, code))
        if self._typed(node, TH.AdministrativeUnit):
            self._location(node, TH.AdministrativeUnit, unit.bbox, unit.centroid)
            self.g.add((node, SKOS.prefLabel, Literal(unit.name, lang="vi")))
            self.g.add((node, DCT.identifier, Literal(code)))
            for current in unit.becomes:
                self.g.add((node, DCT.isReplacedBy, URIRef(m.admin_unit_uri(self.base, current))))
        return node

    def _admin_units(self, codes, data):
        codes = as_list(codes)
        nodes = [node for node in map(self.admin_unit_node, codes) if node is not None]
        # The coverage as one geometry: the steward's, or the units' box.
        geojson = data.get("spatial")
        if isinstance(geojson, dict):
            geojson = json.dumps(geojson)
        box = _geojson_bbox(geojson) if geojson else vocab.bbox(vocab.current_codes(codes) or codes)
        # One unit and no drawn coverage: the unit's own geometry says it all.
        if geojson or (box and len(nodes) > 1):
            area = BNode()
            self._location(area, TH.Coverage, box, geojson=geojson)
            nodes.append(area)
        return nodes

    def _contacts(self, contacts, data):
        nodes = []
        for contact in as_list(contacts):
            if not isinstance(contact, dict) or not any(contact.values()):
                continue
            node = BNode()
            self._typed(node, VCARD.Kind)
            if contact.get("name"):
                self.g.add((node, VCARD.fn, Literal(contact["name"])))
            if contact.get("email"):
                self.g.add((node, VCARD.hasEmail, URIRef("mailto:" + contact["email"])))
            if contact.get("phone"):
                self.g.add((node, VCARD.hasTelephone, _phone_uri(contact["phone"])))
            nodes.append(node)
        return nodes

    def _licence(self, license_id, data):
        licence = _licence_register().get(license_id)
        if licence is None or not licence.url:
            return []
        node = URIRef(licence.url)
        if self._typed(node, DCT.LicenseDocument):
            self.g.add((node, DCT.title, Literal(licence.title)))
            eu = m.eu_licence_uri(license_id)
            if eu:
                self.g.add((node, OWL.sameAs, URIRef(eu)))
        return [node]

    def _publisher(self, publisher, data):
        if not isinstance(publisher, dict) or not data.get("owner_org"):
            return []
        node = URIRef(f"{self.base}/organization/{data['owner_org']}")
        if self._typed(node, FOAF.Agent, FOAF.Organization):
            self._labels(node, FOAF.name, {"vi": publisher.get("title"),
                                           "en": publisher.get("title_en")})
            if publisher.get("agency_code"):
                self.g.add((node, DCT.identifier, Literal(publisher["agency_code"])))
            kind = m.publisher_type(publisher.get("agency_level"))
            if kind:
                concept = URIRef(kind[0])
                self.g.add((node, DCT.type, concept))
                if self._typed(concept, SKOS.Concept):
                    self.g.add((concept, SKOS.prefLabel, Literal(kind[1], lang="en")))
            if publisher.get("email"):
                self.g.add((node, FOAF.mbox, URIRef("mailto:" + publisher["email"])))
            if publisher.get("website"):
                self.g.add((node, FOAF.homepage, URIRef(publisher["website"])))
        return [node]

    def _lgsp_identifier(self, lgsp_id, data):
        node = BNode()
        self._typed(node, ADMS.Identifier)
        self.g.add((node, SKOS.notation, Literal(lgsp_id)))
        self.g.add((node, ADMS.schemaAgency, Literal("LGSP tỉnh Thanh Hóa", lang="vi")))
        return [node]

    def _file_type(self, fmt, data):
        file_type, media = m.file_type(fmt)
        node = URIRef(file_type) if file_type else BNode()
        if self._typed(node, DCT.MediaTypeOrExtent) and isinstance(node, BNode):
            self.g.add((node, RDFS.label, Literal(fmt)))
        return [node]

    # --- graph_from_dataset ---------------------------------------------------

    def _prepare_graph(self) -> None:
        """Once per graph: the prefixes of the vocabularies the profile uses,
        and a memory of the URIs rdflib could not abbreviate."""
        manager = self.g.namespace_manager
        if getattr(manager, "_thanhhoa_prepared", False):
            return
        for prefix, namespace in PREFIXES.items():
            self.g.bind(prefix, namespace)
        _remember_unabbreviated(manager)
        manager._thanhhoa_prepared = True

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        g = self.g
        self._prepare_graph()
        data = dataset_dict
        if data.get("spatial"):      # the stock profile's literal geometry
            self._drop_blank(dataset_ref, DCT.spatial)
        self._write_terms(dataset_ref, data, self.DATASET_TERMS)
        contacts = as_list(data.get("contact"))
        if any(isinstance(c, dict) and c.get("phone") for c in contacts):
            self._drop_blank(dataset_ref, DCAT.contactPoint)   # the stock one has no phone
            for node in self._contacts(contacts, data):
                g.add((dataset_ref, DCAT.contactPoint, node))

        landing = URIRef(f"{self.base}/dataset/{data['name']}")
        g.add((dataset_ref, DCAT.landingPage, landing))
        self._typed(landing, FOAF.Document)

        licences = self._licence(data.get("license_id"), data)
        resources = data.get("resources") or []
        if not resources:   # DCAT-AP licenses distributions; without one, the dataset
            for licence in licences:
                g.add((dataset_ref, DCT.license, licence))
        access = self._access_rights(data.get("access_level") or "mo", data)
        for resource in resources:
            self._distribution(dataset_ref, URIRef(resource_uri(resource)), resource,
                               licences, access, data)

    def _drop_blank(self, subject, predicate) -> None:
        """Remove statements whose objects are blank nodes, with those nodes."""
        for node in list(self.g.objects(subject, predicate)):
            if isinstance(node, BNode):
                self.g.remove((subject, predicate, node))
                self.g.remove((node, None, None))

    def _distribution(self, dataset_ref, dist, resource, licences, access, data):
        g = self.g
        self._write_terms(dist, resource, self.RESOURCE_TERMS)
        if resource.get("mimetype"):      # written by the stock profile as a literal
            g.remove((dist, DCAT.mediaType, None))
        for licence in licences:
            g.add((dist, DCT.license, licence))
        media = m.file_type(resource.get("format"))[1]
        if media:
            g.add((dist, DCAT.mediaType, URIRef(media)))
            self._typed(URIRef(media), DCT.MediaType)
        url = resource.get("url")
        if url:   # the stock profile wrote it as dcat:accessURL
            node = URIRef(url)
            self._typed(node, RDFS.Resource)
            if m.is_download(resource.get("format")):
                g.add((dist, DCAT.downloadURL, node))
        if resource.get("datastore_active"):
            self._datastore_service(dataset_ref, dist, resource, licences, access, data)

    def _datastore_service(self, dataset_ref, dist, resource, licences, access, data):
        """A resource whose rows are in the DataStore is also a data service:
        its rows can be queried through CKAN's DataStore API."""
        g = self.g
        service = URIRef(f"{dist}#datastore")
        self._typed(service, DCAT.DataService)
        name = resource.get("name") or resource.get("id")
        self._labels(service, DCT.title, {"vi": f"API dữ liệu: {name}",
                                          "en": f"Data API: {name}"})
        api = f"{self.base}/api/3/action"
        for predicate, url in ((DCAT.endpointURL, f"{api}/datastore_search?resource_id={resource['id']}"),
                               (DCAT.endpointDescription, f"{api}/datastore_info?id={resource['id']}")):
            g.add((service, predicate, URIRef(url)))
            self._typed(URIRef(url), RDFS.Resource)
        g.add((service, DCAT.servesDataset, dataset_ref))
        for node in licences[:1]:
            g.add((service, DCT.license, node))
        for node in access:
            g.add((service, DCT.accessRights, node))
        for node in self._publisher(data.get("publisher"), data):
            g.add((service, DCT.publisher, node))
        g.add((dist, DCAT.accessService, service))

    # --- graph_from_catalog ---------------------------------------------------

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        g = self.g
        option = tk.config.get
        for predicate in (DCT.title, DCT.description, DCT.language, DCT.publisher):
            self._drop(catalog_ref, predicate)
        self._labels(catalog_ref, DCT.title, {"vi": option("ckan.site_title"),
                                              "en": option("ckanext.thanhhoa.catalog.title_en")})
        self._labels(catalog_ref, DCT.description, {
            "vi": option("ckanext.thanhhoa.catalog.description_vi"),
            "en": option("ckanext.thanhhoa.catalog.description_en")})
        for node in self._languages(["vi", "en"], {}):
            g.add((catalog_ref, DCT.language, node))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            self._typed(homepage, FOAF.Document)

        publisher = BNode()
        self._typed(publisher, FOAF.Agent, FOAF.Organization)
        self._labels(publisher, FOAF.name, {
            "vi": option("ckanext.thanhhoa.catalog.publisher_vi"),
            "en": option("ckanext.thanhhoa.catalog.publisher_en")})
        if option("ckanext.thanhhoa.catalog.publisher_email"):
            g.add((publisher, FOAF.mbox,
                   URIRef("mailto:" + option("ckanext.thanhhoa.catalog.publisher_email"))))
        kind = URIRef(m.publisher_type("tinh")[0])
        g.add((publisher, DCT.type, kind))
        if self._typed(kind, SKOS.Concept):
            g.add((kind, SKOS.prefLabel, Literal(m.publisher_type("tinh")[1], lang="en")))
        g.add((catalog_ref, DCT.publisher, publisher))

        scheme = URIRef(m.sector_scheme_uri(self.base))
        self._sector_scheme(scheme)
        g.add((catalog_ref, DCAT.themeTaxonomy, scheme))
        g.add((catalog_ref, DCT.spatial, self.admin_unit_node(vocab.PROVINCE_CODE)))

    # --- readers: nodes → value ----------------------------------------------

    def _read_nothing(self, nodes):
        return None

    def _read_text(self, nodes):
        return str(nodes[0])

    def _read_translated(self, nodes):
        texts = {}
        for node in nodes:
            if isinstance(node, Literal):
                texts.setdefault(node.language or DEFAULT_LANG, str(node))
        return texts

    def _read_keywords(self, nodes):
        return [{"name": str(node)} for node in sorted(nodes) if isinstance(node, Literal)]

    def _read_sectors(self, nodes):
        own = [m.sector_code(str(node)) for node in nodes]
        codes = {c for c in own if c} or set(m.sectors_of_themes([str(n) for n in nodes]))
        return [code for code in vocab.sectors() if code in codes]

    def _read_frequency(self, nodes):
        return m.frequency_code(str(nodes[0]))

    def _read_access_level(self, nodes):
        return m.access_level(str(nodes[0]))

    def _read_languages(self, nodes):
        return sorted(c for c in (m.language_code(str(n)) for n in nodes) if c)

    def _read_language(self, nodes):
        codes = self._read_languages(nodes)
        return codes[0] if codes else None

    def _read_labelled(self, nodes):
        values = []
        for node in nodes:
            label = self.g.value(node, RDFS.label) if isinstance(node, BNode) else None
            values.append(str(label if label is not None else node))
        return sorted(values)

    def _read_labelled_one(self, nodes):
        return self._read_labelled(nodes[:1])[0]

    def _read_uris(self, nodes):
        return sorted(str(n) for n in nodes if isinstance(n, URIRef))

    def _read_periods(self, nodes):
        periods = []
        for node in nodes:
            start = self.g.value(node, DCAT.startDate) or self.g.value(node, SCHEMA.startDate)
            end = self.g.value(node, DCAT.endDate) or self.g.value(node, SCHEMA.endDate)
            period = {k: str(v) for k, v in (("start", start), ("end", end)) if v is not None}
            if period:
                periods.append(period)
        return sorted(periods, key=lambda p: (p.get("start", ""), p.get("end", "")))

    def _read_admin_units(self, nodes):
        codes = [m.admin_unit_code(str(n)) for n in nodes if isinstance(n, URIRef)]
        if not any(codes):   # another publisher's locations: their identifiers
            codes = [str(self.g.value(n, DCT.identifier) or "") for n in nodes]
            codes = [c if c in vocab.admin_units() else None for c in codes]
        return sorted(c for c in codes if c)

    def _read_geojson(self, nodes):
        for node in nodes:
            for geometry in self.g.objects(node, LOCN.geometry):
                value = self.g.value(geometry, GSP.asGeoJSON)
                if value is not None:
                    return str(value)
        return None

    def _read_contacts(self, nodes):
        contacts = []
        for node in nodes:
            contact = {}
            name = self.g.value(node, VCARD.fn)
            email = self.g.value(node, VCARD.hasEmail)
            phone = self.g.value(node, VCARD.hasTelephone)
            if name is not None:
                contact["name"] = str(name)
            if email is not None:
                contact["email"] = str(email).removeprefix("mailto:")
            if phone is not None:
                contact["phone"] = _phone_text(str(phone))
            if contact:
                contacts.append(contact)
        return sorted(contacts, key=lambda c: json.dumps(c, sort_keys=True))

    def _read_licence(self, nodes):
        urls = {lic.url: lic.id for lic in _licence_register().values() if lic.url}
        for node in nodes:
            found = m.license_id_of(str(node), urls)
            if found:
                return found
        return None

    def _read_publisher(self, nodes):
        node = nodes[0]
        publisher = {"title": self.g.value(node, FOAF.name)}
        for name in self.g.objects(node, FOAF.name):
            if getattr(name, "language", None) == "vi":
                publisher["title"] = name
            elif getattr(name, "language", None) == "en":
                publisher["title_en"] = name
        publisher["agency_code"] = self.g.value(node, DCT.identifier)
        kind = self.g.value(node, DCT.type)
        levels = {m.publisher_type(level)[0]: level for level in m.PUBLISHER_TYPES}
        publisher["agency_level"] = levels.get(str(kind)) if kind is not None else None
        email = self.g.value(node, FOAF.mbox)
        publisher["email"] = str(email).removeprefix("mailto:") if email is not None else None
        publisher["website"] = self.g.value(node, FOAF.homepage)
        return {k: str(v) for k, v in publisher.items() if v is not None}

    def _read_format(self, nodes):
        node = nodes[0]
        label = self.g.value(node, RDFS.label) if isinstance(node, BNode) else None
        return m.format_of(str(node)) or (str(label) if label is not None else str(node))

    # --- parse_dataset --------------------------------------------------------

    def parse_dataset(self, dataset_dict, dataset_ref):
        """The dataset of the portal's schema that the graph describes: the
        stock profiles' reading is replaced, not patched."""
        out = self._read_terms(dataset_ref, self.KEPT_TERMS + self.DATASET_TERMS)
        if out.get("title_translated"):
            out["title"] = out["title_translated"].get(DEFAULT_LANG) or next(
                iter(out["title_translated"].values()))
        for page in self.g.objects(dataset_ref, DCAT.landingPage):
            name = re.search(r"/dataset/([a-z0-9_-]+)$", str(page))
            if name:
                out["name"] = name.group(1)
        geojson = self._read_geojson(self.g.objects(dataset_ref, DCT.spatial))
        if geojson:
            out["spatial"] = geojson
        out["resources"] = [self._read_distribution(dist)
                            for dist in self.g.objects(dataset_ref, DCAT.distribution)]
        if "license_id" not in out:
            for dist in self.g.objects(dataset_ref, DCAT.distribution):
                out["license_id"] = self._read_licence(list(self.g.objects(dist, DCT.license)))
                break
        out["uri"] = str(dataset_ref) if isinstance(dataset_ref, URIRef) else ""
        out["extras"] = []       # ckanext-dcat's RDF harvester adds its guid here
        # ckanext-dcat's parser keeps the dict it passed in
        dataset_dict.clear()
        dataset_dict.update(out)
        return dataset_dict

    def _read_distribution(self, dist) -> dict:
        resource = self._read_terms(dist, self.RESOURCE_TERMS + (
            Term("name", DCT.title, "", "_read_text"),
            Term("description", DCT.description, "", "_read_text"),
        ))
        if isinstance(dist, URIRef):     # the RDF harvester matches resources by it
            resource["uri"] = str(dist)
        url = self.g.value(dist, DCAT.downloadURL) or self.g.value(dist, DCAT.accessURL)
        if url is not None:
            resource["url"] = str(url)
        size = self.g.value(dist, DCAT.byteSize)
        if size is not None:
            try:
                resource["size"] = int(float(size))
            except ValueError:
                pass
        return resource


def _remember_unabbreviated(manager) -> None:
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


def _geojson_bbox(geojson: str) -> tuple[float, float, float, float] | None:
    try:
        coordinates = list(_points(json.loads(geojson)))
    except (ValueError, TypeError):
        return None
    if not coordinates:
        return None
    lons, lats = [c[0] for c in coordinates], [c[1] for c in coordinates]
    return (min(lons), min(lats), max(lons), max(lats))


def _points(geometry) -> Iterable[tuple[float, float]]:
    if isinstance(geometry, dict):
        if geometry.get("type") == "GeometryCollection":
            for part in geometry.get("geometries", []):
                yield from _points(part)
        elif geometry.get("type") in ("Feature",):
            yield from _points(geometry.get("geometry"))
        else:
            yield from _points(geometry.get("coordinates"))
    elif isinstance(geometry, list):
        if len(geometry) >= 2 and all(isinstance(x, (int, float)) for x in geometry[:2]):
            yield (float(geometry[0]), float(geometry[1]))
        else:
            for part in geometry:
                yield from _points(part)


def _licence_register():
    from ckan import model
    return model.Package.get_license_register()


class ThanhHoaSchemaOrgProfile(SchemaOrgProfile):
    """schema.org Dataset for Google Dataset Search: ckanext-dcat's mapping
    plus the model's bilingual names, sectors, coverage and access."""

    def additional_fields(self, dataset_ref, dataset_dict):
        g = self.g
        data = dataset_dict
        for key, predicate in (("title_translated", SCHEMA.name),
                               ("notes_translated", SCHEMA.description)):
            texts = _translated(data.get(key))
            if texts:
                g.remove((dataset_ref, predicate, None))
                for lang, value in texts.items():
                    g.add((dataset_ref, predicate, Literal(value, lang=lang)))
        licence = _licence_register().get(data.get("license_id"))
        if licence is not None and licence.url:
            g.remove((dataset_ref, SCHEMA.license, None))
            g.add((dataset_ref, SCHEMA.license, URIRef(licence.url)))
        g.add((dataset_ref, SCHEMA.isAccessibleForFree, Literal(True)))
        for code in as_list(data.get("language")):
            g.add((dataset_ref, SCHEMA.inLanguage, Literal(code)))
        for code in as_list(data.get("sectors")):
            sector = vocab.sectors().get(code)
            if sector:
                g.add((dataset_ref, SCHEMA.about, Literal(sector["vi"], lang="vi")))
        base = catalog_uri().rstrip("/")
        units = vocab.admin_units()
        for code in as_list(data.get("admin_units")):
            if code in units:
                place = URIRef(m.admin_unit_uri(base, code))
                g.add((dataset_ref, SCHEMA.spatialCoverage, place))
                g.add((place, RDF.type, SCHEMA.Place))
                g.add((place, SCHEMA.name, Literal(units[code].name, lang="vi")))
        publisher = data.get("publisher")
        if isinstance(publisher, dict) and publisher.get("title"):
            g.remove((dataset_ref, SCHEMA.publisher, None))
            agent = URIRef(f"{base}/organization/{data.get('owner_org')}")
            g.add((dataset_ref, SCHEMA.publisher, agent))
            g.add((dataset_ref, SCHEMA.creator, agent))
            g.add((agent, RDF.type, SCHEMA.GovernmentOrganization))
            g.add((agent, SCHEMA.name, Literal(publisher["title"], lang="vi")))
            if publisher.get("agency_code"):
                g.add((agent, SCHEMA.identifier, Literal(publisher["agency_code"])))
