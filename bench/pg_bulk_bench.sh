#!/usr/bin/env bash
# Bulk writes into PostgreSQL (issue 14): `jiazheng demo-data --no-credit` and `jiazheng import workers` load
# their rows through COPY (db::BulkLoad); demo-data also builds the secondary indexes after the load. Peers in
# the same run, on the same throwaway PostgreSQL 15:
#   * psql's `\copy` of the same rows (the workers and worker_occupations tables as demo-data left them, dumped
#     to files and loaded into a freshly migrated database with its indexes in place);
#   * optionally OLD_BIN, another build of jiazheng (e.g. main's, which inserts one row per round trip), with the
#     same command and the same number of workers.
# Writes its section between <!-- pg-bulk:begin --> and <!-- pg-bulk:end --> of docs/benchmarks.md.
#
#   bash bench/pg_bulk_bench.sh                      1,000,000 workers
#   PG_BULK_WORKERS=100000 bash bench/pg_bulk_bench.sh
# Knobs: PG_BULK_WORKERS (1000000), OLD_BIN (unset: no old-build peer), OLD_WORKERS (PG_BULK_WORKERS: the old
# build's row-by-row load of a million takes a quarter of an hour), BUILD (build), BENCH_DOC (docs/benchmarks.md).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. bench/doc_section.sh
BUILD=${BUILD:-build}
BIN=$BUILD/jiazheng
DOC=${BENCH_DOC:-docs/benchmarks.md}
WORKERS=${PG_BULK_WORKERS:-1000000}
OLD_WORKERS=${OLD_WORKERS:-$WORKERS}
PGBIN=${JZ_PG_BINDIR:-/usr/lib/postgresql/15/bin}
[ -x "$BIN" ] || { echo "pg-bulk: no $BIN (cmake --build $BUILD --target jiazheng)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/jz-pg-bulk.XXXXXX)
chmod 755 "$TMP"
export JZ_PG_DIR="$TMP/pg" JZ_PG_DB=bulk JZ_PG_PORT=${JZ_PG_PORT:-$((56000 + RANDOM % 4000))}
cleanup() {
  bash scripts/start-test-postgres.sh stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
URL=$(bash scripts/start-test-postgres.sh)
PORT=$(echo "$URL" | sed -E 's/.*:([0-9]+)\/.*/\1/')
PSQL=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1)
seconds() { python3 -c 'import time; print(f"{time.time():.3f}")'; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# 1. demo-data through COPY.
T0=$(seconds)
"$BIN" demo-data --no-credit --workers "$WORKERS" --seed 1 --database "$URL" --key-dir "$TMP/keys" --log-level warn \
  >"$TMP/demo.log" 2>&1
T1=$(seconds)
DEMO_S=$(elapsed "$T0" "$T1")
# The worker phase alone (its progress line: "workers N/N (100%, S s, R/s)"): the rest of demo-data is the other
# modules' demo (training history, services …), written row by row through their stores.
phase() { grep -a '(100%, ' "$1" | grep -a 'workers' | tail -1 | sed -E 's/.*\(100%, ([0-9.]+) s.*/\1/'; }
WORKER_S=$(phase "$TMP/demo.log")
OCC=$("${PSQL[@]}" -d bulk -tAc "SELECT COUNT(*) FROM worker_occupations")
echo "pg-bulk: demo-data $WORKERS workers ($OCC occupations) in $DEMO_S s"

# 2. The peer: psql \copy of the same rows into a freshly migrated database (indexes in place).
"${PSQL[@]}" -d bulk -c "\\copy enterprises TO '$TMP/enterprises.tsv'" -c "\\copy workers TO '$TMP/workers.tsv'" \
  -c "\\copy worker_occupations TO '$TMP/occupations.tsv'"
chmod 644 "$TMP"/*.tsv
"${PSQL[@]}" -d postgres -c "CREATE DATABASE peer"
PEER_URL=${URL%/*}/peer
"$BIN" migrate --database "$PEER_URL" --log-level warn >"$TMP/migrate.log" 2>&1
"${PSQL[@]}" -d peer -c "\\copy enterprises FROM '$TMP/enterprises.tsv'" >/dev/null  # the workers' parents, untimed
T0=$(seconds)
"${PSQL[@]}" -d peer -c "BEGIN" -c "\\copy workers FROM '$TMP/workers.tsv'" \
  -c "\\copy worker_occupations FROM '$TMP/occupations.tsv'" -c "COMMIT"
T1=$(seconds)
PEER_S=$(elapsed "$T0" "$T1")
echo "pg-bulk: psql \\copy of the same rows in $PEER_S s"

# 3. Optionally the old build, row by row.
OLD_ROW=""
if [ -n "${OLD_BIN:-}" ]; then
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE old"
  T0=$(seconds)
  "$OLD_BIN" demo-data --no-credit --workers "$OLD_WORKERS" --seed 1 --database "${URL%/*}/old" --key-dir "$TMP/keys" \
    --log-level warn >"$TMP/old.log" 2>&1
  T1=$(seconds)
  OLD_S=$(elapsed "$T0" "$T1")
  OLD_WS=$(phase "$TMP/old.log")
  OLD_RATE=$(python3 -c "print(f'{$OLD_WORKERS / $OLD_WS:,.0f}')")
  OLD_ROW="| \`$OLD_BIN demo-data --no-credit --workers $OLD_WORKERS\` (one INSERT per row): all / worker phase | $OLD_S s / $OLD_WS s | $OLD_RATE |"
  echo "pg-bulk: old build, $OLD_WORKERS workers in $OLD_S s"
fi

RATE=$(python3 -c "print(f'{$WORKERS / $WORKER_S:,.0f}')")
PEER_RATE=$(python3 -c "print(f'{$WORKERS / $PEER_S:,.0f}')")
RATIO=$(python3 -c "print(f'{$WORKER_S / $PEER_S:.2f}')")
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
SECTION=$(cat <<EOF
## Bulk writes into PostgreSQL

Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) CPU(s); commit $REV; load average after the run $LOADAVG (above 2: other
processes shared the two cores, and every figure here is slower by an unknown share). PostgreSQL 15
(scripts/start-test-postgres.sh: fsync off), $WORKERS workers, $OCC occupation rows.

| load | time | workers/s |
|---|---:|---:|
| \`jiazheng demo-data --no-credit --workers $WORKERS\` (COPY, indexes built after): all / worker phase (generating, encrypting, COPY of workers and occupations, indexes) | $DEMO_S s / $WORKER_S s | $RATE |
| \`psql \\copy\` of the same worker and occupation rows into a migrated database | $PEER_S s | $PEER_RATE |
$OLD_ROW

Worker phase ÷ \`\\copy\`: ${RATIO}×. Target: ≥ 50,000 workers/s at 1,000,000. The rest of demo-data's time is the other
modules' demo data (training history above all), still written row by row through their stores.

\`\`\`
PG_BULK_WORKERS=$WORKERS bash bench/pg_bulk_bench.sh     # make bench runs it (BENCH_PG_BULK=0 skips it)
\`\`\`
EOF
)
BEGIN="<!-- pg-bulk:begin -->"; END="<!-- pg-bulk:end -->"
printf '%s\n%s\n%s\n' "$BEGIN" "$SECTION" "$END" >"$TMP/section.md"
write_doc_section "$DOC" "$BEGIN" "$END" "$TMP/section.md"
echo "pg-bulk: wrote $DOC"
