#!/usr/bin/env bash
# The crypto suites side by side (issue 17): bench/crypto_bench.cpp (Google Benchmark) on one core, each operation
# in the 国密 suite as a ratio to the standard suite measured in the same run. Writes its section of
# docs/benchmarks.md. Knobs: BUILD (default build), BENCH_DOC, BENCH_REPETITIONS (default 3; medians reported).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. bench/lib.sh
REPS=${BENCH_REPETITIONS:-3}
cmake --build "$BUILD" --target crypto_bench -j2 >/dev/null
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
taskset -c 0 "$BUILD/crypto_bench" --benchmark_repetitions="$REPS" --benchmark_report_aggregates_only=true \
  --benchmark_format=csv >"$TMP/raw.csv" 2>/dev/null
# name,iterations,real_time,cpu_time,time_unit,... ; keep the medians: "encrypt/standard_median" → ns per operation
median() { awk -F, -v n="\"$1_median\"" '$1 == n {print $4}' "$TMP/raw.csv"; }
row() {  # label, standard name, sm name
  local a b
  a=$(median "$2"); b=$(median "$3")
  awk -v l="$1" -v a="$a" -v b="$b" 'BEGIN {
    printf "| %s | %.2f µs (%.0f/s) | %.2f µs (%.0f/s) | %.2f× |\n", l, a / 1000, 1e9 / a, b / 1000, 1e9 / b, a / b }'
}
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
{
  echo "## Crypto suites: standard and 国密 (bench/crypto_bench.sh)"
  echo
  echo "One core (taskset -c 0), Google Benchmark, median of $REPS repetitions, $(date -u +%Y-%m-%d), $CPU."
  echo "The ratio is the SM operation's speed relative to the standard one (1.00× = as fast; below 1, slower)."
  echo
  echo "| operation (one ID number, 18 characters) | standard | 国密 (sm) | sm speed vs standard |"
  echo "|---|---|---|---|"
  row "field encryption (XChaCha20-Poly1305 / SM4-CTR + HMAC-SM3)" "encrypt/standard" "encrypt/sm"
  row "field decryption" "decrypt/standard" "decrypt/sm"
  row "blind index (BLAKE2b / HMAC-SM3)" "blind_index/standard" "blind_index/sm"
  row "certificate token signing (Ed25519 / SM2-SM3)" "sign_ed25519" "sign_sm2"
  row "certificate token check" "check_ed25519" "check_sm2"
} >"$TMP/section.md"
write_named_section "$DOC" crypto "$TMP/section.md"
echo "crypto-bench: wrote $DOC"
