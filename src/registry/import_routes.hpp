#pragma once
// HTTP routes of spreadsheet import and export:
//   POST /api/v1/imports/workers?mode=all_or_nothing|good_rows_only&dry_run=1[&enterprise_id=N]
//        body: CSV bytes (text/csv; UTF-8 or GBK), XLSX bytes, or JSON rows {"rows":[[…],…]} from SheetJS.
//        enterprise → its own staff (enterprise_id forced); city officer → rows in her 市州 only (others are
//        reported as out_of_scope rows); province admin → anything. The server's body limit (body_limit_kb,
//        1024 KB by default, ~5,000 rows) bounds an upload; bigger files go through `jiazheng import workers`.
//   GET  /api/v1/imports/workers/template.csv | template.xlsx
//   POST /api/v1/imports/enterprises?mode=…&dry_run=1  — province admin (any), city officer (rows in her 市州;
//        others are out_of_scope rows). Same formats and report; USCC failing only its check character →
//        registered held for review (report.held_for_review). GET /api/v1/imports/enterprises/template.csv
//   GET  /api/v1/workers/export.csv | export.xlsx  — the worker list's filters within the caller's scope;
//        ID number and phone masked, except province admin with unmasked=1 (a sensitive read). Every export
//        is audited; the X-Export-Masking response header says masked or unmasked.
#include "db/database.hpp"
#include "http/router.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"

namespace jz::registry {

void register_import_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                            const reference::DivisionCatalog& catalog);

}  // namespace jz::registry
