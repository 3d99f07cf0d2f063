#!/usr/bin/env bash
# make bench: HTTP throughput of the server next to nginx serving the same bytes, plus demo-data speed.
#
#   bash bench/run.sh                 full run (about 3 minutes)
#   BENCH_QUICK=1 bash bench/run.sh   skip the 1,000,000-worker demo-data section
#
# Knobs (environment): BENCH_DURATION (seconds per wrk run, default 10), BENCH_ROUNDS (default 3; the
# median is reported), BENCH_CONNECTIONS (default 64), BUILD (default build), BENCH_DOC (default
# docs/benchmarks.md). All load goes to 127.0.0.1; server and nginx share core 0, wrk runs on core 1.
# The script rewrites only its own sections of the document (between marker comments).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
DOC=${BENCH_DOC:-docs/benchmarks.md}
DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=${BENCH_CONNECTIONS:-64}
QUICK=${BENCH_QUICK:-0}
OUT=bench/out
BIN=$BUILD/jiazheng

for tool in wrk nginx curl taskset; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required (apt-get install wrk nginx-light curl util-linux)" >&2; exit 1; }
done
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then SERVER_CPU=0; WRK_CPU=1; else SERVER_CPU=0; WRK_CPU=0; fi

# --- Build if needed (cmake is incremental: a no-op when up to date).
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD" --target jiazheng -j "$NCPU" >/dev/null

TMP=$(mktemp -d "${TMPDIR:-/tmp}/jz-bench.XXXXXX")
chmod 755 "$TMP"  # nginx workers may run as another user
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW="$OUT/$STAMP"
mkdir -p "$RAW"

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))  # below the ephemeral range
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "bench: no free port" >&2; exit 1
}

wait_http() {  # url pid log
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: $1 did not answer; $3:" >&2; cat "$3" >&2; exit 1
}

# --- The server, pinned to one core with one I/O thread.
echo "bench: demo data (1000 workers) into $TMP/b.db"
"$BIN" demo-data --workers 1000 --seed 1 --database "sqlite:$TMP/b.db" --key-dir "$TMP/keys" --log-level warn \
  >"$RAW/demo-data-small.log" 2>&1
SPORT=$(free_port)
SERVER_CMD=(taskset -c "$SERVER_CPU" "$BIN" serve --listen "127.0.0.1:$SPORT" --database "sqlite:$TMP/b.db"
  --key-dir "$TMP/keys" --io-threads 1 --threads 1 --access-log false --log-level warn)
"${SERVER_CMD[@]}" >"$RAW/server.log" 2>&1 &
PIDS+=($!)
SURL="http://127.0.0.1:$SPORT"
wait_http "$SURL/healthz" "${PIDS[-1]}" "$RAW/server.log"

# --- nginx serving the same bytes from files, one worker on the same core.
mkdir -p "$TMP/www/api/v1"
curl -fsS "$SURL/api/v1/meta" -o "$TMP/www/api/v1/meta"
curl -fsS "$SURL/healthz" -o "$TMP/www/healthz"
chmod -R a+rX "$TMP/www"
NPORT=$(free_port)
cat >"$TMP/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 10000000;
  keepalive_timeout 65;
  open_file_cache max=16 inactive=60s;
  server_tokens off;
  types { }
  server {
    listen 127.0.0.1:$NPORT;
    root $TMP/www;
    location = /api/v1/meta { default_type "application/json; charset=utf-8"; }
    location = /healthz { default_type "text/plain; charset=utf-8"; }
  }
}
EOF
taskset -c "$SERVER_CPU" nginx -c "$TMP/nginx.conf" -p "$TMP" -e "$TMP/nginx-error.log" >"$RAW/nginx.log" 2>&1 &
PIDS+=($!)
NURL="http://127.0.0.1:$NPORT"
wait_http "$NURL/healthz" "${PIDS[-1]}" "$RAW/nginx.log"
cp "$TMP/nginx.conf" "$RAW/nginx.conf"

for path in /api/v1/meta /healthz; do
  if ! cmp -s <(curl -fsS "$SURL$path") <(curl -fsS "$NURL$path"); then
    echo "bench: server and nginx bodies differ for $path" >&2; exit 1
  fi
done

# --- Load. Each wrk output is kept under bench/out/<stamp>/.
WRK=(taskset -c "$WRK_CPU" wrk -t1 "-c$CONNS" "-d${DURATION}s" --latency)

to_ms() {  # wrk latency such as 812.00us, 1.20ms, 1.01s -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

run_wrk() {  # name url round
  local file="$RAW/$1.round$3.txt"
  "${WRK[@]}" "$2" >"$file" 2>&1
  if grep -qE 'Non-2xx|Socket errors' "$file"; then
    echo "bench: errors during $1 (see $file):" >&2; grep -E 'Non-2xx|Socket errors' "$file" >&2; exit 1
  fi
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
  echo "$rps $p50 $p99" >>"$TMP/$1.samples"
  printf '  %-14s round %s: %10.0f req/s  p50 %7.3f ms  p99 %7.3f ms\n' "$1" "$3" "$rps" "$p50" "$p99"
}

median() {  # name column -> median of that column over the rounds
  awk -v c="$2" '{print $c}' "$TMP/$1.samples" | sort -g | awk '{a[NR] = $1} END {
    if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

echo "bench: warm-up"
for url in "$NURL/api/v1/meta" "$SURL/api/v1/meta" "$NURL/healthz" "$SURL/healthz"; do
  taskset -c "$WRK_CPU" wrk -t1 "-c$CONNS" -d2s "$url" >/dev/null 2>&1
done
echo "bench: wrk -t1 -c$CONNS -d${DURATION}s, $ROUNDS round(s), alternating nginx and server"
for round in $(seq 1 "$ROUNDS"); do
  run_wrk nginx-meta "$NURL/api/v1/meta" "$round"
  run_wrk server-meta "$SURL/api/v1/meta" "$round"
  run_wrk nginx-healthz "$NURL/healthz" "$round"
  run_wrk server-healthz "$SURL/healthz" "$round"
done
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
PIDS=()

row() {  # label name-suffix -> markdown row; sets RATIO_<suffix>
  local s n sp50 sp99 np50 np99 ratio
  s=$(median "server-$2" 1); n=$(median "nginx-$2" 1)
  sp50=$(median "server-$2" 2); sp99=$(median "server-$2" 3)
  np50=$(median "nginx-$2" 2); np99=$(median "nginx-$2" 3)
  ratio=$(awk -v s="$s" -v n="$n" 'BEGIN {printf "%.2f", s / n}')
  printf -v "RATIO_${2}" '%s' "$ratio"
  printf '| `%s` | %.0f | %.0f | **%s×** | %.2f ms | %.2f ms | %.2f ms | %.2f ms |\n' \
    "$1" "$s" "$n" "$ratio" "$sp50" "$sp99" "$np50" "$np99"
}
row "GET /api/v1/meta" meta >"$TMP/row.meta"  # not in $(...): row sets RATIO_* in this shell
row "GET /healthz" healthz >"$TMP/row.healthz"
ROW_META=$(cat "$TMP/row.meta")
ROW_HEALTH=$(cat "$TMP/row.healthz")
if awk -v r="$RATIO_meta" 'BEGIN {exit !(r >= 1.0)}'; then
  VERDICT="**met**: the JSON endpoint serves ${RATIO_meta}× nginx's requests/s."
else
  VERDICT="**not met**: the JSON endpoint serves ${RATIO_meta}× nginx's requests/s (target ≥ 1.0×)."
fi

CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
KERNEL=$(uname -r)
NGINX_V=$(nginx -v 2>&1 | sed 's/^nginx version: //')
WRK_V=$( (wrk -v 2>&1 || true) | awk 'NR == 1 {print $2}')
REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git diff --quiet HEAD 2>/dev/null || echo " + uncommitted changes")
META_BYTES=$(stat -c %s "$TMP/www/api/v1/meta" 2>/dev/null || echo "?")

HTTP_SECTION=$(cat <<EOF
## HTTP: JSON endpoint vs nginx

Run $(date -u '+%Y-%m-%d %H:%M UTC') on $NCPU CPU(s), $CPU, Linux $KERNEL; commit $REV$DIRTY;
load average after the run $LOADAVG. nginx $NGINX_V, wrk $WRK_V.

The server (one I/O thread, one worker thread, access log off) and nginx (one worker, access log off,
serving the same bytes from files: the ${META_BYTES}-byte body of \`/api/v1/meta\` and the body of
\`/healthz\`, with the same Content-Type) share CPU $SERVER_CPU; wrk runs on CPU $WRK_CPU with $CONNS
connections. Each cell is the median of $ROUNDS runs of ${DURATION} s, nginx and server alternating.
Ratio = server req/s ÷ nginx req/s. Latencies are wrk's p50/p99 under that load.

| endpoint | server req/s | nginx req/s | ratio | server p50 | server p99 | nginx p50 | nginx p99 |
|---|---:|---:|---:|---:|---:|---:|---:|
$ROW_META
$ROW_HEALTH

Target (JSON endpoint ≥ 1.0× nginx, $CONNS connections, one server thread against one nginx worker): $VERDICT

Commands (\`make bench\` runs \`bash bench/run.sh\`; raw wrk output in \`bench/out/\`):

\`\`\`
jiazheng demo-data --workers 1000 --seed 1 --database sqlite:\$TMP/b.db --key-dir \$TMP/keys
taskset -c $SERVER_CPU jiazheng serve --listen 127.0.0.1:\$PORT --database sqlite:\$TMP/b.db --key-dir \$TMP/keys \\
    --io-threads 1 --threads 1 --access-log false --log-level warn
taskset -c $SERVER_CPU nginx -c \$TMP/nginx.conf -p \$TMP   # worker_processes 1; daemon off; access_log off; sendfile on
taskset -c $WRK_CPU wrk -t1 -c$CONNS -d${DURATION}s --latency http://127.0.0.1:\$PORT/api/v1/meta   # and /healthz, on both
\`\`\`
EOF
)

# --- Demo data: 1,000,000 workers into a fresh SQLite file.
DEMO_SECTION=""
if [ "$QUICK" != "1" ]; then
  echo "bench: demo-data --workers 1000000 --seed 1 (fresh SQLite file)"
  DB2="$TMP/demo.db"
  t0=$(date +%s.%N)
  "$BIN" demo-data --workers 1000000 --seed 1 --database "sqlite:$DB2" --key-dir "$TMP/keys2" --log-level warn \
    >"$RAW/demo-data-1m.log" 2>&1
  t1=$(date +%s.%N)
  SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
  RATE=$(awk -v s="$SECS" 'BEGIN {printf "%.0f", 1000000 / s}')
  DBSIZE=$(du -sh "$DB2" | cut -f1)
  ENTERPRISES=$(grep -oE 'and [0-9]+ enterprises' "$RAW/demo-data-1m.log" | awk '{print $2}' || true)
  echo "  1,000,000 workers in $SECS s ($RATE workers/s)"
  if awk -v s="$SECS" 'BEGIN {exit !(s < 60)}'; then DV="**met** ($SECS s < 60 s)"; else DV="**not met** ($SECS s ≥ 60 s)"; fi
  DEMO_SECTION=$(cat <<EOF
## Demo data: 1,000,000 workers into SQLite

Run $(date -u '+%Y-%m-%d %H:%M UTC') on the same machine; commit $REV$DIRTY.

| workers | enterprises | wall time | workers/s | database file |
|---:|---:|---:|---:|---:|
| 1,000,000 | ${ENTERPRISES:-?} | $SECS s | $RATE | $DBSIZE |

Target (1,000,000 workers in under a minute): $DV. Wall time includes opening the key ring, migrating
the fresh database and writing the demo accounts.

\`\`\`
jiazheng demo-data --workers 1000000 --seed 1 --database sqlite:\$TMP/demo.db --key-dir \$TMP/keys2
\`\`\`
EOF
)
fi

# --- Write the document: replace our sections between their markers, keep everything else.
replace_section() {  # name content
  local begin="<!-- bench:$1:begin -->" end="<!-- bench:$1:end -->" body="$TMP/section.md"
  printf '%s\n%s\n%s\n' "$begin" "$2" "$end" >"$body"
  if grep -qF "$begin" "$DOC"; then
    awk -v b="$begin" -v e="$end" -v f="$body" '
      $0 == b { while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0; next }
      !skip { print }' "$DOC" >"$DOC.tmp"
    mv "$DOC.tmp" "$DOC"
  else
    printf '\n' >>"$DOC"
    cat "$body" >>"$DOC"
  fi
}
mkdir -p "$(dirname "$DOC")"
if [ ! -f "$DOC" ]; then
  cat >"$DOC" <<'EOF'
# Benchmarks

Measured numbers, each section written by the benchmark that produced it (`make bench` writes the
sections between its `<!-- bench:…:begin/end -->` markers and leaves the rest of this file alone).
EOF
fi
replace_section http "$HTTP_SECTION"
[ -n "$DEMO_SECTION" ] && replace_section demo-data "$DEMO_SECTION"
echo "bench: wrote $DOC (raw output in $RAW)"
echo "$ROW_META"
echo "$ROW_HEALTH"
