#!/usr/bin/env bash
# Installs and runs the portal's stack on one Debian 12 machine:
# PostgreSQL 15 and Redis from Debian, Solr 9 from Maven Central (bin/solr.sh),
# CKAN 2.12 and the extensions in a venv (.venv). Used by the Makefile.
#
#   bin/stack.sh install    apt packages, venv, Solr launcher (what is missing)
#   bin/stack.sh services   start PostgreSQL, Redis and Solr; create databases
#   bin/stack.sh stop       stop the services this project started
#   bin/stack.sh run        everything, then serve http://127.0.0.1:5000
#   bin/stack.sh test       everything, then the test suite (pytest args follow)
#   bin/stack.sh test-unit  the venv, then the unit tests alone (no service started)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=$ROOT/.run
VENV=$ROOT/.venv
CKAN=$VENV/bin/ckan
PG_VERSION=15
PG_CLUSTER=main
REDIS_PORT=6379
# chromium and fonts-noto-core: the browser tests (Playwright drives Debian's
# Chromium: no browser can be downloaded here) and their Vietnamese glyphs
APT_PACKAGES=(postgresql-$PG_VERSION postgresql-client-$PG_VERSION redis-server
              libpq-dev gcc libmagic1 curl chromium fonts-noto-core)
mkdir -p "$RUN/logs"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- install -----------------------------------------------------------------

install_system() {
    local missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    command -v mvn >/dev/null || missing+=(maven)
    command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
    if [ ${#missing[@]} -gt 0 ]; then
        say "apt-get install ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$RUN/logs/apt.log" 2>&1 \
            || { tail -20 "$RUN/logs/apt.log" >&2; die "apt-get install failed (log: .run/logs/apt.log)"; }
    fi
}

install_python() {
    local stamp=$VENV/.installed
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating the venv .venv"
        python3 -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ] || [ -n "$(find "$ROOT/pyproject.toml" "$ROOT/setup.py" \
            "$ROOT/requirements/constraints.txt" -newer "$stamp")" ]; then
        say "installing CKAN 2.12 and the extensions into .venv (pinned)"
        { "$VENV/bin/pip" install --upgrade pip setuptools wheel \
          && "$VENV/bin/pip" install -c "$ROOT/requirements/constraints.txt" \
               'ckan[requirements,dev]==2.12.0' -e "$ROOT[test]"; } >"$RUN/logs/pip.log" 2>&1 \
            || { tail -30 "$RUN/logs/pip.log" >&2; die "pip install failed (log: .run/logs/pip.log)"; }
        "$VENV/bin/pip" check >/dev/null || die "pip check found broken requirements"
        touch "$stamp"
    fi
    compile_catalogues
}

compile_catalogues() {
    local po
    for po in "$ROOT"/i18n/*/LC_MESSAGES/*.po; do
        [ "${po%.po}.mo" -nt "$po" ] && continue
        "$VENV/bin/pybabel" compile -i "$po" -o "${po%.po}.mo" >/dev/null 2>&1
    done
}

cmd_install() {
    install_system
    install_python
    "$ROOT/bin/solr.sh" build
}

# --- services ----------------------------------------------------------------

# Services started by this invocation, stopped again by `stop_started`.
STARTED=()

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432; }

start_postgres() {
    pg_ready && return 0
    say "starting PostgreSQL $PG_VERSION"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start \
        || die "PostgreSQL did not start (see /var/log/postgresql/)"
    STARTED+=(postgres)
    for _ in $(seq 1 30); do pg_ready && return 0; sleep 1; done
    die "PostgreSQL is not accepting connections on 127.0.0.1:5432"
}

redis_ready() { redis-cli -h 127.0.0.1 -p $REDIS_PORT ping 2>/dev/null | grep -q PONG; }

start_redis() {
    redis_ready && return 0
    say "starting Redis"
    mkdir -p "$RUN/redis"
    redis-server --bind 127.0.0.1 --port $REDIS_PORT --daemonize yes \
        --pidfile "$RUN/redis.pid" --dir "$RUN/redis" --logfile "$RUN/logs/redis.log" \
        || die "Redis did not start (log: .run/logs/redis.log)"
    STARTED+=(redis)
    for _ in $(seq 1 20); do redis_ready && return 0; sleep 0.5; done
    die "Redis is not answering on 127.0.0.1:$REDIS_PORT (log: .run/logs/redis.log)"
}

psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -qAtX "$@"; }

create_databases() {
    psql_admin <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ckan') THEN
    CREATE ROLE ckan LOGIN PASSWORD 'ckan';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'datastore_ro') THEN
    CREATE ROLE datastore_ro LOGIN PASSWORD 'datastore_ro';
  END IF;
END $$;
SQL
    local db
    for db in ckan ckan_test datastore datastore_test; do
        if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
            say "creating database $db"
            as_postgres createdb -O ckan -E UTF8 -T template0 --locale=C.UTF-8 "$db"
        fi
    done
}

# ckan db init and the DataStore's roles, once per database.
init_ckan_db() {
    local ini=$1 db=$2 datastore=$3 stamp=$RUN/db-migrated-$2
    if [ -z "$(psql_admin -d "$db" -c "SELECT to_regclass('public.package')")" ]; then
        say "initialising the CKAN database $db"
        "$CKAN" -c "$ini" db init >"$RUN/logs/db-init-$db.log" 2>&1 \
            || { tail -20 "$RUN/logs/db-init-$db.log" >&2; die "ckan db init failed for $db"; }
    elif [ ! -f "$stamp" ] || [ -n "$(find "$VENV/.installed" "$ini" "$ROOT/ckanext/thanhhoa/migration" -newer "$stamp")" ]; then
        # the migrations of plugins enabled or upgraded since (e.g. tracking)
        # or written since (the portal's own); a `ckan` command costs 5 s, so
        # only when the venv, the config or the migrations changed
        "$CKAN" -c "$ini" db upgrade >"$RUN/logs/db-upgrade-$db.log" 2>&1 \
            || { tail -20 "$RUN/logs/db-upgrade-$db.log" >&2; die "ckan db upgrade failed for $db"; }
    fi
    touch "$stamp"
    if [ -z "$(psql_admin -d "$datastore" -c "SELECT to_regclass('public._table_metadata')")" ]; then
        say "setting the DataStore permissions of $datastore"
        "$CKAN" -c "$ini" datastore set-permissions 2>"$RUN/logs/set-permissions.log" \
            | psql_admin -d "$datastore" >/dev/null \
            || die "ckan datastore set-permissions failed for $datastore"
    fi
}

preflight() {
    "$VENV/bin/python" -m ckanext.thanhhoa.operations.preflight "$1"
}

cmd_services() {
    # Solr boots while PostgreSQL and Redis start and the databases are made.
    if ! "$ROOT/bin/solr.sh" status >/dev/null; then
        "$ROOT/bin/solr.sh" start-background
        STARTED+=(solr)
    fi
    start_postgres
    start_redis
    create_databases || die "PostgreSQL: could not create the roles and databases"
    "$ROOT/bin/solr.sh" wait || die "Solr did not start (log: .run/logs/solr.log)"
}

stop_started() {
    local service
    for service in "${STARTED[@]}"; do
        case $service in
            solr) "$ROOT/bin/solr.sh" stop ;;
            redis) redis-cli -h 127.0.0.1 -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true ;;
            postgres) as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop || true ;;
        esac
    done
    STARTED=()
}

cmd_stop() {
    "$ROOT/bin/solr.sh" stop
    if [ -f "$RUN/redis.pid" ] && redis_ready; then
        redis-cli -h 127.0.0.1 -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true
    fi
    pg_ready && as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop || true
}

# --- run and test ------------------------------------------------------------

CHILDREN=()
cleanup() {
    local pid
    trap - EXIT INT TERM
    for pid in "${CHILDREN[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ ${#STARTED[@]} -gt 0 ]; then
        say "stopping ${STARTED[*]}"
        stop_started
    fi
}

wait_http() {
    local url=$1 seconds=$2
    for _ in $(seq 1 $((seconds * 2))); do
        curl -sf -o /dev/null "$url" && return 0
        sleep 0.5
    done
    return 1
}

cmd_run() {
    cmd_install
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    cmd_services
    preflight "$ROOT/development.ini" || exit 1
    init_ckan_db "$ROOT/development.ini" ckan datastore
    if [ -e "$RUN/solr/ckan/rebuild-needed" ]; then    # the configset changed (bin/solr.sh)
        say "indexing the datasets again for the new Solr configset"
        "$CKAN" -c "$ROOT/development.ini" search-index rebuild -q >>"$RUN/logs/ckan.log" 2>&1 \
            && rm -f "$RUN/solr/ckan/rebuild-needed"
    fi

    local password_file=$RUN/admin-password token_file=$RUN/xloader-token
    [ -s "$password_file" ] || { "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))' >"$password_file"; chmod 600 "$password_file"; }
    "$CKAN" -c "$ROOT/development.ini" thanhhoa demo-admin \
        --password "$(cat "$password_file")" --token-file "$token_file" 2>>"$RUN/logs/ckan.log"
    cat >"$RUN/ckan.ini" <<INI
# Written by bin/stack.sh run: development.ini plus this machine's secrets.
[app:main]
use = config:../development.ini
ckanext.xloader.api_token = $(cat "$token_file")
# credentials of the fake LGSP gateway started below (development only)
ckanext.thanhhoa_lgsp.client_id = portal
ckanext.thanhhoa_lgsp.client_secret = bi-mat
INI
    local ini=$RUN/ckan.ini
    "$VENV/bin/python" -m ckanext.thanhhoa.testing.lgsp_gateway --port 8190 --records 40 \
        >>"$RUN/logs/fake-lgsp.log" 2>&1 &
    CHILDREN+=($!)
    "$VENV/bin/python" -m ckanext.thanhhoa.outbound.proxy "$ini" >>"$RUN/logs/outbound-proxy.log" 2>&1 &
    CHILDREN+=($!)
    # the portal's e-mail stays here: a local SMTP server writes each message to mail.log
    "$VENV/bin/python" -m ckanext.thanhhoa.testing.mailbox --listen 127.0.0.1:8025 >>"$RUN/logs/mail.log" 2>&1 &
    CHILDREN+=($!)
    if [ "${SERVE:-}" = gunicorn ]; then     # make serve: as in production
        local workers=${WEB_WORKERS:-4}
        say "serving the portal with gunicorn, $workers workers, on http://127.0.0.1:5000 (log: .run/logs/ckan.log)"
        CKAN_INI=$ini "$VENV/bin/gunicorn" --workers "$workers" --bind 127.0.0.1:5000 --timeout 120 \
            --access-logfile "$RUN/logs/access.log" ckanext.thanhhoa.operations.wsgi:application \
            >>"$RUN/logs/ckan.log" 2>&1 &
    else
        say "serving the portal on http://127.0.0.1:5000 (log: .run/logs/ckan.log)"
        "$CKAN" -c "$ini" run -H 127.0.0.1 -p 5000 --disable-reloader >>"$RUN/logs/ckan.log" 2>&1 &
    fi
    CHILDREN+=($!)
    "$CKAN" -c "$ini" jobs worker default thanhhoa-quality >>"$RUN/logs/worker.log" 2>&1 &
    CHILDREN+=($!)
    "$CKAN" -c "$ini" harvester gather-consumer >>"$RUN/logs/harvest-gather.log" 2>&1 &
    CHILDREN+=($!)
    "$CKAN" -c "$ini" harvester fetch-consumer >>"$RUN/logs/harvest-fetch.log" 2>&1 &
    CHILDREN+=($!)
    # what cron does in production: start due harvest jobs, close finished
    # ones; every 10 minutes, count page views (the home page's most viewed)
    # and send the e-mails about what users follow (to the local mailbox)
    (n=0; while sleep 30; do
        "$CKAN" -c "$ini" harvester run >>"$RUN/logs/harvest-run.log" 2>&1
        n=$((n + 1)); [ $((n % 20)) -eq 1 ] && {
            "$CKAN" -c "$ini" tracking update >>"$RUN/logs/tracking.log" 2>&1
            "$CKAN" -c "$ini" notify send_emails >>"$RUN/logs/notify.log" 2>&1
        }
    done) &
    CHILDREN+=($!)
    wait_http http://127.0.0.1:5000/api/3/action/status_show 120 \
        || { tail -30 "$RUN/logs/ckan.log" >&2; die "the portal did not start (log: .run/logs/ckan.log)"; }
    say "loading the demo catalogue"
    "$CKAN" -c "$ini" thanhhoa demo --wait 180 --lgsp-url http://127.0.0.1:8190 2>>"$RUN/logs/ckan.log"
    cat <<BANNER

  Cổng dữ liệu mở tỉnh Thanh Hóa is running: http://127.0.0.1:5000
  sysadmin: admin / $(cat "$password_file")
  LGSP harvest (fake gateway on :8190): http://127.0.0.1:5000/harvest/lgsp-thanh-hoa
  logs: .run/logs/   stop: Ctrl-C

BANNER
    wait "${CHILDREN[0]}"
}

cmd_test() {
    cmd_install
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    cmd_services
    preflight "$ROOT/test.ini" || exit 1
    init_ckan_db "$ROOT/test.ini" ckan_test datastore_test
    say "running the test suite"
    run_pytest "$@"
}

# pytest in the repository; its "no test ran" (5) is a failure
run_pytest() {
    local status=0
    (cd "$ROOT" && "$VENV/bin/python" -m pytest "$@") || status=$?
    if [ $status = 5 ]; then
        echo "error: no test ran" >&2
        return 1
    fi
    return $status
}

# The tests marked `unit`: pure modules, no service, CKAN's pytest plugin
# (which loads test.ini and connects to the databases) left out.
cmd_test_unit() {
    install_python
    say "running the unit tests"
    run_pytest -m unit -p no:ckan -o addopts="-p no:cacheprovider --import-mode=importlib" "$@"
}

case ${1:-} in
    install) cmd_install ;;
    services) cmd_install; cmd_services ;;
    stop) cmd_stop ;;
    run) shift; cmd_run "$@" ;;
    serve) shift; SERVE=gunicorn cmd_run "$@" ;;
    test) shift; cmd_test "$@" ;;
    test-unit) shift; cmd_test_unit "$@" ;;
    *) echo "usage: $0 install|services|stop|run|serve|test|test-unit [pytest args]" >&2; exit 2 ;;
esac
