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

# write_named_section DOC NAME FILE: FILE holds the section's text without markers; it goes between
# <!-- NAME:begin --> and <!-- NAME:end --> (the markers every bench script uses).
write_named_section() {
  local doc=$1 name=$2 body=$3 tmp
  tmp=$(mktemp)
  { printf '<!-- %s:begin -->\n' "$name"; cat "$body"; printf '<!-- %s:end -->\n' "$name"; } >"$tmp"
  write_doc_section "$doc" "<!-- $name:begin -->" "<!-- $name:end -->" "$tmp"
  rm -f "$tmp"
}
