"""Backup and restore of the whole portal: both PostgreSQL databases (CKAN's
and the DataStore's, with their grants) and the file store, with a manifest
that a restore checks before it touches anything. Solr is not backed up:
`ckan search-index rebuild` makes it again from the database."""
