# Sourced by the benchmark scripts after `cd "$ROOT"`: the doc-section writer (bench/doc_section.sh), the
# defaults every script shares (BUILD, DOC) and the helpers of the scripts that time disabled unit tests on
# both backends (bench_workdir, bench_database, bench_gtest) and format their figures (commas, bench_val, ms,
# ratio).
. bench/doc_section.sh
BUILD=${BUILD:-build}
DOC=${BENCH_DOC:-docs/benchmarks.md}

# bench_workdir NAME: STAMP, RAW=bench/out/<stamp>-NAME (created), TMP (a scratch folder) and PG_DIR (where
# bench_database starts a throwaway PostgreSQL); at exit the PostgreSQL is stopped and TMP removed.
bench_workdir() {
  STAMP=$(date -u +%Y%m%dT%H%M%SZ)
  RAW=bench/out/$STAMP-$1
  mkdir -p "$RAW"
  TMP=$(mktemp -d)
  PG_DIR=$TMP/pg
  trap bench_cleanup EXIT
}
bench_cleanup() {
  if [ -d "$PG_DIR" ]; then JZ_PG_DIR=$PG_DIR bash scripts/start-test-postgres.sh stop >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}

# bench_database BACKEND DBNAME: prints the URL of a fresh database — a SQLite file in TMP, or database DBNAME
# of a throwaway PostgreSQL 15 in PG_DIR (started on first use).
bench_database() {
  if [ "$1" = sqlite ]; then
    echo "sqlite:$TMP/bench.db"
  else
    mkdir -p "$PG_DIR"
    chmod 0777 "$TMP" "$PG_DIR"
    JZ_PG_DIR=$PG_DIR JZ_PG_DB=$2 bash scripts/start-test-postgres.sh start
  fi
}

# bench_gtest NAME BACKEND FILTER: runs the disabled unit test FILTER of $TESTS (its JZ_BENCH_* settings come
# from the environment), appends its output to $RAW/BACKEND.txt and stops the script unless it passed.
bench_gtest() {
  "$TESTS" --gtest_also_run_disabled_tests --gtest_filter="$3" 2>&1 | tee -a "$RAW/$2.txt" >&2
  grep -q '^\[  PASSED  \] 1 test' "$RAW/$2.txt" || { echo "$1: $2 failed (see $RAW/$2.txt)" >&2; exit 1; }
}

commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
# bench_val BACKEND KEY: the value of a "BENCH KEY value" line of $RAW/BACKEND.txt.
bench_val() { awk -v k="$2" '$1 == "BENCH" && $2 == k {print $3}' "$RAW/$1.txt"; }
ms() { awk -v s="$1" 'BEGIN { if (s == "") print "–"; else printf "%.1f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.0f×", a / b }'; }
