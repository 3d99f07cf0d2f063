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

// One field quoted for CSV output when it needs to be.
std::string csv_escape(std::string_view field);

}  // namespace jz
