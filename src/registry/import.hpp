#pragma once
// Spreadsheet import of workers: the whole file is validated first (every row through validate_worker, plus
// duplicates inside the file and against the database, plus the importer's data scope), then the good rows
// are written in one transaction — all of them or none, as the user chose — never half an import.
//
// What a county office's file carries is repaired where that is safe (full-width digits and spaces, a
// lower-case x, 15-digit ID numbers, Chinese occupation and household-flag names, county names instead of
// codes, title rows above the header) and reported where it is not (ID numbers Excel turned into
// 6.20102E+17: the last digits are gone). The report never holds a full ID number: values are masked.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "common/result.hpp"
#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "registry/flag_provenance.hpp"
#include "registry/spreadsheet.hpp"
#include "security/audit.hpp"
#include "security/field_crypto.hpp"

namespace jz::registry {

enum class ImportMode { all_or_nothing, good_rows_only };
[[nodiscard]] std::optional<ImportMode> parse_import_mode(std::string_view s);
[[nodiscard]] std::string_view import_mode_name(ImportMode m);

// Something the import changed in a cell so that it could be read: `what` is short English
// ("id_number: 15→18", "occupations: 养老护理员 → elderly_care" is NOT one — names are an accepted format).
struct ImportRepair {
  int64_t row = 0;      // spreadsheet row number (1-based, as Excel shows it)
  std::string column;   // the header text as in the file
  std::string field;    // the worker field ("id_number")
  std::string what;
};

// Why a row cannot be imported. `code` is an error-catalogue code; `value_masked` the offending cell with
// personal data masked (ID numbers, phones, names).
struct ImportProblem {
  int64_t row = 0;
  std::string column;        // header text, or the field name when the file has no such column
  std::string column_letter; // "B"; empty when the file has no such column
  std::string field;
  std::string code;
  std::string detail;
  std::string value_masked;
};

// A row below the header that is not a record, skipped with a note: reason "footer" (合计/制表人 …),
// "note" (备注/说明 lines, text only in columns the header does not name) or "example" (the template's examples).
struct ImportSkip {
  int64_t row = 0;
  std::string reason;
  std::string text;  // the row's first non-empty cell, cut to 60 characters
};

struct ImportReport {
  SheetFormat format = SheetFormat::csv;
  TextEncoding encoding = TextEncoding::utf8;
  ImportMode mode = ImportMode::all_or_nothing;
  bool dry_run = false;
  int64_t header_row = 0;                // 1-based
  std::vector<int64_t> skipped_rows;     // 1-based rows above the header (titles, notes)
  std::vector<std::string> ignored_columns;
  int64_t total_rows = 0;   // data rows below the header, blank rows not counted
  int64_t good_rows = 0;
  int64_t bad_rows = 0;
  int64_t imported = 0;     // rows written (0 for a dry run or a refused all-or-nothing import)
  bool written = false;
  std::vector<int64_t> imported_ids;  // ids of the new workers, in row order (not in the JSON)
  std::vector<ImportSkip> skipped;      // rows below the header that are not records
  std::vector<ImportRepair> repairs;
  std::vector<ImportProblem> problems;  // by row, then column
  // Rows accepted (and written, when the import writes) but flagged: an enterprise whose USCC fails only
  // its check character is registered held for review (code "uscc_held_for_review").
  std::vector<ImportProblem> held_for_review;
  // The first data rows as the platform read them (known columns only, personal data masked), so the importer
  // sees that the file was understood before anything is written: the browser never parses the file itself.
  std::vector<std::string> preview_header;                               // as written in the file
  std::vector<std::pair<int64_t, std::vector<std::string>>> preview_rows;  // 1-based row, cells
};

// The report as the API returns it; messages in `lang`.
[[nodiscard]] boost::json::object report_json(const ImportReport& r, Lang lang);

// The columns a worker file may have, with their Chinese and English header names; the template's header
// is the first alias of each.
[[nodiscard]] std::span<const ColumnSpec> worker_columns();

// The columns an enterprise file may have (统一社会信用代码, 企业名称, 所在县区, 经营模式, 龙头企业, 服务工种, 地址).
[[nodiscard]] std::span<const ColumnSpec> enterprise_columns();

// Who imports, and so what the rows may be.
struct ImportScope {
  std::optional<int64_t> enterprise_id;  // every row becomes this enterprise's staff (forced for enterprises)
  std::string prefecture;                // a city officer's 市州: rows elsewhere are out_of_scope
};

struct ImportOptions {
  ImportMode mode = ImportMode::all_or_nothing;
  bool dry_run = false;
  ImportScope scope;
  // Who imports, for the provenance of the 脱贫/监测 flags (registry/flag_provenance.hpp): an official importing
  // the monitoring list asserts them independently, an enterprise's file only claims them. Unset: no record.
  std::optional<FlagAsserter> asserter;
  int threads = 2;  // validation and encryption run on this many threads
  size_t bulk_rows = 20000;  // from this many good rows, SQLite loads in bulk (WorkerBatchWriter::begin_bulk)
  // Called now and then with a phase ("validating", "checking", "writing") and rows done of total.
  std::function<void(std::string_view phase, int64_t done, int64_t total)> progress;
};

class WorkerImporter final {
 public:
  // Writes one audit entry on `conn`, inside the transaction of the import (or of its refusal).
  using AuditFn = std::function<void(db::Connection& conn, const security::AuditEntry& entry)>;

  WorkerImporter(db::Database& db, const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog)
      : db_(db), cipher_(cipher), catalog_(catalog) {}

  // Fails only for a file that cannot be read as a worker list (no header, a required column missing,
  // an unknown enterprise); bad rows are not failures but the report's problems.
  [[nodiscard]] Result<ImportReport> run(const Sheet& sheet, const ImportOptions& opts, const AuditFn& audit) const;

 private:
  db::Database& db_;
  const security::FieldCipher& cipher_;
  const reference::DivisionCatalog& catalog_;
};

// Spreadsheet import of enterprises: the same report, modes and scope rules as WorkerImporter (enterprise_id
// in the scope is ignored). A row is what POST /enterprises accepts; a USCC whose only fault is its check
// character is accepted, registered held for review, and listed in the report's held_for_review. The same
// USCC twice in the file or already registered is `duplicate_enterprise`. Listing events name `actor`.
class EnterpriseImporter final {
 public:
  using AuditFn = WorkerImporter::AuditFn;
  struct Actor {
    std::optional<int64_t> user_id;
    std::string username, role;
  };

  EnterpriseImporter(db::Database& db, const reference::DivisionCatalog& catalog) : db_(db), catalog_(catalog) {}

  [[nodiscard]] Result<ImportReport> run(const Sheet& sheet, const ImportOptions& opts, const Actor& actor,
                                         const AuditFn& audit) const;

 private:
  db::Database& db_;
  const reference::DivisionCatalog& catalog_;
};

}  // namespace jz::registry
