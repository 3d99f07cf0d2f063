#pragma once
// Bank payment files as data: each profile in data/banks/*.toml names the column order and titles, the
// encoding (GBK or UTF-8), the total record (count and sum, first or last) and how to read the bank's result
// file. Amounts are written with two decimals; in XLSX they, 序号 and the total are numbers (so SUM works) and
// ID numbers, accounts and references are text. No I/O, no database: rows in, bytes out (docs/bank-files.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace jz::subsidy {

enum class BankEncoding { gbk, utf8, utf8_bom };

struct BankColumn {
  std::string field;  // seq | name | id_number | account | amount | reference | purpose | period | fixed
  std::string title;
  std::string value;  // for "fixed"
};

struct BankProfile {
  std::string id;
  std::string name;
  std::string bank;
  std::string confirmed;  // what of the profile a public source confirmed
  BankEncoding encoding = BankEncoding::gbk;
  std::string sheet_name = "代发明细";
  bool total_first = true;
  std::vector<std::string> total_cells;  // {count}, {sum}, {batch} are filled in
  std::vector<BankColumn> columns;
  // Result file: header texts of the reference, outcome and reason columns; outcome words.
  std::vector<std::string> result_reference, result_status, result_message, success, failure;
};

// Parses one profile; Error "invalid_field" (field "bank", detail says what) when it is not sound.
[[nodiscard]] Result<BankProfile> parse_bank_profile(std::string_view toml_text);
// The embedded profiles of data/banks/, sorted by id ("generic" first). Throws at start-up if one is broken
// (a test parses every one).
[[nodiscard]] const std::vector<BankProfile>& bank_profiles();
[[nodiscard]] const BankProfile* find_bank_profile(std::string_view id);

struct BankPaymentRow {
  std::string name;
  std::string id_number;
  std::string account;
  int64_t fen = 0;  // amount in fen (0.01 yuan)
  std::string reference;
  std::string purpose;
  std::string period;
};

// "1234.50" for 123450 fen.
[[nodiscard]] std::string format_yuan(int64_t fen);

// The file as CSV in the profile's encoding (CRLF line ends, cells through common/csv's csv_escape). Fails with
// "subsidy_bank_file_unencodable" (detail = row and column) when a cell has a character GBK cannot encode.
[[nodiscard]] Result<std::string> bank_file_csv(const BankProfile& p, const std::vector<BankPaymentRow>& rows,
                                                const std::string& batch);
// The file as XLSX: one sheet, the total record and the column titles bold, typed cells.
[[nodiscard]] Result<std::string> bank_file_xlsx(const BankProfile& p, const std::vector<BankPaymentRow>& rows,
                                                 const std::string& batch);

struct BankResultRow {
  size_t row = 0;  // spreadsheet row number (1-based)
  std::string reference;
  std::string status;  // "paid" | "failed"
  std::string message;
};

// The bank's result file (CSV in GBK or UTF-8, or XLSX) read with the profile's column names and outcome words.
// The header is found among the first rows (a total record above it is skipped); rows without a reference
// (totals, notes) are skipped. Error "subsidy_bank_file_invalid" with the row for anything else.
[[nodiscard]] Result<std::vector<BankResultRow>> read_bank_result(const BankProfile& p, std::string_view bytes,
                                                                  std::string_view content_type);

}  // namespace jz::subsidy
