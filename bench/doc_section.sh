# Sourced by the benchmark scripts: write_doc_section DOC BEGIN END FILE replaces the lines between the marker
# lines BEGIN and END of DOC (markers included) with those of FILE, or appends FILE when DOC has no such
# section; the rest of DOC is left alone. FILE holds the section with its markers.
write_doc_section() {
  local doc=$1 begin=$2 end=$3 file=$4
  mkdir -p "$(dirname "$doc")"
  [ -f "$doc" ] || printf '# Benchmarks\n' >"$doc"
  if grep -qF "$begin" "$doc"; then
    awk -v b="$begin" -v e="$end" -v f="$file" '
      $0 == b { while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0; next }
      !skip { print }' "$doc" >"$doc.tmp"
    mv "$doc.tmp" "$doc"
  else
    { printf '\n'; cat "$file"; } >>"$doc"
  fi
}
