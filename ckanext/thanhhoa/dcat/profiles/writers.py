"""Writers of the DCAT-AP profile: a dataset's value → the nodes that state
it, each node described once per graph."""
from __future__ import annotations

import json

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from ckanext.dcat.profiles import ADMS, DCT, FOAF, VCARD

from ckanext.thanhhoa.dcat import mapping
from ckanext.thanhhoa.dcat.profiles.base import (DEFAULT_LANG, ELI, TH, geojson_bbox, is_url,
                                                 licence_register, phone_uri)
from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa.metadata.stored import as_list


class Writers:
    """Mixed into the DCAT-AP profile (a ProfileBase)."""

    def _literal(self, value, data):
        return [Literal(value)]

    def _themes(self, sectors, data):
        codes = [c for c in as_list(sectors) if c in vocab.get("sectors")]
        nodes = []
        for uri in mapping.theme_uris(codes):
            theme = URIRef(uri)
            if self._typed(theme, SKOS.Concept):
                self.g.add((theme, SKOS.prefLabel, Literal(mapping.theme_label(uri), lang="en")))
            nodes.append(theme)
        return nodes + [self.sector_node(code) for code in codes]

    def sector_node(self, code: str):
        """The URI of a sector in the portal's concept scheme, described once."""
        sector = vocab.get("sectors")[code]
        concept = URIRef(mapping.sector_uri(self.base, code))
        if self._typed(concept, SKOS.Concept):
            scheme = URIRef(mapping.sector_scheme_uri(self.base))
            self._sector_scheme(scheme)
            self._labels(concept, SKOS.prefLabel, {"vi": sector["vi"], "en": sector["en"]})
            self.g.add((concept, SKOS.notation, Literal(code)))
            self.g.add((concept, SKOS.inScheme, scheme))
            for uri in mapping.theme_uris([code]):
                self.g.add((concept, SKOS.broadMatch, URIRef(uri)))
        return concept

    def _sector_scheme(self, scheme) -> None:
        if self._typed(scheme, SKOS.ConceptScheme):
            self._labels(scheme, DCT.title, {"vi": "Lĩnh vực dữ liệu của tỉnh Thanh Hóa",
                                             "en": "Data sectors of Thanh Hóa province"})

    def _frequency(self, code, data):
        uri = mapping.frequency_uri(code)
        if not uri:
            return []
        node = URIRef(uri)
        self._typed(node, DCT.Frequency)
        return [node]

    def _access_rights(self, level, data):
        uri = mapping.access_right_uri(level)
        if not uri:
            return []
        node = URIRef(uri)
        if self._typed(node, DCT.RightsStatement):
            item = vocab.get("access_levels")[level]
            self._labels(node, RDFS.label, {"vi": item["vi"], "en": item["en"]})
        return [node]

    def _languages(self, codes, data):
        nodes = []
        for code in as_list(codes):
            node = URIRef(mapping.language_uri(code))
            self._typed(node, DCT.LinguisticSystem)
            nodes.append(node)
        return nodes

    def _labelled(self, values, cls):
        nodes = []
        for value in as_list(values):
            node = URIRef(value) if is_url(value) else BNode()
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
        node = URIRef(mapping.admin_unit_uri(self.base, code))
        if self._typed(node, TH.AdministrativeUnit):
            self._location(node, TH.AdministrativeUnit, unit.bbox, unit.centroid)
            self.g.add((node, SKOS.prefLabel, Literal(unit.name, lang="vi")))
            self.g.add((node, DCT.identifier, Literal(code)))
            for current in unit.becomes:
                self.g.add((node, DCT.isReplacedBy, URIRef(mapping.admin_unit_uri(self.base, current))))
        return node

    def _admin_units(self, codes, data):
        codes = as_list(codes)
        nodes = [node for node in map(self.admin_unit_node, codes) if node is not None]
        # The coverage as one geometry: the steward's, or the units' box.
        geojson = data.get("spatial")
        if isinstance(geojson, dict):
            geojson = json.dumps(geojson)
        box = geojson_bbox(geojson) if geojson else vocab.bbox(vocab.current_codes(codes) or codes)
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
                self.g.add((node, VCARD.hasTelephone, phone_uri(contact["phone"])))
            nodes.append(node)
        return nodes

    def _licence(self, license_id, data):
        licence = licence_register().get(license_id)
        if licence is None or not licence.url:
            return []
        node = URIRef(licence.url)
        if self._typed(node, DCT.LicenseDocument):
            self.g.add((node, DCT.title, Literal(licence.title)))
            eu = mapping.eu_licence_uri(license_id)
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
            self._publisher_type(node, publisher.get("agency_level"))
            if publisher.get("email"):
                self.g.add((node, FOAF.mbox, URIRef("mailto:" + publisher["email"])))
            if publisher.get("website"):
                self.g.add((node, FOAF.homepage, URIRef(publisher["website"])))
        return [node]

    def _publisher_type(self, agent, level) -> None:
        """The ADMS publisher type of an agent, from its agency level."""
        kind = mapping.publisher_type(level)
        if kind:
            concept = URIRef(kind[0])
            self.g.add((agent, DCT.type, concept))
            if self._typed(concept, SKOS.Concept):
                self.g.add((concept, SKOS.prefLabel, Literal(kind[1], lang="en")))

    def _lgsp_identifier(self, lgsp_id, data):
        node = BNode()
        self._typed(node, ADMS.Identifier)
        self.g.add((node, SKOS.notation, Literal(lgsp_id)))
        self.g.add((node, ADMS.schemaAgency, Literal("LGSP tỉnh Thanh Hóa", lang="vi")))
        return [node]

    def _file_type(self, fmt, data):
        uri = mapping.file_type(fmt)[0]
        node = URIRef(uri) if uri else BNode()
        if self._typed(node, DCT.MediaTypeOrExtent) and isinstance(node, BNode):
            self.g.add((node, RDFS.label, Literal(fmt)))
        return [node]

