#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the sanctions-register tests (Debian, as root).
#
#   eval "$(bash .ci/postgres.sh)"      # installs if needed, starts, exports COMPLIANCE_TEST_PG_URL
#   bash .ci/postgres.sh stop           # stops it
#
# stdout carries only the `export` line (so eval works); progress goes to stderr. Re-running
# while the server is up just prints the URL again. Settings: PG_TEST_PORT (55432),
# PG_TEST_DIR (/tmp/compliance-pg).
set -euo pipefail

PORT=${PG_TEST_PORT:-55432}
DIR=${PG_TEST_DIR:-/tmp/compliance-pg}
DATA="$DIR/data"
DB=compliance_test
ROLE=compliance

log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { runuser -u postgres -- "$@"; }

if [ "${1:-start}" = "stop" ]; then
  if [ -d "$DATA" ]; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true; fi
  exit 0
fi

if [ ! -s "$DIR/password" ]; then
  rm -rf "$DIR"
  install -d -m 700 -o postgres -g postgres "$DIR"
  head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$DIR/password"
  chown postgres:postgres "$DIR/password"
  log "initdb in $DATA"
  as_pg "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi
PASSWORD=$(cat "$DIR/password")

if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PORT"
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=100 -c fsync=on" start >&2
fi

psql_pg() { as_pg psql -h "$DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  psql_pg -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
fi
if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  psql_pg -c "CREATE DATABASE $DB OWNER $ROLE ENCODING 'UTF8'"
fi

URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
log "ready: ${URL/$PASSWORD/***}"
echo "export COMPLIANCE_TEST_PG_URL='$URL'"
