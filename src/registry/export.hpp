#pragma once
// Spreadsheet output: the worker list as CSV or XLSX (libxlsxwriter), and the import template. An export is
// the worker list of the console (worker_store::list_workers: the same filters, the caller's data scope)
// with ID number and phone masked — or, for a province admin who asks for it, decrypted; the route audits
// every export and marks an unmasked one as a sensitive read.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "registry/import_store.hpp"
#include "registry/model.hpp"
#include "security/field_crypto.hpp"
#include "security/roles.hpp"

namespace jz::registry {

// One sheet of text cells. `text_columns` are written as text in XLSX even when they look like numbers
// (ID numbers, phones, codes), so that Excel never turns them into 6.20102E+17.
struct Table {
  std::string sheet_name;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> text_columns;
  std::vector<double> widths;  // per column, in Excel character units; empty → default
};

// UTF-8 with a BOM (so Excel on Windows opens it in the right encoding), CRLF line ends.
[[nodiscard]] std::string table_csv(const Table& t);
// An .xlsx workbook with one worksheet per table, the first one active; header bold and frozen.
[[nodiscard]] Result<std::string> tables_xlsx(const std::vector<Table>& sheets);

// The import template: the header the importer knows best, two example rows, and (XLSX only) a sheet of
// notes in Chinese on how to fill it in.
[[nodiscard]] Table worker_template();
[[nodiscard]] Table worker_template_notes(const std::vector<OccupationName>& occupations);
// The enterprise import template (header and two example rows whose codes fail their check character) and
// its notes sheet.
[[nodiscard]] Table enterprise_template();
[[nodiscard]] Table enterprise_template_notes(const std::vector<OccupationName>& occupations);

inline constexpr size_t kMaxExportRows = 200000;

struct WorkerExport {
  Table table;
  int64_t rows = 0;
  bool unmasked = false;
};

// The workers matching `f` within `p`'s scope. `unmasked` decrypts ID numbers and phones (the route admits it
// for province admins only). Fails with "export_too_large" beyond `max_rows` rows.
[[nodiscard]] Result<WorkerExport> export_workers(db::Connection& conn, const security::Principal& p, WorkerFilter f,
                                                  const security::FieldCipher& cipher,
                                                  const reference::DivisionCatalog& catalog, bool unmasked,
                                                  size_t max_rows = kMaxExportRows);

}  // namespace jz::registry
