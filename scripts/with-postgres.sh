#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL 15 started in a temporary folder, then stops it.
# Usage: scripts/with-postgres.sh <command…>   (the command sees TESSERA_TEST_PG_URL and PG_URL)
# As root, PostgreSQL runs as the `postgres` OS user (it refuses to run as root).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
# The first free port from 55432 on, unless PG_PORT says which.
PORT=${PG_PORT:-}
if [ -z "$PORT" ]; then
  for candidate in $(seq 55432 55531); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
  done
fi
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL 15 is not installed at $PG_BIN (apt-get install -y postgresql-15)" >&2
  exit 1
fi

BASE=$(mktemp -d /tmp/tessera-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$BASE"

stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$BASE/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$BASE"
}
trap stop EXIT

as_pg "$PG_BIN/initdb" -D "$BASE/data" -U postgres --auth=trust --no-locale -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$BASE/data" -l "$BASE/log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k $BASE -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2

export TESSERA_TEST_PG_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
export PG_URL="$TESSERA_TEST_PG_URL"
"$@"
