#!/usr/bin/env bash
# make bench: HTTP throughput of the server next to nginx serving the same bytes, plus demo-data speed.
#
#   bash bench/run.sh                 full run (5 to 10 minutes, depending on how busy the machine is)
#   BENCH_QUICK=1 bash bench/run.sh   skip the 1,000,000-worker demo-data section
#   BENCH_VERIFY=0 BENCH_IMPORT=0 BENCH_TRAINING=0 BENCH_SUBSIDY=0 BENCH_MATCHING=0 BENCH_SERVICES=0 BENCH_SUPERVISION=0 BENCH_CRYPTO=0
#   BENCH_PG_BULK=0   skip a module's benchmark (MATCHING_WORKERS, IMPORT_ROWS, PG_BULK_WORKERS … shrink one)
#
# Knobs (environment):
#   BENCH_DURATION     seconds per wrk run (default 10)
#   BENCH_ROUNDS       undisturbed rounds wanted per comparison (default 3); medians are reported
#   BENCH_MAX_ROUNDS   rounds at most (default BENCH_ROUNDS + 3): disturbed rounds are repeated
#   BENCH_MAX_FOREIGN  % of the two CPUs other processes may take during a run that counts (default 10)
#   BENCH_CONNECTIONS  wrk connections (default 64)
#   BUILD              build directory (default build); BENCH_DOC: the document (default docs/benchmarks.md)
#   JZ_BIN             a jiazheng binary to measure instead of building $BUILD/jiazheng
#
# All load goes to 127.0.0.1. The server and nginx share CPU 0 and wrk runs on CPU 1. The machine may be
# shared: every run records how much CPU other processes took meanwhile, and disturbed runs do not count.
# nginx runs twice, serving the same files: "nginx" is the faster configuration for small files (sendfile
# off: one pread and one writev per response) and is the reference for the target; "nginx-deb" keeps
# Debian's stock sendfile on + tcp_nopush on (writev, sendfile and two setsockopt calls per response).
# The script rewrites only its own sections of the document (between marker comments).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. bench/lib.sh
DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-3}
MAX_ROUNDS=${BENCH_MAX_ROUNDS:-$((ROUNDS + 3))}
MAX_FOREIGN=${BENCH_MAX_FOREIGN:-10}
CONNS=${BENCH_CONNECTIONS:-64}
QUICK=${BENCH_QUICK:-0}
OUT=bench/out
BIN=${JZ_BIN:-$BUILD/jiazheng}

for tool in wrk nginx curl taskset; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required (apt-get install wrk nginx-light curl util-linux)" >&2; exit 1; }
done
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then SERVER_CPU=0; WRK_CPU=1; NCPUS_USED=2; else SERVER_CPU=0; WRK_CPU=0; NCPUS_USED=1; fi
HZ=$(getconf CLK_TCK)

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
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW="$OUT/$STAMP"
mkdir -p "$RAW"

# --- Build if needed (cmake is incremental: a no-op when up to date).
if [ -z "${JZ_BIN:-}" ]; then
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$RAW/build.log" 2>&1
  fi
  if ! cmake --build "$BUILD" --target jiazheng -j "$NCPU" >>"$RAW/build.log" 2>&1; then
    tail -30 "$RAW/build.log" >&2; echo "bench: build failed (log in $RAW/build.log)" >&2; exit 1
  fi
fi

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

# --- CPU accounting, to tell a measurement from a run disturbed by other users of the machine.
busy_ticks() {  # ticks spent by processes on the CPUs in use (user, nice, system, steal; not the interrupt
  # columns, which are mostly our own loopback traffic and are charged to no process). $1: all -> every CPU
  awk -v a="cpu$SERVER_CPU" -v b="cpu$WRK_CPU" -v all="${1:-}" '
    (all == "all" && $1 ~ /^cpu[0-9]+$/) || (all != "all" && ($1 == a || $1 == b)) {
      if (!seen[$1]++) t += $2 + $3 + $4 + $9 } END {print t}' /proc/stat
}
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
child_ticks() {  # ticks of this shell's finished children, from the output of `times` saved in file $1
  awk -v hz="$HZ" 'NR == 2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.0f", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }' "$1"
}
foreign_pct() {  # busy-ticks own-ticks seconds cpus -> % of those CPUs' time that other processes took
  awk -v b="$1" -v o="$2" -v t="$3" -v n="$4" -v hz="$HZ" \
    'BEGIN {f = (b - o) / (t * hz * n) * 100; if (f < 0) f = 0; printf "%.0f", f}'
}

# --- The server, pinned to one core with one I/O thread.
echo "bench: demo data (1000 workers) into $TMP/b.db"
"$BIN" demo-data --workers 1000 --seed 1 --database "sqlite:$TMP/b.db" --key-dir "$TMP/keys" --log-level warn \
  >"$RAW/demo-data-small.log" 2>&1
SPORT=$(free_port)
taskset -c "$SERVER_CPU" "$BIN" serve --listen "127.0.0.1:$SPORT" --database "sqlite:$TMP/b.db" --key-dir "$TMP/keys" \
  --io-threads 1 --threads 1 --access-log false --log-level warn >"$RAW/server.log" 2>&1 &
PIDS+=($!)
SERVER_PID=$!
SURL="http://127.0.0.1:$SPORT"
wait_http "$SURL/healthz" "$SERVER_PID" "$RAW/server.log"

# --- nginx serving the same bytes from files, one worker on the same core.
mkdir -p "$TMP/www/api/v1"
curl -fsS "$SURL/api/v1/meta" -o "$TMP/www/api/v1/meta"
curl -fsS "$SURL/healthz" -o "$TMP/www/healthz"
chmod -R a+rX "$TMP/www"

start_nginx() {  # name sendfile tcp_nopush -> sets PORT_<name> and WPID_<name>
  local port conf="$TMP/$1.conf" path
  port=$(free_port)
  cat >"$conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/$1.pid;
error_log $TMP/$1-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile $2;
  tcp_nopush $3;
  tcp_nodelay on;
  keepalive_requests 10000000;
  keepalive_timeout 65;
  open_file_cache max=16 inactive=60s;
  server_tokens off;
  types { }
  server {
    listen 127.0.0.1:$port;
    root $TMP/www;
    location = /api/v1/meta { default_type "application/json; charset=utf-8"; }
    location = /healthz { default_type "text/plain; charset=utf-8"; }
  }
}
EOF
  taskset -c "$SERVER_CPU" nginx -c "$conf" -p "$TMP" -e "$TMP/$1-error.log" >"$RAW/$1.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$port/healthz" "${PIDS[-1]}" "$RAW/$1.log"
  cp "$conf" "$RAW/$1.conf"
  printf -v "PORT_$1" '%s' "$port"
  printf -v "WPID_$1" '%s' "$(pgrep -P "${PIDS[-1]}" | head -1)"  # the worker: the process under load
  for path in /api/v1/meta /healthz; do
    if ! cmp -s <(curl -fsS "$SURL$path") <(curl -fsS "http://127.0.0.1:$port$path"); then
      echo "bench: server and $1 bodies differ for $path" >&2; exit 1
    fi
  done
}
start_nginx nginx off off
start_nginx nginxdeb on on
NURL="http://127.0.0.1:$PORT_nginx"
DURL="http://127.0.0.1:$PORT_nginxdeb"

# --- Load. Each wrk output is kept under bench/out/<stamp>/.
WRK=(taskset -c "$WRK_CPU" wrk -t1 "-c$CONNS" "-d${DURATION}s" --latency)

to_ms() {  # wrk latency such as 812.00us, 1.20ms, 1.01s -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# One wrk run against the process $3; appends "req/s p50 p99 foreign%" to $TMP/<name>.runs, where foreign%
# is the share of the two CPUs that other processes took during the run.
run_wrk() {  # name url pid round
  local file="$RAW/$1.round$4.txt" b0 b1 p0 p1 t0 t1 rps p50 p99 foreign
  times >"$TMP/times0"  # in this shell, not in $(...): a subshell's children are not ours
  b0=$(busy_ticks); p0=$(proc_ticks "$3"); t0=$(date +%s.%N)
  "${WRK[@]}" "$2" >"$file" 2>&1
  times >"$TMP/times1"
  b1=$(busy_ticks); p1=$(proc_ticks "$3"); t1=$(date +%s.%N)
  # Errors fail the benchmark, except wrk's timeouts alone: a machine starved by other work delays replies
  # past wrk's 2 s limit, and such a run is disturbed, not a failure.
  local timeouts=""
  if grep -qE 'Socket errors: connect 0, read 0, write 0, timeout [0-9]+' "$file" && ! grep -q 'Non-2xx' "$file"; then
    timeouts=1
  elif grep -qE 'Non-2xx|Socket errors' "$file"; then
    echo "bench: errors during $1 (see $file):" >&2; grep -E 'Non-2xx|Socket errors' "$file" >&2; exit 1
  fi
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
  foreign=$(foreign_pct $((b1 - b0)) \
    $((p1 - p0 + $(child_ticks "$TMP/times1") - $(child_ticks "$TMP/times0"))) \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" "$NCPUS_USED")
  if [ -n "$timeouts" ]; then
    echo "  $1 round $4: wrk timeouts (see $file): counted as disturbed"
    [ "$foreign" -gt "$MAX_FOREIGN" ] || foreign=$((MAX_FOREIGN + 1))
  fi
  echo "$rps $p50 $p99 $foreign" >>"$TMP/$1.runs"
  echo "others took ${foreign}% of CPUs $SERVER_CPU,$WRK_CPU during this run" >>"$file"
  printf '  %-16s round %s: %10.0f req/s  p50 %7.3f ms  p99 %7.3f ms  others took %3s%% of the CPUs%s\n' \
    "$1" "$4" "$rps" "$p50" "$p99" "$foreign" "$([ "$foreign" -gt "$MAX_FOREIGN" ] && echo ' (disturbed)')"
}

# Statistics over the undisturbed runs (all runs if there is none: the document then says so).
clean_runs() {  # name -> the undisturbed runs, or all of them
  if awk -v m="$MAX_FOREIGN" '$4 <= m {ok = 1} END {exit !ok}' "$TMP/$1.runs"; then
    awk -v m="$MAX_FOREIGN" '$4 <= m' "$TMP/$1.runs"
  else
    cat "$TMP/$1.runs"
  fi
}
median_of() { sort -g | awk '{a[NR] = $1} END {
  if (NR % 2) printf "%.3f", a[(NR + 1) / 2]; else printf "%.3f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
median() { clean_runs "$1" | awk -v c="$2" '{print $c}' | median_of; }  # name column
pairs() {  # a b -> "ratio" of a's req/s over b's for each round in which neither run was disturbed
  paste -d' ' "$TMP/$1.runs" "$TMP/$2.runs" |
    awk -v m="$MAX_FOREIGN" '$4 <= m && $8 <= m {printf "%.2f\n", $1 / $5}'
}
all_pairs() { paste -d' ' "$TMP/$1.runs" "$TMP/$2.runs" | awk '{printf "%.2f\n", $1 / $5}'; }
clean_pairs() { pairs "$1" "$2" | wc -l; }

echo "bench: warm-up"
for url in "$NURL/api/v1/meta" "$DURL/api/v1/meta" "$SURL/api/v1/meta" "$NURL/healthz" "$DURL/healthz" "$SURL/healthz"; do
  taskset -c "$WRK_CPU" wrk -t1 "-c$CONNS" -d2s "$url" >/dev/null 2>&1
done
# Rounds go on until both comparisons with nginx have ROUNDS undisturbed pairs, or MAX_ROUNDS.
echo "bench: wrk -t1 -c$CONNS -d${DURATION}s; $ROUNDS undisturbed round(s) wanted, $MAX_ROUNDS at most"
TOTAL=0
while [ "$TOTAL" -lt "$MAX_ROUNDS" ]; do
  if [ "$TOTAL" -gt 0 ] && [ "$(clean_pairs server-meta nginx-meta)" -ge "$ROUNDS" ] &&
     [ "$(clean_pairs server-healthz nginx-healthz)" -ge "$ROUNDS" ]; then break; fi
  TOTAL=$((TOTAL + 1))
  for path in meta healthz; do
    url=/api/v1/meta; [ "$path" = meta ] || url=/healthz
    # nginx, server, nginx-deb in odd rounds and the reverse in even ones: each comparison is adjacent in
    # time and neither side always goes first.
    if [ $((TOTAL % 2)) = 1 ]; then order=(nginx server nginxdeb); else order=(nginxdeb server nginx); fi
    for who in "${order[@]}"; do
      case $who in
        nginx) run_wrk "nginx-$path" "$NURL$url" "$WPID_nginx" "$TOTAL" ;;
        server) run_wrk "server-$path" "$SURL$url" "$SERVER_PID" "$TOTAL" ;;
        nginxdeb) run_wrk "nginxdeb-$path" "$DURL$url" "$WPID_nginxdeb" "$TOTAL" ;;
      esac
    done
  done
done
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
PIDS=()

ratio() {  # a b -> median ratio over undisturbed pairs ("n/a" style fallback: over all pairs, marked)
  local r
  r=$(pairs "$1" "$2")
  if [ -n "$r" ]; then echo "$r" | median_of | awk '{printf "%.2f", $1}'
  else all_pairs "$1" "$2" | median_of | awk '{printf "%.2f*", $1}'; fi
}
row() {  # label name-suffix -> markdown row
  local s n d
  s=$(median "server-$2" 1); n=$(median "nginx-$2" 1); d=$(median "nginxdeb-$2" 1)
  printf '| `%s` | %.0f | %.0f | **%s×** | %.0f | %s× | %.2f / %.2f ms | %.2f / %.2f ms | %d of %d |\n' \
    "$1" "$s" "$n" "$(ratio "server-$2" "nginx-$2")" "$d" "$(ratio "server-$2" "nginxdeb-$2")" \
    "$(median "server-$2" 2)" "$(median "server-$2" 3)" "$(median "nginx-$2" 2)" "$(median "nginx-$2" 3)" \
    "$(clean_pairs "server-$2" "nginx-$2")" "$TOTAL"
}
ROW_META=$(row "GET /api/v1/meta" meta)
ROW_HEALTH=$(row "GET /healthz" healthz)
RATIO_META=$(ratio server-meta nginx-meta)
ROUNDS_META=$(pairs server-meta nginx-meta | tr '\n' ' ')
ROUNDS_HEALTH=$(pairs server-healthz nginx-healthz | tr '\n' ' ')
ALL_META=$(all_pairs server-meta nginx-meta | tr '\n' ' ')
if [ "$(clean_pairs server-meta nginx-meta)" -eq 0 ]; then
  VERDICT="**not measured**: other processes disturbed every round (all-rounds ratio ${RATIO_META%\*}×, unreliable)."
elif awk -v r="$RATIO_META" 'BEGIN {exit !(r >= 1.0)}'; then
  VERDICT="**met**: the JSON endpoint serves ${RATIO_META}× nginx's requests/s."
else
  VERDICT="**not met**: the JSON endpoint serves ${RATIO_META}× nginx's requests/s (target ≥ 1.0×)."
fi

CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
KERNEL=$(uname -r)
NGINX_V=$(nginx -v 2>&1 | sed 's/^nginx version: //')
WRK_V=$( (wrk -v 2>&1 || true) | awk 'NR == 1 {print $2}')
REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git diff --quiet HEAD 2>/dev/null || echo " + uncommitted changes")
META_BYTES=$(wc -c <"$TMP/www/api/v1/meta")

HTTP_SECTION=$(cat <<EOF
## HTTP: JSON endpoint vs nginx

Run $(date -u '+%Y-%m-%d %H:%M UTC') on $NCPU CPU(s), $CPU, Linux $KERNEL; commit $REV$DIRTY;
load average after the run $LOADAVG. nginx $NGINX_V, wrk $WRK_V.

The server (one I/O thread, one worker thread, access log off) and nginx (one worker, access log off)
serve the same bytes — the ${META_BYTES}-byte body of \`/api/v1/meta\` and the body of \`/healthz\`, with
the same Content-Type; nginx from files. Both are pinned to CPU $SERVER_CPU; wrk runs on CPU $WRK_CPU with
$CONNS connections. A round runs wrk for ${DURATION} s against nginx, the server and nginx-deb, in turn (in
the reverse order every other round), first on \`/api/v1/meta\`, then on \`/healthz\`.

nginx runs in two configurations. **nginx** (\`sendfile off\`) is the faster one for files this small —
one \`pread\` and one \`writev\` per response — and is the reference for the ratio and the target.
**nginx-deb** keeps Debian's stock \`sendfile on; tcp_nopush on\`, which costs a \`writev\`, a \`sendfile\`
and two \`setsockopt\` calls per response; it is shown for context. Both keep connections alive for the
whole run (\`keepalive_requests 10000000\`) and cache the open file (\`open_file_cache\`).

This machine is shared and virtualised. During each run the script measures the CPU time that other
processes took on the two CPUs; a run in which they took more than ${MAX_FOREIGN} % is *disturbed* and does
not count, and rounds are repeated (up to ${MAX_ROUNDS}) until each comparison has ${ROUNDS} undisturbed pairs.
The req/s and latency columns are medians over undisturbed runs. A ratio is the median, over rounds in
which neither run was disturbed, of the server's req/s divided by nginx's in the same round (the runs
are adjacent in time). Latencies are wrk's p50 / p99 under that load. A ratio marked * had no
undisturbed pair and uses all rounds.

| endpoint | server req/s | nginx req/s | ratio | nginx-deb req/s | ratio vs nginx-deb | server p50 / p99 | nginx p50 / p99 | rounds counted |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
$ROW_META
$ROW_HEALTH

Undisturbed per-round ratios to nginx: \`/api/v1/meta\` ${ROUNDS_META:-none}; \`/healthz\` ${ROUNDS_HEALTH:-none}
(all rounds, \`/api/v1/meta\`: ${ALL_META}).

Target (JSON endpoint ≥ 1.0× nginx, $CONNS connections, one server thread against one nginx worker): $VERDICT

Commands (\`make bench\` runs \`bash bench/run.sh\`; raw wrk output, with the share other processes took,
and the nginx configurations in \`bench/out/\`):

\`\`\`
jiazheng demo-data --workers 1000 --seed 1 --database sqlite:\$TMP/b.db --key-dir \$TMP/keys
taskset -c $SERVER_CPU jiazheng serve --listen 127.0.0.1:\$PORT --database sqlite:\$TMP/b.db --key-dir \$TMP/keys \\
    --io-threads 1 --threads 1 --access-log false --log-level warn
curl http://127.0.0.1:\$PORT/api/v1/meta -o \$TMP/www/api/v1/meta; curl http://127.0.0.1:\$PORT/healthz -o \$TMP/www/healthz
taskset -c $SERVER_CPU nginx -c \$TMP/nginx.conf -p \$TMP      # worker_processes 1; daemon off; access_log off; sendfile off
taskset -c $SERVER_CPU nginx -c \$TMP/nginxdeb.conf -p \$TMP   # the same with sendfile on; tcp_nopush on
taskset -c $WRK_CPU wrk -t1 -c$CONNS -d${DURATION}s --latency http://127.0.0.1:\$PORT/api/v1/meta   # and /healthz, on all three
\`\`\`
EOF
)

# --- Demo data: 1,000,000 workers into a fresh SQLite file.
DEMO_SECTION=""
if [ "$QUICK" != "1" ]; then
  echo "bench: demo-data --workers 1000000 --seed 1 (fresh SQLite file)"
  DB2="$TMP/demo.db"
  times >"$TMP/times0"
  b0=$(busy_ticks all); t0=$(date +%s.%N)
  "$BIN" demo-data --no-credit --workers 1000000 --seed 1 --database "sqlite:$DB2" --key-dir "$TMP/keys2" --log-level warn \
    >"$RAW/demo-data-1m.log" 2>&1
  times >"$TMP/times1"
  b1=$(busy_ticks all); t1=$(date +%s.%N)
  SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
  FOREIGN=$(foreign_pct $((b1 - b0)) $(($(child_ticks "$TMP/times1") - $(child_ticks "$TMP/times0"))) \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" "$NCPU")
  RATE=$(awk -v s="$SECS" 'BEGIN {printf "%.0f", 1000000 / s}')
  DBSIZE=$(du -sh "$DB2" | cut -f1)
  ENTERPRISES=$(grep -oE 'and [0-9]+ enterprises' "$RAW/demo-data-1m.log" | awk '{print $2}' || true)
  echo "  1,000,000 workers in $SECS s ($RATE workers/s); other processes took $FOREIGN% of the CPUs meanwhile"
  if awk -v s="$SECS" 'BEGIN {exit !(s < 60)}'; then DV="**met** ($SECS s < 60 s)"; else DV="**not met** ($SECS s ≥ 60 s)"; fi
  DEMO_SECTION=$(cat <<EOF
## Demo data: 1,000,000 workers into SQLite

Run $(date -u '+%Y-%m-%d %H:%M UTC') on the same machine; commit $REV$DIRTY. Other processes took
$FOREIGN % of the machine's CPU time during the run.

| workers | enterprises | wall time | workers/s | database file |
|---:|---:|---:|---:|---:|
| 1,000,000 | ${ENTERPRISES:-?} | $SECS s | $RATE | $DBSIZE |

Target (1,000,000 workers in under a minute): $DV. Wall time includes opening the key ring, migrating
the fresh database and writing the demo accounts.

\`\`\`
jiazheng demo-data --no-credit --workers 1000000 --seed 1 --database sqlite:\$TMP/demo.db --key-dir \$TMP/keys2
\`\`\`
EOF
)
fi

# --- Write the document: replace our sections between their markers, keep everything else.
replace_section() {  # name content
  printf '%s\n' "$2" >"$TMP/section.md"
  write_named_section "$DOC" "bench:$1" "$TMP/section.md"
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
if [ -n "$DEMO_SECTION" ]; then replace_section demo-data "$DEMO_SECTION"; fi
echo "bench: wrote $DOC (raw output in $RAW)"
echo "$ROW_META"
echo "$ROW_HEALTH"
if [ "${BENCH_VERIFY:-1}" != 0 ]; then BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/verify_bench.sh"; fi  # 家政信用查 (bench/verify_bench.sh)
if [ "${BENCH_IMPORT:-1}" != 0 ]; then BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/import_bench.sh"; fi  # spreadsheet import (bench/import_bench.sh)
if [ "${BENCH_TRAINING:-1}" != 0 ]; then BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/training_bench.sh"; fi  # 培训目标 (bench/training_bench.sh)
if [ "${BENCH_SUPERVISION:-1}" != 0 ]; then BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/supervision_bench.sh"; fi  # 监管看板 (bench/supervision_bench.sh)
if [ "${BENCH_SUBSIDY:-1}" != 0 ]; then BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/subsidy_bench.sh"; fi  # 免申预付 eligibility (bench/subsidy_bench.sh)
if [ "${BENCH_SERVICES:-1}" != 0 ]; then BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/services_bench.sh"; fi  # contract PDFs and order lists (bench/services_bench.sh)
if [ "${BENCH_CRYPTO:-1}" != 0 ]; then BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/crypto_bench.sh"; fi  # standard vs 国密 suite (bench/crypto_bench.sh)
if [ "${BENCH_MATCHING:-1}" != 0 ]; then BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/matching_bench.sh"; fi  # matching engine (bench/matching_bench.sh)
if [ "${BENCH_PG_BULK:-1}" != 0 ]; then  # COPY into PostgreSQL (bench/pg_bulk_bench.sh); BENCH_QUICK: 100,000 workers
  PG_BULK_WORKERS=${PG_BULK_WORKERS:-$([ "$QUICK" = 1 ] && echo 100000 || echo 1000000)} BENCH_DOC="$DOC" BUILD="$BUILD" \
    bash "$ROOT/bench/pg_bulk_bench.sh"
fi
# @module-bench: each module adds its benchmark script above this line (one line, like the one above:
# BENCH_DOC="$DOC" BUILD="$BUILD" bash "$ROOT/bench/<module>_bench.sh", writing its own marked section).
