"""Search: what the Solr index holds beyond CKAN's own fields (`indexing`:
vocabulary facets, the names of covered places old and new, a coverage box)
and the facets citizens filter by, with their labels (`facets`)."""
