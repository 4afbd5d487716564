#!/bin/sh
# Run once by the postgres image on an empty volume: the CKAN and DataStore
# databases and the DataStore's read-only role.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE ckan LOGIN PASSWORD '${CKAN_DB_PASSWORD}';
CREATE ROLE datastore_ro LOGIN PASSWORD '${DATASTORE_READONLY_PASSWORD}';
CREATE DATABASE ckan OWNER ckan ENCODING 'UTF8' TEMPLATE template0 LOCALE 'C.UTF-8';
CREATE DATABASE datastore OWNER ckan ENCODING 'UTF8' TEMPLATE template0 LOCALE 'C.UTF-8';
SQL
