#!/bin/sh
# Run by the base image's start script before CKAN starts: the DataStore's
# permissions (idempotent). Everything else comes from the environment
# (see docker/.env.example), read by ckanext-envvars.
set -e
ckan -c "$CKAN_INI" datastore set-permissions \
    | PGPASSWORD="$POSTGRES_PASSWORD" psql -h "$POSTGRES_HOST" -U "$POSTGRES_USER" -d "$DATASTORE_DB" -q --set ON_ERROR_STOP=1
