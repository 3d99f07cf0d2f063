#!/usr/bin/env bash
# Household services: contract PDFs rendered per second on one core, and a household's and an enterprise's
# order list over 1,000,000 orders (first page of 20 with the total, through services::Store::orders_by, the
# query GET /api/v1/services/orders runs). Runs the disabled unit tests ServicesBench.* (src/services/
# bench_test.cpp) pinned to one CPU, on a fresh SQLite file, and writes the services:begin/end section of
# docs/benchmarks.md. Targets: ≥ 50 PDFs/s on one core; ≤ 20 ms p99 for both lists.
#
#   bash bench/services_bench.sh
#   SERVICES_ORDERS=100000 bash bench/services_bench.sh     smaller (the figure is then not the target's)
# Knobs: SERVICES_PDFS (1000), SERVICES_ORDERS (1000000), SERVICES_RUNS (1000), BUILD (build), BENCH_DOC.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. bench/lib.sh
PDFS=${SERVICES_PDFS:-1000}
ORDERS=${SERVICES_ORDERS:-1000000}
RUNS=${SERVICES_RUNS:-1000}
TESTS=$BUILD/unit_tests
[ -x "$TESTS" ] || { echo "services-bench: $TESTS not built (cmake --build $BUILD --target unit_tests)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "services-bench: taskset is required (util-linux)" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/jz-services-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=bench/out/$STAMP-services
mkdir -p "$RAW"
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)

JZ_BENCH_PDFS=$PDFS taskset -c 0 "$TESTS" --gtest_also_run_disabled_tests --gtest_filter='ServicesBench.DISABLED_ContractPdfs' \
  >"$RAW/pdf.txt" 2>&1 || { tail -20 "$RAW/pdf.txt" >&2; exit 1; }
JZ_BENCH_DATABASE="sqlite:$TMP/bench.db" JZ_BENCH_ORDERS=$ORDERS JZ_BENCH_RUNS=$RUNS taskset -c 0 "$TESTS" \
  --gtest_also_run_disabled_tests --gtest_filter='ServicesBench.DISABLED_ListOrders' >"$RAW/orders.txt" 2>&1 \
  || { tail -20 "$RAW/orders.txt" >&2; exit 1; }
LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)

val() { awk -v k="$2" '$1 == "BENCH" && $2 == k { print $3 }' "$RAW/$1.txt" | tail -1; }
fmt() { awk -v s="$1" 'BEGIN { if (s == "") print "–"; else printf "%.1f", s }'; }
PPS=$(val pdf pdfs_per_second); HP99=$(val orders household_p99_ms); EP99=$(val orders enterprise_p99_ms)
MET=$(awk -v p="$PPS" -v h="$HP99" -v e="$EP99" 'BEGIN { print (p >= 50 && h <= 20 && e <= 20) ? "**met**" : "**not met**" }')
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)

SECTION=$(cat <<EOS
## Household services: contract PDFs and order lists

Measured $(date -u +%Y-%m-%d) on one core (taskset) of $CPU, shared with other engineers' builds (load average
before $LOAD_BEFORE, after $LOAD_AFTER). Targets (≥ 50 PDFs/s on one core; ≤ 20 ms p99 per list over
1,000,000 orders): $MET.

| measure | value |
|---|---:|
| contract PDFs rendered (Cairo + Pango, Noto CJK, A4, QR code) | $PDFS in $(fmt "$(val pdf pdf_seconds)") s |
| PDFs per second, one core | $(fmt "$PPS") |
| mean PDF size (bytes) | $(val pdf pdf_mean_bytes) |
| orders in the database (SQLite) | $ORDERS |
| household's first page + total, p50 / p99 (ms) | $(fmt "$(val orders household_p50_ms)") / $(fmt "$HP99") |
| enterprise's first page + total, p50 / p99 (ms) | $(fmt "$(val orders enterprise_p50_ms)") / $(fmt "$EP99") |

$RUNS random households (of 100,000) and enterprises (of 500), each query the page of 20 newest orders with
its total, on the indexes (consumer_user_id, id) and (enterprise_id, id). Raw output in \`$RAW/\`.

\`\`\`
bash bench/services_bench.sh      # make bench runs it too (BENCH_SERVICES=0 skips it)
\`\`\`
EOS
)
printf '%s\n' "$SECTION" >"$TMP/section.md"
write_named_section "$DOC" services "$TMP/section.md"
echo "services-bench: wrote $DOC (raw output in $RAW)"
