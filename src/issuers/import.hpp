#pragma once
// Spreadsheet import for issuers, with the same readers (CSV UTF-8/GBK, XLSX, JSON rows), header detection, modes
// (all_or_nothing / good_rows_only, dry_run) and row report as the worker import (registry/import.hpp):
//   health checks      one row per check: 身份证号, 姓名, 体检类别, 体检结论, 体检日期, 有效期至 (optional), 报告编号
//   insurance policies one row per insured person: 保单号, 产品名称, 险种, 每人保额, 保费, 缴费方, 缴费单位
//                      (optional), 起保日期, 终保日期, 身份证号, 姓名 — rows with the same 保单号 make one policy
// Every row goes through exactly the checks of the API (issuers::Service) inside one transaction; a dry run, or an
// all-or-nothing import with a bad row, writes nothing.
#include "issuers/service.hpp"
#include "registry/import.hpp"
#include "registry/spreadsheet.hpp"

namespace jz::issuers {

struct ImportRequest {
  registry::ImportMode mode = registry::ImportMode::all_or_nothing;
  bool dry_run = false;
};

Result<registry::ImportReport> import_health_checks(db::Database& db, Service& service, const security::Principal& p,
                                                     const registry::Sheet& sheet, const ImportRequest& req,
                                                     const security::AuditActor& actor);
Result<registry::ImportReport> import_policies(db::Database& db, Service& service, const security::Principal& p,
                                               const registry::Sheet& sheet, const ImportRequest& req,
                                               const security::AuditActor& actor);

}  // namespace jz::issuers
