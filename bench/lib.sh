# Shared by the bench/*.sh scripts (source it): replace one script's section of the benchmarks document.
#
#   bench_write_section NAME FILE DOC   puts FILE's text between <!-- NAME:begin --> and <!-- NAME:end --> in DOC
#                                       (appended with the markers when DOC has no such section yet)
bench_write_section() {
  local name=$1 file=$2 doc=$3
  local begin="<!-- $name:begin -->" end="<!-- $name:end -->"
  local section
  section=$(mktemp)
  printf '%s\n%s\n%s\n' "$begin" "$(cat "$file")" "$end" >"$section"
  mkdir -p "$(dirname "$doc")"
  [ -f "$doc" ] || printf '# Benchmarks\n' >"$doc"
  if grep -qF "$begin" "$doc"; then
    awk -v b="$begin" -v e="$end" -v f="$section" '
      $0 == b { while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0; next }
      !skip { print }' "$doc" >"$doc.tmp"
    mv "$doc.tmp" "$doc"
  else
    { printf '\n'; cat "$section"; } >>"$doc"
  fi
  rm -f "$section"
}
