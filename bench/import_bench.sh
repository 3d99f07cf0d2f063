#!/usr/bin/env bash
# Import benchmark: N worker rows (default 1,000,000) as a county office would send them (UTF-8 CSV with
# Chinese header, county codes, occupation and household-flag names in Chinese), imported with
# `jiazheng import workers` into a fresh SQLite database — full validation, duplicate checks, encryption of
# ID number and phone, blind indexes — next to sqlite3's own `.import` of the same file into a plain table,
# in the same run on the same disk.
#
#   bash bench/import_bench.sh                 1,000,000 rows
#   IMPORT_ROWS=100000 bash bench/import_bench.sh
#
# Knobs: IMPORT_ROWS, BUILD (default build), JZ_BIN (default $BUILD/jiazheng), BENCH_DOC (default
# docs/benchmarks.md; the script rewrites only the section between <!-- import:begin --> and
# <!-- import:end -->), IMPORT_KEEP=1 keeps the temporary folder.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. bench/doc_section.sh
BUILD=${BUILD:-build}
BIN=${JZ_BIN:-$BUILD/jiazheng}
DOC=${BENCH_DOC:-docs/benchmarks.md}
ROWS=${IMPORT_ROWS:-1000000}

for tool in sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "import_bench: $tool is required" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "import_bench: no $BIN (cmake --build $BUILD --target jiazheng)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/jz-import-bench.XXXXXX)
cleanup() { [ "${IMPORT_KEEP:-0}" = 1 ] && echo "kept $TMP" || rm -rf "$TMP"; }
trap cleanup EXIT
CSV=$TMP/workers.csv

# --- The file: deterministic, every row valid and a different person.
python3 - "$ROWS" "$CSV" "$ROOT/data/divisions/gansu.csv" <<'PY'
import csv, datetime, random, sys
rows, out, divisions = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(42)
counties = [r["code"] for r in csv.DictReader(open(divisions, encoding="utf-8")) if r["level"] == "3"]
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def check(s17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(s17, W)) % 11]
surnames = "王张李刘陈杨赵马何周魏郭宋孙牛朱徐胡高罗包苏田冯蒲雷安曹韩邓"
given = "芳娟霞花梅兰英秀丽燕琴红玲萍艳凤莲桂珍慧静敏春彩金玉翠巧"
occupations = ["家政服务员:初级", "养老护理员:中级", "母婴护理员（月嫂）:高级", "育婴员", "病患陪护:初级", "厨嫂", "收纳整理师:中级"]
flags = ["", "", "", "脱贫人口", "监测帮扶对象", "脱贫人口;易地搬迁", "农村进城务工人员"]
scopes = ["本县", "省内", "跨省"]
base = datetime.date(1966, 1, 1)
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("\ufeff姓名,身份证号,手机号,现居住地,工种,家庭情况,住家,每周工时,期望工资,就业意向,意向城市\r\n")
    C = len(counties)
    for i in range(rows):
        county = counties[i % C]
        k = i // C
        birth = base + datetime.timedelta(days=(k // 450) * 373 + (k % 7))
        seq = (k % 450) * 2 + (0 if rng.random() < 0.86 else 1)
        s17 = f"{county}{birth:%Y%m%d}{seq:03d}"
        ident = s17 + check(s17)
        name = rng.choice(surnames) + rng.choice(given) + (rng.choice(given) if rng.random() < 0.7 else "")
        phone = f"1{rng.choice('35789')}{rng.randrange(10)}{rng.randrange(100000000):08d}"
        occ = rng.choice(occupations) + (";" + rng.choice(occupations[:2]) if rng.random() < 0.3 else "")
        if occ.count("家政服务员") > 1 or occ.count("养老护理员") > 1:
            occ = occ.split(";")[0]
        scope = rng.choice(scopes)
        cities = "天津;厦门" if scope == "跨省" else ""
        f.write(f"{name},{ident},{phone},{county},{occ},{rng.choice(flags)},{'是' if rng.random() < 0.3 else '否'},"
                f"{rng.choice([40, 40, 48, 24])},{rng.randrange(25, 80) * 100},{scope},{cities}\r\n")
PY
SIZE_MB=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1])/1e6:.0f}')" "$CSV")
echo "import_bench: $ROWS rows, $SIZE_MB MB in $CSV"

now() { date +%s.%N; }

# --- jiazheng: fresh database (schema and reference data first, not timed), then the import.
DB=$TMP/jz.db
"$BIN" migrate --database "sqlite:$DB" --log-level warn >/dev/null
t0=$(now)
"$BIN" import workers "$CSV" --database "sqlite:$DB" --key-dir "$TMP/keys" --log-level warn 2>"$TMP/import.err" | tee "$TMP/import.out"
t1=$(now)
JZ_S=$(python3 -c "print(f'{$t1-$t0:.2f}')")
IMPORTED=$(sqlite3 "$DB" "SELECT COUNT(*) FROM workers")
# The progress lines: each phase's end with the seconds since the start of the command.
PHASES=$(tr '\r' '\n' <"$TMP/import.err" | grep -E '^ +(read|validating|checking|writing|indexing) ' | sed 's/\[[#.]*\] *//' || true)
[ "$IMPORTED" = "$ROWS" ] || { echo "import_bench: imported $IMPORTED of $ROWS rows" >&2; cat "$TMP/import.err" >&2; exit 1; }

# --- sqlite3's own CSV import of the same file into a plain table (all TEXT, no index, no checks).
t0=$(now)
sqlite3 "$TMP/plain.db" ".mode csv" ".import $CSV t"
t1=$(now)
SQ_S=$(python3 -c "print(f'{$t1-$t0:.2f}')")
PLAIN=$(sqlite3 "$TMP/plain.db" "SELECT COUNT(*) FROM t")

RATE=$(python3 -c "print(f'{$ROWS/$JZ_S:,.0f}')")
SQ_RATE=$(python3 -c "print(f'{$PLAIN/$SQ_S:,.0f}')")
RATIO=$(python3 -c "print(f'{$JZ_S/$SQ_S:.2f}')")
VERDICT=$(python3 -c "r=$ROWS/$JZ_S; q=$JZ_S/$SQ_S; print(('meets' if r>=50000 and q<=3 else 'misses') + f' the target (≥ 50,000 rows/s and ≤ 3× sqlite3: {r:,.0f} rows/s, {q:.2f}×)')")
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "jiazheng import: $JZ_S s ($RATE rows/s); sqlite3 .import: $SQ_S s ($SQ_RATE rows/s); ratio $RATIO"

SECTION=$(cat <<EOF
## Spreadsheet import (\`jiazheng import workers\`)

$(date -u +%Y-%m-%d), $(nproc) cores ($CPU), SQLite, one run of \`bash bench/import_bench.sh\` with
IMPORT_ROWS=$ROWS: a ${SIZE_MB} MB UTF-8 CSV of $ROWS valid workers (Chinese header, county codes, occupation and
household-flag names in Chinese) imported into a fresh database with full validation, duplicate checks inside
the file and against the database, XChaCha20-Poly1305 encryption and blind indexes of ID number and phone,
occupations rows, in one transaction; next to sqlite3's \`.import\` of the same file into a plain table.

| | time | rows/s |
|---|---:|---:|
| \`jiazheng import workers\` | $JZ_S s | $RATE |
| \`sqlite3 .import\` (plain table, no checks) | $SQ_S s | $SQ_RATE |
| ratio | $RATIO × | |

Phases of the import (seconds since the command started; validation and encryption run on 2 threads, the
SQLite writer on one):

\`\`\`
$PHASES
total (process) $JZ_S s
\`\`\`

Result: $VERDICT.

Where the time goes (perf on this machine, 2026-11-29): about a third in SQLite (one row-at-a-time insert of
29 columns plus an occupations row, two unique indexes kept in order by inserting in blind-index order, six
secondary indexes dropped and rebuilt once — the "indexing" phase), about a third in allocation and copying,
a few percent in libsodium. \`sqlite3 .import\` writes the 111 MB of text into one table without an index; the
import writes several times those bytes (ciphertexts, blind indexes, masks, occupations) into ten B-trees, and
only one thread can write to SQLite. Next steps: stream validated rows into the writer while the rest of the
file is still being validated (the single transaction keeps all-or-nothing), fewer allocations per row
(cells as views into the file, prepared values reused), and the WAL checkpoint after the command returns.
EOF
)

printf '%s\n' "$SECTION" >"$TMP/section.md"
write_named_section "$DOC" import "$TMP/section.md"
echo "import_bench: wrote $DOC"
