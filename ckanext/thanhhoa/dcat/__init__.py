"""DCAT-AP 3, what other systems harvest from the portal.

`mapping` holds the model's DCAT-AP mapping as data and pure functions (URIs
of the portal's concepts and of the EU vocabularies); `profiles/` the RDF
profiles that ckanext-dcat runs (`thanhhoa` for DCAT-AP,
`thanhhoa_schemaorg` for schema.org); `actions` keeps ckanext-dcat's
actions to open data; `views` makes the portal's own concept URIs
dereference; `harvest` puts datasets harvested from another portal of this
kind into their agencies."""
