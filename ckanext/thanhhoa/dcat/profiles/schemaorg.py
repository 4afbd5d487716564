"""The `thanhhoa_schemaorg` RDF profile: ckanext-dcat's schema.org output
(the JSON-LD of dataset pages, read by Google Dataset Search) with the
model's bilingual names, sectors, coverage and access."""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from ckanext.dcat.profiles import SCHEMA, SchemaOrgProfile
from ckanext.dcat.utils import catalog_uri

from ckanext.thanhhoa.dcat import mapping
from ckanext.thanhhoa.dcat.profiles.base import licence_register
from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa.metadata.stored import as_list, translated


class ThanhHoaSchemaOrgProfile(SchemaOrgProfile):
    """schema.org Dataset for Google Dataset Search: ckanext-dcat's mapping
    plus the model's bilingual names, sectors, coverage and access."""

    def additional_fields(self, dataset_ref, dataset_dict):
        g = self.g
        data = dataset_dict
        for key, predicate in (("title_translated", SCHEMA.name),
                               ("notes_translated", SCHEMA.description)):
            texts = translated(data.get(key))
            if texts:
                g.remove((dataset_ref, predicate, None))
                for lang, value in texts.items():
                    g.add((dataset_ref, predicate, Literal(value, lang=lang)))
        licence = licence_register().get(data.get("license_id"))
        if licence is not None and licence.url:
            g.remove((dataset_ref, SCHEMA.license, None))
            g.add((dataset_ref, SCHEMA.license, URIRef(licence.url)))
        g.add((dataset_ref, SCHEMA.isAccessibleForFree, Literal(True)))
        for code in as_list(data.get("language")):
            g.add((dataset_ref, SCHEMA.inLanguage, Literal(code)))
        for code in as_list(data.get("sectors")):
            sector = vocab.get("sectors").get(code)
            if sector:
                g.add((dataset_ref, SCHEMA.about, Literal(sector["vi"], lang="vi")))
        base = catalog_uri().rstrip("/")
        units = vocab.admin_units()
        for code in as_list(data.get("admin_units")):
            if code in units:
                place = URIRef(mapping.admin_unit_uri(base, code))
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
