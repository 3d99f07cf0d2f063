#pragma once
// Spreadsheets as county offices really send them, turned into rows of UTF-8 cells. No I/O, no database:
// bytes in, rows out, plus the detection the import report needs.
//   - CSV saved by Excel in UTF-8 (with or without BOM) or in GBK/GB18030 (decoded with glibc's iconv; GB18030
//     is a superset of GBK and GB2312, so one decoder serves all three);
//   - XLSX read on the server (minizip + expat): the first worksheet, shared and inline strings, numbers as
//     Excel stored them (a 15-digit ID typed as a number survives exactly; an 18-digit one does not);
//   - JSON rows `{"rows":[["姓名","身份证号",…],[…]]}` as the browser's SheetJS produces them.
// Row numbers are kept exactly as the spreadsheet shows them (a blank line is a row too), because the
// report tells the user "row 17, column 身份证号".
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace jz::registry {

enum class SheetFormat { csv, xlsx, json_rows };
enum class TextEncoding { utf8, utf8_bom, gb18030 };

std::string_view format_name(SheetFormat f);      // "csv", "xlsx", "json_rows"
std::string_view encoding_name(TextEncoding e);   // "utf-8", "utf-8-bom", "gb18030"

struct Sheet {
  SheetFormat format = SheetFormat::csv;
  TextEncoding encoding = TextEncoding::utf8;  // of the CSV bytes; XLSX and JSON are always UTF-8
  // rows[i] is spreadsheet row i + 1. Blank rows stay (empty), so numbers match what Excel shows.
  std::vector<std::vector<std::string>> rows;
};

// ---- Text encodings.
[[nodiscard]] bool is_valid_utf8(std::string_view bytes);
// The GB18030 (⊇ GBK ⊇ GB2312) bytes as UTF-8, or Error "unreadable_file"/"encoding" when they are not
// GB18030 either.
[[nodiscard]] Result<std::string> gb18030_to_utf8(std::string_view bytes);
// UTF-8 → GB18030, for tests and for exports to old Excel versions.
[[nodiscard]] Result<std::string> utf8_to_gb18030(std::string_view utf8);
// UTF-8 → GBK (CP936), for bank files; Error "unreadable_file" when a character has no GBK code.
[[nodiscard]] Result<std::string> utf8_to_gbk(std::string_view utf8);

struct DecodedText {
  std::string utf8;  // without the BOM
  TextEncoding encoding = TextEncoding::utf8;
};
// UTF-8 when the bytes are valid UTF-8 (a BOM is dropped and noted), else GB18030.
[[nodiscard]] Result<DecodedText> decode_text(std::string_view bytes);

// ---- Readers. All fail with Error "unreadable_file" (detail says why) on bytes they cannot read.
// CSV records of UTF-8 text (RFC 4180: quotes, doubled quotes, newlines inside quotes, CRLF/LF/CR).
// Unlike common/csv.hpp's parse_csv, blank lines are kept as empty rows: row numbers must match Excel's.
[[nodiscard]] std::vector<std::vector<std::string>> parse_csv_records(std::string_view utf8);
[[nodiscard]] Result<Sheet> read_csv(std::string_view bytes);
// Bounds on what an .xlsx may make the reader inflate and hold, checked from the ZIP directory before any
// part is inflated and again while inflating and parsing (a directory can lie). A file over a bound fails
// with "sheet_too_large" (413: total inflated bytes, cells, shared-string bytes) or "sheet_suspicious"
// (422: an inflation ratio no spreadsheet has, i.e. a ZIP bomb), detail naming the bound.
struct XlsxLimits {
  uint64_t max_inflated_bytes = 256ull << 20;      // all parts read, together
  uint64_t max_ratio = 200;                        // inflated / compressed, for parts over ratio_floor_bytes
  uint64_t ratio_floor_bytes = 4ull << 20;         // small parts may compress as well as they like
  uint64_t max_cells = 2'000'000;                  // non-empty cells in the worksheet
  uint64_t max_shared_string_bytes = 64ull << 20;  // the shared-string table, text only
  uint64_t max_cell_text_bytes = 128ull << 20;     // the text of all cells together, as returned
  // The server's bounds: a 4 MB upload holds ~20,000 rows, a small fraction of these.
  static XlsxLimits web() { return {}; }
  // The command line reads files of a million rows (a worksheet of ~150 MB).
  static XlsxLimits command_line() { return {4ull << 30, 200, 4ull << 20, 60'000'000, 1ull << 30, 4ull << 30}; }
};
// The first worksheet of an .xlsx file.
[[nodiscard]] Result<Sheet> read_xlsx(std::string_view bytes, const XlsxLimits& limits = XlsxLimits::web());
// `{"rows":[[cell,…],…]}`; cells may be strings, numbers, booleans or null (SheetJS with raw values).
[[nodiscard]] Result<Sheet> read_json_rows(std::string_view json);
// True for a ZIP archive (every .xlsx is one).
[[nodiscard]] bool looks_like_xlsx(std::string_view bytes);
// Picks the reader from the content type ("application/json" → JSON rows, the XLSX MIME type or ZIP magic
// → XLSX, anything else → CSV).
[[nodiscard]] Result<Sheet> read_sheet(std::string_view bytes, std::string_view content_type,
                                      const XlsxLimits& limits = XlsxLimits::web());

// ---- Header detection.
// One known column: its field name (e.g. "id_number") and the header texts that mean it.
struct ColumnSpec {
  std::string_view field;
  std::vector<std::string_view> aliases;  // compared after normalize_header
  bool required = false;
};

struct HeaderMap {
  size_t header_row = 0;              // index into Sheet::rows
  std::vector<size_t> skipped_rows;   // non-blank rows above the header (titles, merged captions, notes)
  std::vector<int> field_of_column;   // per column of the header row: index into the specs, or -1
  std::vector<std::string> header_text;  // per column, as written in the file (trimmed)
  std::vector<std::string> unknown_columns;  // non-empty header cells that match no spec (ignored)
};

// Header texts compare after this: full-width folded, ASCII lower-cased, spaces, '*', '_' and '-' dropped,
// and a bracketed note removed ("期望工资（元/月）" → "期望工资", "身份证号码*" → "身份证号码").
[[nodiscard]] std::string normalize_header(std::string_view text);

// The header is the first row (among the first `max_scan`) in which at least two cells name a known column,
// and either at least half of the non-empty cells do or every required column is among them. Fails with "import_no_header" when there is none, and with
// "import_missing_column" (field = the first missing one) when a required column is absent.
[[nodiscard]] Result<HeaderMap> find_header(const Sheet& sheet, std::span<const ColumnSpec> specs,
                                            size_t max_scan = 20);

// ---- Cell checks.
// True for the text Excel shows (and writes to CSV) for a long number it holds as a double:
// "6.20102E+17", "6.20102199003071E+17", "6.2E17", "6,20102E+17" (a decimal comma).
[[nodiscard]] bool is_scientific_notation(std::string_view cell);
// "A", "B", … "Z", "AA" for column index 0, 1, … 25, 26.
[[nodiscard]] std::string column_letter(size_t index);

}  // namespace jz::registry
