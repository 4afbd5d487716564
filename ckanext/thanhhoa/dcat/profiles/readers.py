"""Readers of the DCAT-AP profile: nodes → a dataset's value, and
parse_dataset, which turns a graph into a dataset of the portal's schema."""
from __future__ import annotations

import json
import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS

from ckanext.dcat.profiles import DCAT, DCT, FOAF, GSP, LOCN, SCHEMA, VCARD

from ckanext.thanhhoa.dcat import mapping
from ckanext.thanhhoa.dcat.profiles.base import DEFAULT_LANG, Term, licence_register, phone_text
from ckanext.thanhhoa.metadata import vocab


class Readers:
    """Mixed into the DCAT-AP profile (a ProfileBase with its term tables)."""

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
        own = [mapping.sector_code(str(node)) for node in nodes]
        codes = {c for c in own if c} or set(mapping.sectors_of_themes([str(n) for n in nodes]))
        return [code for code in vocab.get("sectors") if code in codes]

    def _read_frequency(self, nodes):
        return mapping.frequency_code(str(nodes[0]))

    def _read_access_level(self, nodes):
        return mapping.access_level(str(nodes[0]))

    def _read_languages(self, nodes):
        return sorted(c for c in (mapping.language_code(str(n)) for n in nodes) if c)

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
        codes = [mapping.admin_unit_code(str(n)) for n in nodes if isinstance(n, URIRef)]
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
                contact["phone"] = phone_text(str(phone))
            if contact:
                contacts.append(contact)
        return sorted(contacts, key=lambda c: json.dumps(c, sort_keys=True))

    def _read_licence(self, nodes):
        urls = {lic.url: lic.id for lic in licence_register().values() if lic.url}
        for node in nodes:
            found = mapping.license_id_of(str(node), urls)
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
        publisher["agency_level"] = mapping.agency_level(str(kind)) if kind is not None else None
        email = self.g.value(node, FOAF.mbox)
        publisher["email"] = str(email).removeprefix("mailto:") if email is not None else None
        publisher["website"] = self.g.value(node, FOAF.homepage)
        return {k: str(v) for k, v in publisher.items() if v is not None}

    def _read_format(self, nodes):
        node = nodes[0]
        label = self.g.value(node, RDFS.label) if isinstance(node, BNode) else None
        return mapping.format_of(str(node)) or (str(label) if label is not None else str(node))

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


