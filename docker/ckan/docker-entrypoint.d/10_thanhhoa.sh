#!/bin/sh
# Run by the base image's start script before CKAN starts: the DataStore's
# permissions (idempotent), as the ckan role that owns the datastore database
# (PostgreSQL 15 makes a database's owner own its public schema): the CKAN
# containers never hold the superuser's password. Everything else comes from
# the environment (docker/ckan.env.example), read by ckanext-envvars.
set -e
ckan -c "$CKAN_INI" datastore set-permissions \
    | PGPASSWORD="$CKAN_DB_PASSWORD" psql -h "$POSTGRES_HOST" -U ckan -d "$DATASTORE_DB" -q --set ON_ERROR_STOP=1
