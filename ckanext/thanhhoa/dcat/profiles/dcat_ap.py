"""The `thanhhoa` RDF profile: DCAT-AP 3 for the metadata model.

It runs after ckanext-dcat's `euro_dcat_ap_3` (which already brings the
scheming fields): it replaces the statements that the stock profile writes in
a shape DCAT-AP 3 rejects (codes as literals) and adds the model's own fields,
so that every dataset conforms to the DCAT-AP 3.0.0 shapes. Its parser reads
such a graph back into a dataset of the portal's schema. The mapping is the
term tables below; writers and readers live in their own modules."""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDFS

import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles import ADMS, CNT, DCAT, DCATAP, DCT, FOAF
from ckanext.dcat.utils import resource_uri

from ckanext.thanhhoa.access import citizen
from ckanext.thanhhoa.dcat import mapping
from ckanext.thanhhoa.dcat.profiles.base import ProfileBase, Term
from ckanext.thanhhoa.dcat.profiles.readers import Readers
from ckanext.thanhhoa.dcat.profiles.writers import Writers
from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa.metadata.stored import as_list


class ThanhHoaDCATAPProfile(Readers, Writers, ProfileBase):
    """DCAT-AP 3 for the metadata model (docs/metadata-model.md)."""

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

    # --- graph_from_dataset ---------------------------------------------------

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

    def _distribution(self, dataset_ref, dist, resource, licences, access, data):
        g = self.g
        self._write_terms(dist, resource, self.RESOURCE_TERMS)
        if resource.get("mimetype"):      # written by the stock profile as a literal
            g.remove((dist, DCAT.mediaType, None))
        for licence in licences:
            g.add((dist, DCT.license, licence))
        for node in access:   # the access level's rights statement (the MQA reads dct:rights here)
            g.add((dist, DCT.rights, node))
        media = mapping.file_type(resource.get("format"))[1]
        if media:
            g.add((dist, DCAT.mediaType, URIRef(media)))
            self._typed(URIRef(media), DCT.MediaType)
        url = resource.get("url")
        if url:   # the stock profile wrote it as dcat:accessURL
            node = URIRef(url)
            self._typed(node, RDFS.Resource)
            if mapping.is_download(resource.get("format")):
                g.add((dist, DCAT.downloadURL, node))
        if resource.get("datastore_active"):
            self._datastore_service(dataset_ref, dist, resource, licences, access, data)

    def _datastore_service(self, dataset_ref, dist, resource, licences, access, data):
        """A resource whose rows are in the DataStore is also a data service:
        its rows can be queried through CKAN's DataStore API, described by
        its OpenAPI document (datastore/service.py)."""
        g = self.g
        service = URIRef(f"{dist}#datastore")
        self._typed(service, DCAT.DataService)
        name = resource.get("name") or resource.get("id")
        self._labels(service, DCT.title, {"vi": f"API dữ liệu: {name}",
                                          "en": f"Data API: {name}"})
        api = f"{self.base}/api/3/action"
        for predicate, url in ((DCAT.endpointURL, f"{api}/datastore_search?resource_id={resource['id']}"),
                               (DCAT.endpointDescription,
                                f"{self.base}/dich-vu-du-lieu/{resource['id']}/openapi.json")):
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
        for predicate in (DCT.title, DCT.description, DCT.language, DCT.publisher, DCT.modified):
            self._drop(catalog_ref, predicate)
        # the newest change of open data: ckanext-dcat's date is the newest
        # of any dataset (it searches with ignore_auth), which told anyone
        # when shared or internal data last changed
        newest = citizen.search(rows=1, sort="metadata_modified desc", fl="metadata_modified")["results"]
        if newest:
            self._add_date_triple(catalog_ref, DCT.modified, newest[0]["metadata_modified"])
        self._labels(catalog_ref, DCT.title, {"vi": option("ckan.site_title"),
                                              "en": option("ckanext.thanhhoa.catalog.title_en")})
        self._labels(catalog_ref, DCT.description, {
            "vi": option("ckanext.thanhhoa.catalog.description_vi"),
            "en": option("ckanext.thanhhoa.catalog.description_en")})
        for node in self._languages(["vi", "en"], {}):
            g.add((catalog_ref, DCT.language, node))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            self._typed(homepage, FOAF.Document)

        # named, so that the pages of the catalogue merged into one graph
        # keep one publisher (DCAT-AP allows one)
        publisher = URIRef(f"{self.base}/#publisher")
        self._typed(publisher, FOAF.Agent, FOAF.Organization)
        self._labels(publisher, FOAF.name, {
            "vi": option("ckanext.thanhhoa.catalog.publisher_vi"),
            "en": option("ckanext.thanhhoa.catalog.publisher_en")})
        if option("ckanext.thanhhoa.catalog.publisher_email"):
            g.add((publisher, FOAF.mbox,
                   URIRef("mailto:" + option("ckanext.thanhhoa.catalog.publisher_email"))))
        self._publisher_type(publisher, "tinh")
        g.add((catalog_ref, DCT.publisher, publisher))

        scheme = URIRef(mapping.sector_scheme_uri(self.base))
        self._sector_scheme(scheme)
        g.add((catalog_ref, DCAT.themeTaxonomy, scheme))
        g.add((catalog_ref, DCT.spatial, self.admin_unit_node(vocab.PROVINCE_CODE)))

