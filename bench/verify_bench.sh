#!/usr/bin/env bash
# 家政信用查 under load: GET /api/v1/verify/{token} on a SQLite database of 1,000,000 workers.
#
#   bash bench/verify_bench.sh                    full run: 1,000,000 workers (demo data takes about a minute)
#   VERIFY_WORKERS=100000 bash bench/verify_bench.sh   a smaller registry (the figure is then not the target's)
#
# Steps: demo-data into a fresh SQLite file; serve it (pinned to CPU 0); log in as the demo province admin
# and issue certificates through the API for a random sample of verified workers (one curl process,
# keep-alive); then wrk (pinned to CPU 1, one thread, 64 connections) cycles through their tokens with
# bench/verify_bench.lua, which also counts any answer that is not a 200 "valid" — once with the signature
# cache on (the default), once with JZ_VERIFY_SIGNATURE_CACHE=0. Each request checks the
# Ed25519 signature, reads the certificate, worker, enterprise, score, occupations and credit entries (three
# indexed queries) and queues its audit row. The median of the rounds is written between the
# verify:begin/end markers of docs/benchmarks.md.
#
# `make bench` (bench/run.sh) runs this script at its end unless BENCH_VERIFY=0.
# VERIFY_SUITE=sm runs everything with the 国密 suite (SM2 tokens, SM4 fields) and writes its own section
# (verify-sm), so the two suites stand side by side.
# Knobs: VERIFY_WORKERS (1000000), VERIFY_SAMPLE (certificates, 5000), VERIFY_THREADS (server worker
# threads, 2), VERIFY_IO_THREADS (1), BENCH_DURATION (10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (64),
# BUILD (build), BENCH_DOC (docs/benchmarks.md), VERIFY_DB (reuse an existing demo database file; it is
# copied, never modified).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. bench/lib.sh
DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=${BENCH_CONNECTIONS:-64}
WORKERS=${VERIFY_WORKERS:-1000000}
SAMPLE=${VERIFY_SAMPLE:-5000}
THREADS=${VERIFY_THREADS:-2}
IO_THREADS=${VERIFY_IO_THREADS:-1}
SUITE=${VERIFY_SUITE:-standard}
export JZ_CRYPTO_SUITE="$SUITE"  # demo-data and serve read it
if [ "$SUITE" = sm ]; then SECTION_NAME=verify-sm; SIG="SM2-SM3"; TITLE=" — 国密 suite (SM2 tokens, SM4 fields)"; VERIFY_NOTE="an SM2 verification takes about 310 µs on one core, bench/crypto_bench.sh"; else SECTION_NAME=verify; SIG="Ed25519"; TITLE=""; VERIFY_NOTE="libsodium's Ed25519 verification takes about 90 µs here, some 40 % of a request"; fi
BIN=$BUILD/jiazheng
OUT=bench/out

for tool in wrk curl sqlite3 taskset; do
  command -v "$tool" >/dev/null || { echo "verify-bench: $tool is required (apt-get install wrk curl sqlite3 util-linux)" >&2; exit 1; }
done
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then SERVER_CPUS=0; WRK_CPU=1; else SERVER_CPUS=0; WRK_CPU=0; fi

if [ ! -f "$BUILD/CMakeCache.txt" ]; then cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null; fi
cmake --build "$BUILD" --target jiazheng -j "$NCPU" >/dev/null

TMP=$(mktemp -d "${TMPDIR:-/tmp}/jz-verify-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW="$OUT/$STAMP-verify"
mkdir -p "$RAW"

DB="$TMP/verify.db"
KEYS="$TMP/keys"
if [ -n "${VERIFY_DB:-}" ]; then
  echo "verify-bench: copying $VERIFY_DB"
  cp "$VERIFY_DB" "$DB"
  WORKERS=$(sqlite3 "$DB" "SELECT COUNT(*) FROM workers")
else
  echo "verify-bench: demo-data --workers $WORKERS --seed 1 into $DB"
  "$BIN" demo-data --no-credit --workers "$WORKERS" --seed 1 --database "sqlite:$DB" --key-dir "$KEYS" --log-level warn \
    >"$RAW/demo-data.log" 2>&1
fi

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "verify-bench: no free port" >&2; exit 1
}
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
start_server() {  # signature-cache entries
  JZ_VERIFY_SIGNATURE_CACHE="$1" taskset -c "$SERVER_CPUS" "$BIN" serve --listen "127.0.0.1:$PORT" \
    --database "sqlite:$DB" --key-dir "$KEYS" --io-threads "$IO_THREADS" --threads "$THREADS" --access-log false \
    --log-level warn --public-url "$URL" >>"$RAW/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$URL/readyz" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$RAW/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "verify-bench: server not ready" >&2; exit 1
}
stop_server() {  # SIGTERM: the server finishes, flushes the audit queue and exits
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}
start_server 65536

# --- Certificates for a random sample of verified workers, issued through the API (one keep-alive connection).
ADMIN=$(curl -fsS "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"Jiazheng2024"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
sqlite3 "$DB" "SELECT id FROM workers WHERE identity_status = 'verified' ORDER BY random() LIMIT $SAMPLE" >"$TMP/ids"
{
  first=1
  while read -r id; do
    [ "$first" = 1 ] || printf 'next\n'
    first=0
    printf 'url = "%s/api/v1/workers/%s/certificates"\nrequest = "POST"\nheader = "Authorization: Bearer %s"\n' \
      "$URL" "$id" "$ADMIN"
    printf 'header = "Content-Type: application/json"\ndata = "{}"\nwrite-out = "\\n"\n'
  done <"$TMP/ids"
} >"$TMP/issue.curl"
t0=$(date +%s.%N)
curl -sS -K "$TMP/issue.curl" >"$TMP/issued.json"
t1=$(date +%s.%N)
grep -oE '"token":"[^"]+"' "$TMP/issued.json" | sed -E 's/"token":"([^"]+)"/\1/' >"$TMP/tokens"
ISSUED=$(wc -l <"$TMP/tokens")
ISSUE_RATE=$(awk -v n="$ISSUED" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", n / (b - a)}')
TOKEN_LEN=$(head -1 "$TMP/tokens" | tr -d '\n' | wc -c)
echo "verify-bench: issued $ISSUED certificates ($ISSUE_RATE/s through the API); token length $TOKEN_LEN"
[ "$ISSUED" -gt 0 ] || { echo "verify-bench: no certificate issued" >&2; head -c 500 "$TMP/issued.json" >&2; exit 1; }
cp "$TMP/tokens" "$RAW/tokens.txt"

# --- Load.
export VERIFY_TOKENS="$TMP/tokens"
WRK=(taskset -c "$WRK_CPU" wrk -t1 "-c$CONNS" "-d${DURATION}s" --latency -s bench/verify_bench.lua)
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}
run_rounds() {  # name
  echo "verify-bench: $1: warm-up, then $ROUNDS round(s) of ${DURATION}s"
  taskset -c "$WRK_CPU" wrk -t1 "-c$CONNS" -d3s -s bench/verify_bench.lua "$URL/" >/dev/null 2>&1
  : >"$TMP/$1.samples"
  for round in $(seq 1 "$ROUNDS"); do
    local file="$RAW/$1.round$round.txt" bad rps p50 p99
    "${WRK[@]}" "$URL/" >"$file" 2>&1
    bad=$(awk '/^answers not 200 valid:/ {print $5}' "$file")
    if [ "${bad:-1}" != "0" ] || grep -qE 'Socket errors|Non-2xx' "$file"; then
      echo "verify-bench: errors in $1 round $round (see $file)" >&2; cat "$file" >&2; exit 1
    fi
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
    echo "$rps $p50 $p99" >>"$TMP/$1.samples"
    printf '  round %s: %10.0f req/s  p50 %7.3f ms  p99 %7.3f ms\n' "$round" "$rps" "$p50" "$p99"
  done
}
run_rounds cached
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
AUDITED_BEFORE_STOP=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.verify'")
stop_server
AUDITED=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.verify'")
# The same load with the signature cache off: every request pays for an Ed25519 verification.
start_server 0
run_rounds uncached
stop_server
median() {  # name column
  awk -v c="$2" '{print $c}' "$TMP/$1.samples" | sort -g | awk '{a[NR] = $1} END {
    if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
RPS=$(median cached 1); P50=$(median cached 2); P99=$(median cached 3)
URPS=$(median uncached 1); UP50=$(median uncached 2)
UP99=$(median uncached 3)
if awk -v r="$RPS" 'BEGIN {exit !(r >= 10000)}'; then VERDICT="**met**"; else VERDICT="**not met**"; fi
if awk -v r="$URPS" 'BEGIN {exit !(r >= 10000)}'; then UVERDICT="met"; else UVERDICT="not met"; fi
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git diff --quiet HEAD 2>/dev/null || echo " + uncommitted changes")
WORKERS_FMT=$(echo "$WORKERS" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta')

SECTION=$(cat <<EOF
## Verify endpoint$TITLE

Run $(date -u '+%Y-%m-%d %H:%M UTC') on $NCPU CPU(s), $CPU; commit $REV$DIRTY; load average after the
run $LOADAVG.

\`GET /api/v1/verify/{token}\` on a SQLite database of $WORKERS_FMT workers (demo data), cycling through the
tokens of $ISSUED certificates issued through the API for a random sample of verified workers. Every answer
was checked to be a 200 with \`"result":"valid"\`. Each request checks the $SIG signature (or finds the
token in the signature cache), runs three indexed queries in one read transaction (certificate ⋈ worker ⋈
enterprise ⋈ score by serial; occupations; credit entries by worker), builds the public profile and queues one
audit row (written in batches about every 100 ms; after the first configuration the log held
$AUDITED_BEFORE_STOP verification rows while the server ran and $AUDITED once it had stopped — the difference
is the final flush on SIGTERM). Server on CPU $SERVER_CPUS
(\`--io-threads $IO_THREADS --threads $THREADS\`, access log off), wrk on CPU $WRK_CPU, one thread, $CONNS
connections; median of $ROUNDS runs of ${DURATION} s.

| \`GET /api/v1/verify/{token}\` | req/s | p50 | p99 |
|---|---:|---:|---:|
| signature cache on (default; tokens seen before) | $(printf '%.0f' "$RPS") | $(printf '%.2f' "$P50") ms | $(printf '%.2f' "$P99") ms |
| signature cache off (\`JZ_VERIFY_SIGNATURE_CACHE=0\`: every request verifies $SIG) | $(printf '%.0f' "$URPS") | $(printf '%.2f' "$UP50") ms | $(printf '%.2f' "$UP99") ms |

Tokens are $TOKEN_LEN characters. The signature cache remembers genuine tokens already checked (65,536 by
default); with $ISSUED tokens cycling, the first row is its steady state, the second the cost of tokens never
seen before ($VERIFY_NOTE).

Target (≥ 10,000 req/s with wrk, 64 connections, 1,000,000 workers): $VERDICT with the cache; $UVERDICT
without it.

\`\`\`
bash bench/verify_bench.sh      # make bench runs it too (BENCH_VERIFY=0 skips it); raw output in bench/out/<stamp>-verify/
taskset -c $WRK_CPU wrk -t1 -c$CONNS -d${DURATION}s --latency -s bench/verify_bench.lua http://127.0.0.1:\$PORT/
\`\`\`
EOF
)
printf '%s\n' "$SECTION" >"$TMP/section.md"
write_named_section "$DOC" "$SECTION_NAME" "$TMP/section.md"
echo "verify-bench: $(printf '%.0f' "$RPS") req/s cached, $(printf '%.0f' "$URPS") uncached; wrote $DOC (raw output in $RAW)"
