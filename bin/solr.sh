#!/usr/bin/env bash
# A real Solr 9 for development and tests, from Maven Central: the launcher in
# solr/launcher runs org.apache.solr.embedded.JettySolrRunner on 127.0.0.1 with
# the cores `ckan` (development) and `ckan_test` (tests), both made from the
# configset solr/configsets/ckan.
#
#   bin/solr.sh build             compile the launcher (Maven caches its downloads)
#   bin/solr.sh start-background  start Solr, do not wait
#   bin/solr.sh wait              wait until every core answers its ping
#   bin/solr.sh start             both
#   bin/solr.sh status            exit 0 when every core answers
#   bin/solr.sh stop              stop the Solr this script started
#   bin/solr.sh foreground        run in the foreground (Ctrl-C stops it)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=$ROOT/.run
LAUNCHER=$ROOT/solr/launcher
CONFIGSET=$ROOT/solr/configsets/ckan/conf
HOME_DIR=$RUN/solr
PID_FILE=$RUN/solr.pid
LOG=$RUN/logs/solr.log
PORT=${SOLR_PORT:-8983}
CORES=(ckan ckan_test)
JAVA_OPTS=${SOLR_JAVA_OPTS:--Xms256m -Xmx1g -Dfile.encoding=UTF-8}
mkdir -p "$RUN/logs"

build() {
    local cp_file=$LAUNCHER/target/classpath.txt
    local classes=$LAUNCHER/target/classes/vn/thanhhoa/solr/Launcher.class
    if [ -f "$cp_file" ] && [ -f "$classes" ] && \
       [ -z "$(find "$LAUNCHER/pom.xml" "$LAUNCHER/src" -newer "$classes" -type f)" ]; then
        return 0
    fi
    echo "==> building the Solr launcher (Maven Central)" >&2
    mvn -B -q -f "$LAUNCHER/pom.xml" compile dependency:build-classpath \
        -Dmdep.outputFile="$cp_file" >"$RUN/logs/maven.log" 2>&1 \
        || { tail -30 "$RUN/logs/maven.log" >&2; echo "error: Maven could not build the Solr launcher" >&2; exit 1; }
}

prepare_home() {
    mkdir -p "$HOME_DIR"
    cat >"$HOME_DIR/solr.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" ?>
<solr>
  <str name="sharedLib">${solr.sharedLib:}</str>
</solr>
XML
    # an index made with another configset is dropped, not read with this
    # one's analysis: the core is marked for `ckan search-index rebuild`
    local core sum
    sum=$(cat "$CONFIGSET"/* | sha256sum | cut -d' ' -f1)
    for core in "${CORES[@]}"; do
        mkdir -p "$HOME_DIR/$core"
        printf 'name=%s\n' "$core" >"$HOME_DIR/$core/core.properties"
        if [ -d "$HOME_DIR/$core/data" ] && [ "$(cat "$HOME_DIR/$core/configset.sha256" 2>/dev/null)" != "$sum" ]; then
            rm -rf "$HOME_DIR/$core/data"
            touch "$HOME_DIR/$core/rebuild-needed"
        fi
        echo "$sum" >"$HOME_DIR/$core/configset.sha256"
        rm -rf "$HOME_DIR/$core/conf"
        cp -r "$CONFIGSET" "$HOME_DIR/$core/conf"
    done
}

ping() { curl -sf -o /dev/null "http://127.0.0.1:$PORT/solr/$1/admin/ping?wt=json"; }

status() {
    local core
    for core in "${CORES[@]}"; do ping "$core" || return 1; done
}

java_command() {
    echo java $JAVA_OPTS -Dsolr.log.dir="$RUN/logs" -Dsolr.disableConfigSetsCreateAuthChecks=true \
        -cp "$LAUNCHER/target/classes:$(cat "$LAUNCHER/target/classpath.txt")" \
        vn.thanhhoa.solr.Launcher "$HOME_DIR" "$PORT"
}

start_background() {
    status && return 0
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
        echo "error: port $PORT is taken by something that is not this project's Solr" >&2
        exit 1
    fi
    build
    prepare_home
    echo "==> starting Solr on 127.0.0.1:$PORT (log: .run/logs/solr.log)" >&2
    # shellcheck disable=SC2046
    nohup $(java_command) >"$LOG" 2>&1 &
    echo $! >"$PID_FILE"
}

wait_ready() {
    local pid
    for _ in $(seq 1 240); do
        status && return 0
        pid=$(cat "$PID_FILE" 2>/dev/null || true)
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            tail -30 "$LOG" >&2
            echo "error: Solr exited while starting (log: .run/logs/solr.log)" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "error: Solr did not answer on 127.0.0.1:$PORT within 120 s" >&2
    return 1
}

stop() {
    local pid
    pid=$(cat "$PID_FILE" 2>/dev/null || true)
    [ -n "$pid" ] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE"
}

case ${1:-} in
    build) build ;;
    start-background) start_background ;;
    wait) wait_ready ;;
    start) start_background; wait_ready ;;
    status) status ;;
    stop) stop ;;
    foreground) build; prepare_home; exec $(java_command) ;;
    *) echo "usage: $0 build|start|start-background|wait|status|stop|foreground" >&2; exit 2 ;;
esac
