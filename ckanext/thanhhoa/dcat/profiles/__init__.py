"""The portal's RDF profiles (entry points in `ckan.rdf.profiles`): tables of
(dataset key, predicate, writer, reader) over the pure mapping of
`ckanext.thanhhoa.dcat.mapping`."""
from ckanext.thanhhoa.dcat.profiles.dcat_ap import ThanhHoaDCATAPProfile
from ckanext.thanhhoa.dcat.profiles.schemaorg import ThanhHoaSchemaOrgProfile

__all__ = ["ThanhHoaDCATAPProfile", "ThanhHoaSchemaOrgProfile"]
