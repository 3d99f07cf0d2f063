#!/usr/bin/env bash
# Bounded load at 1,000 connections (issue 13): wrk with 1,000 keep-alive connections for LOAD_SECONDS (default
# 30) against a fresh SQLite demo server on 127.0.0.1, on /healthz, the public verification API and a logged-in
# list; then checks the server still answers /healthz and wrote no error lines. Stops by itself.
#   bash bench/load-1000.sh            (BUILD=build, LOAD_SECONDS=30, LOAD_CONNECTIONS=1000)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JZ_BIN:-${BUILD:-build}/jiazheng}
SECS=${LOAD_SECONDS:-30}
CONNS=${LOAD_CONNECTIONS:-1000}
command -v wrk >/dev/null || { echo "load-1000: wrk is required (apt-get install wrk)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jz-load.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" demo-data --database "sqlite:$TMP/load.db" --key-dir "$TMP/keys" --workers 2000 --log-level warn >/dev/null
"$BIN" serve --listen "127.0.0.1:$PORT" --database "sqlite:$TMP/load.db" --key-dir "$TMP/keys" --web-root "$TMP" \
  --access-log false --io-threads 2 >"$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"admin","password":"Jiazheng2024"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
run() {
  echo "== $1 ($CONNS connections, $SECS s)"
  shift
  wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s "$@" | grep -E "Requests/sec|Latency|Non-2xx|Socket errors|requests in"
}
run "/healthz" "http://127.0.0.1:$PORT/healthz"
run "/api/v1/meta" "http://127.0.0.1:$PORT/api/v1/meta"
run "GET /api/v1/workers (admin)" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/workers?page_size=20"
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && echo "after the load: /healthz answers"
errors=$(grep -c -E " (error|critical) " "$TMP/server.log" || true)
echo "server log: $(wc -l <"$TMP/server.log") lines, $errors error lines"
[ "$errors" -eq 0 ]
