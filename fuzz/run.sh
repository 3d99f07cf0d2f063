#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang (fuzz/CMakeLists.txt) and runs each for FUZZ_SECONDS
# (default 60) on one core, starting from the seed corpus in fuzz/corpus/<target>. New inputs go to
# build-fuzz/corpus/<target> (not the repository); a crash leaves build-fuzz/artifacts/<target>/crash-* and
# fails the run. FUZZ_TARGETS limits the run to some targets. FUZZ_RUNS=10000000 runs each target for that many
# inputs instead (FUZZ_SECONDS then caps the time, default 3600). Prints executions per target.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${FUZZ_RUNS:-}" ]; then
  SECONDS_EACH="${FUZZ_SECONDS:-3600}"
  LIMIT=(-runs="$FUZZ_RUNS" -max_total_time="$SECONDS_EACH")
else
  SECONDS_EACH="${FUZZ_SECONDS:-60}"
  LIMIT=(-max_total_time="$SECONDS_EACH")
fi
BUILD="${FUZZ_BUILD:-build-fuzz}"
TARGETS="${FUZZ_TARGETS:-fuzz_json fuzz_csv fuzz_xlsx fuzz_rule fuzz_token fuzz_validators}"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S fuzz -B "$BUILD" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD" -j "${JOBS:-2}" --target $TARGETS
status=0
for t in $TARGETS; do
  mkdir -p "$BUILD/corpus/$t" "$BUILD/artifacts/$t"
  log="$BUILD/$t.log"
  if ASAN_OPTIONS=detect_leaks=1 "$BUILD/$t" "${LIMIT[@]}" -rss_limit_mb=2048 -max_len=65536 \
      -timeout=10 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t/" \
      "$BUILD/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "$SECONDS_EACH")
  echo "$t: $result, ${runs:-0} executions in ${took:-$SECONDS_EACH} s (log $log)"
  [ "$result" = ok ] || tail -40 "$log"
done
exit $status
