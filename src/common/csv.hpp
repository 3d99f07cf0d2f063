#pragma once
// A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF, a leading UTF-8 BOM skipped.
// Used for the committed data files and, later, for spreadsheet imports.
#include <string>
#include <string_view>
#include <vector>

namespace jz {

using CsvRow = std::vector<std::string>;

// All rows of `text`, blank lines dropped.
std::vector<CsvRow> parse_csv(std::string_view text);

// True for a cell a spreadsheet would run as a formula: one starting with = + - @ TAB or CR (OWASP's list),
// unless it is a plain number such as "-12" or "+5.5".
bool csv_needs_neutralising(std::string_view field);
// One field for CSV output: neutralised with a leading ' when a spreadsheet would take it as a formula
// (a worker named =HYPERLINK("http://x","a") stays text), and quoted when it needs to be. Every CSV this
// platform writes (worker list, payment file, templates) goes through here.
std::string csv_escape(std::string_view field);

}  // namespace jz
