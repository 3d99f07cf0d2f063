#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for development and benchmarks, like the one the tests start
# (tests/postgres_server.cpp): trust auth on 127.0.0.1, no fsync, data in a scratch dir.
#
#   scripts/start-test-postgres.sh [start]   starts it (or finds it running) and prints the database URL
#   scripts/start-test-postgres.sh url       prints the URL of the running server
#   scripts/start-test-postgres.sh stop      stops it and removes its dir
#
# Environment: JZ_PG_DIR (default /tmp/jz-test-postgres), JZ_PG_PORT (default: first free from 55432),
# JZ_PG_DB (database created on start, default jiazheng), JZ_PG_BINDIR (default /usr/lib/postgresql/15/bin).
# Only the URL goes to stdout, so `export JZ_DATABASE_URL=$(scripts/start-test-postgres.sh)` works.
set -euo pipefail

BINDIR=${JZ_PG_BINDIR:-/usr/lib/postgresql/15/bin}
DIR=${JZ_PG_DIR:-/tmp/jz-test-postgres}
DB=${JZ_PG_DB:-jiazheng}
DATA=$DIR/data

die() { echo "start-test-postgres: $*" >&2; exit 1; }

# postgres refuses to run as root: run its tools as the postgres user then, from a dir it can enter.
as_pg() {
  if [[ $(id -u) == 0 ]]; then
    (cd "$DIR" && runuser -u postgres -- "$@")
  else
    (cd "$DIR" && "$@")
  fi
}

running() { [[ -f $DATA/postmaster.pid ]] && as_pg "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

url() { echo "postgresql://postgres@127.0.0.1:$(cat "$DIR/port")/$DB"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  for tool in initdb pg_ctl postgres psql; do
    [[ -x $BINDIR/$tool ]] || die "PostgreSQL 15 not found ($BINDIR/$tool is missing): make test installs postgresql-15"
  done
  if running; then
    url
    return
  fi
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$DIR"; fi
  if [[ ! -f $DATA/PG_VERSION ]]; then
    as_pg "$BINDIR/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync --no-instructions \
      >"$DIR/initdb.log" 2>&1 || die "initdb failed: $(tail -n 20 "$DIR/initdb.log")"
  fi

  local port=${JZ_PG_PORT:-}
  if [[ -z $port ]]; then
    for p in $(seq 55432 55532); do
      if port_free "$p"; then port=$p; break; fi
    done
    [[ -n $port ]] || die "no free port in 55432-55532; set JZ_PG_PORT"
  fi
  echo "$port" >"$DIR/port"

  as_pg "$BINDIR/pg_ctl" start -D "$DATA" -w -t 30 -l "$DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k '$DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || die "pg_ctl start failed: $(tail -n 20 "$DIR/server.log")"

  for _ in $(seq 1 300); do
    "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.1
  done
  "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" || die "server not ready after 30 s: $(tail -n 20 "$DIR/server.log")"

  local psql=("$BINDIR/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
  if [[ -z $("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'") ]]; then
    "${psql[@]}" -c "CREATE DATABASE \"$DB\"" >/dev/null
  fi
  url
}

stop() {
  if running; then
    as_pg "$BINDIR/pg_ctl" stop -D "$DATA" -m fast -w -t 30 >/dev/null ||
      as_pg "$BINDIR/pg_ctl" stop -D "$DATA" -m immediate -w >/dev/null
  fi
  # Only what start made: JZ_PG_DIR may point somewhere that holds other files.
  rm -rf "$DATA" "$DIR"/port "$DIR"/server.log "$DIR"/initdb.log "$DIR"/.s.PGSQL.*
  rmdir "$DIR" 2>/dev/null || true
}

case ${1:-start} in
  start) start ;;
  stop) stop ;;
  url) running || die "not running"; url ;;
  *) die "usage: $0 [start|url|stop]" ;;
esac
