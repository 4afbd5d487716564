#!/bin/sh
# The command of every container of the CKAN image (web, worker, harvest
# consumers, outbound proxy): refuses the example secrets, writes the plugins
# into ckan.ini (ckanext-envvars, one of them, reads every other option from
# the environment when CKAN loads), then runs its arguments.
set -e
bad=$(env | grep -E '^(CKAN|CKANEXT|POSTGRES)[A-Z_]*=.*change-me' | cut -d= -f1 || true)
if [ -n "$bad" ]; then
    echo "refusing to start: these settings still hold the example value (change-me…):" >&2
    echo "$bad" >&2
    echo "set them in docker/ckan.env" >&2
    exit 1
fi
ckan config-tool "$CKAN_INI" "ckan.plugins = $CKAN__PLUGINS" >/dev/null
exec "$@"
