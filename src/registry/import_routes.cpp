#include "registry/import_routes.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <charconv>

#include "common/time.hpp"
#include "registry/api_types.hpp"
#include "registry/export.hpp"
#include "registry/import.hpp"
#include "registry/import_store.hpp"
#include "registry/model.hpp"

namespace jz::registry {
namespace {

using security::Access;
using security::Role;

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kCsvType = "text/csv; charset=utf-8";

bool truthy(const std::optional<std::string>& v) { return v && (*v == "1" || *v == "true" || *v == "yes"); }

using http::parse_id;

// attachment; filename="workers.csv"; filename*=UTF-8''%E5%AE%B6…  (RFC 6266 / 5987: ASCII fallback first)
std::string attachment(const std::string& ascii_name, const std::string& utf8_name) {
  std::string enc;
  for (unsigned char c : utf8_name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') enc += static_cast<char>(c);
    else enc += fmt::format("%{:02X}", c);
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii_name, enc);
}

http::Response file_response(std::string body, const char* type, const std::string& ascii_name,
                             const std::string& utf8_name) {
  auto r = http::text_response(std::move(body), type);
  r.set_header("Content-Disposition", attachment(ascii_name, utf8_name));
  r.set_header("Cache-Control", "no-store");
  r.gzip_ok = std::string_view(type) != kXlsxType;  // an .xlsx is a ZIP already
  return r;
}

// The worker list's filters, as the console sends them.
Result<WorkerFilter> parse_filter(const http::Request& req) {
  WorkerFilter f;
  auto get = [&](const char* k) { return req.query_param(k).value_or(""); };
  f.prefecture = get("prefecture");
  f.county = get("county");
  f.occupation = get("occupation");
  f.flag = get("flag");
  f.gender = get("gender");
  f.q = get("q");
  auto digits = [](const std::string& s, size_t n) {
    return s.empty() || (s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
  };
  if (!digits(f.prefecture, 4)) return make_error("invalid_field", "prefecture", "4-digit 市州 code");
  if (!digits(f.county, 6)) return make_error("invalid_field", "county", "6-digit county code");
  if (f.occupation.size() > 40) return make_error("invalid_field", "occupation", "occupation code");
  if (!f.flag.empty() && std::none_of(std::begin(kWorkerFlags), std::end(kWorkerFlags), [&](const char* k) { return f.flag == k; }))
    return make_error("invalid_field", "flag", "poverty_alleviated, monitored, relocated, rural_migrant, new_entrant, graduate");
  if (!f.gender.empty() && f.gender != "F" && f.gender != "M") return make_error("invalid_field", "gender", "F or M");
  if (f.q.size() > 60) return make_error("invalid_field", "q", "at most 60 characters");
  return f;
}

http::Response import_workers(http::Context& ctx, db::Database& db, const security::FieldCipher& cipher,
                              const reference::DivisionCatalog& catalog) {
  const auto& req = ctx.req();
  const security::Principal& p = *ctx.user();
  ImportOptions opts;
  auto mode = parse_import_mode(req.query_param("mode").value_or(""));
  if (!mode) return ctx.fail(make_error("invalid_field", "mode", "all_or_nothing or good_rows_only"));
  opts.mode = *mode;
  opts.dry_run = truthy(req.query_param("dry_run"));
  std::optional<int64_t> asked;
  if (auto e = req.query_param("enterprise_id"); e && !e->empty()) {
    asked = parse_id(*e);
    if (!asked) return ctx.fail(make_error("invalid_field", "enterprise_id", "positive id"));
  }
  switch (p.role) {
    case Role::enterprise:
      // An enterprise imports its own staff, whatever the request says.
      if (!p.enterprise_id || (asked && *asked != *p.enterprise_id)) return ctx.fail(make_error("out_of_scope"));
      opts.scope.enterprise_id = p.enterprise_id;
      break;
    case Role::city_officer:
      if (p.division_code.size() != 4) return ctx.fail(make_error("out_of_scope"));
      opts.scope.prefecture = p.division_code;
      opts.scope.enterprise_id = asked;
      break;
    case Role::province_admin: opts.scope.enterprise_id = asked; break;
    default: return ctx.fail(make_error("forbidden"));
  }
  if (req.body.empty()) return ctx.fail(make_error("missing_field", "file"));
  auto sheet = read_sheet(req.body, req.header("Content-Type"));
  if (!sheet) return ctx.fail(sheet.error());
  {
    auto conn = db.acquire();
    opts.asserter = flag_asserter(*conn, p);
  }
  WorkerImporter importer(db, cipher, catalog);
  auto report = importer.run(*sheet, opts, [&ctx](db::Connection& conn, const security::AuditEntry& e) { ctx.audit(conn, e); });
  if (!report) return ctx.fail(report.error());
  return http::json_response(report_json(*report, ctx.lang()));
}

http::Response import_enterprises(http::Context& ctx, db::Database& db, const reference::DivisionCatalog& catalog) {
  const auto& req = ctx.req();
  const security::Principal& p = *ctx.user();
  ImportOptions opts;
  auto mode = parse_import_mode(req.query_param("mode").value_or(""));
  if (!mode) return ctx.fail(make_error("invalid_field", "mode", "all_or_nothing or good_rows_only"));
  opts.mode = *mode;
  opts.dry_run = truthy(req.query_param("dry_run"));
  switch (p.role) {
    case Role::city_officer:
      if (p.division_code.size() != 4) return ctx.fail(make_error("out_of_scope"));
      opts.scope.prefecture = p.division_code;
      break;
    case Role::province_admin: break;
    default: return ctx.fail(make_error("forbidden"));
  }
  if (req.body.empty()) return ctx.fail(make_error("missing_field", "file"));
  auto sheet = read_sheet(req.body, req.header("Content-Type"));
  if (!sheet) return ctx.fail(sheet.error());
  auto a = ctx.actor();
  EnterpriseImporter importer(db, catalog);
  auto report = importer.run(*sheet, opts, {a.user_id, a.username, a.role},
                             [&ctx](db::Connection& conn, const security::AuditEntry& e) { ctx.audit(conn, e); });
  if (!report) return ctx.fail(report.error());
  return http::json_response(report_json(*report, ctx.lang()));
}

http::Response export_response(http::Context& ctx, db::Database& db, const security::FieldCipher& cipher,
                               const reference::DivisionCatalog& catalog, bool xlsx) {
  const security::Principal& p = *ctx.user();
  bool unmasked = truthy(ctx.req().query_param("unmasked"));
  if (unmasked && p.role != Role::province_admin) return ctx.fail(make_error("forbidden"));
  auto filter = parse_filter(ctx.req());
  if (!filter) return ctx.fail(filter.error());
  auto conn = db.acquire();
  Result<WorkerExport> exported = make_error("internal");
  {
    db::Transaction read(*conn, false);  // one snapshot across the pages
    exported = export_workers(*conn, p, *filter, cipher, catalog, unmasked);
    read.commit();
  }
  if (!exported) return ctx.fail(exported.error());
  std::string body;
  if (xlsx) {
    auto bytes = tables_xlsx({exported->table});
    if (!bytes) return ctx.fail(bytes.error());
    body = std::move(*bytes);
  } else {
    body = table_csv(exported->table);
  }
  // Audited before a byte leaves: filters by name only (q may be a name or an ID number: personal data).
  security::AuditEntry entry;
  entry.action = unmasked ? "worker.export_unmasked" : "worker.export";
  entry.object_type = "worker";
  entry.sensitive = unmasked;
  entry.summary = fmt::format("{} rows as {}, {}; prefecture={} county={} occupation={} flag={} gender={}{}",
                              exported->rows, xlsx ? "xlsx" : "csv", unmasked ? "UNMASKED" : "masked",
                              filter->prefecture, filter->county, filter->occupation, filter->flag, filter->gender,
                              filter->q.empty() ? "" : " q=(given)");
  {
    db::Transaction tx(*conn, true);
    ctx.audit(*conn, entry);
    tx.commit();
  }
  std::string day = today_utc();
  day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
  auto r = xlsx ? file_response(std::move(body), kXlsxType, "workers-" + day + ".xlsx", "家政服务员-" + day + ".xlsx")
                : file_response(std::move(body), kCsvType, "workers-" + day + ".csv", "家政服务员-" + day + ".csv");
  r.set_header("X-Export-Masking", unmasked ? "unmasked" : "masked");
  r.set_header("X-Export-Rows", std::to_string(exported->rows));
  return r;
}

}  // namespace

void register_import_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                            const reference::DivisionCatalog& catalog) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/imports/workers",
              .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise}),
              .sensitive = true,
              .summary = "Import workers from CSV (UTF-8/GBK), XLSX or JSON rows: the whole file is checked first; "
                         "mode=all_or_nothing|good_rows_only, dry_run=1 writes nothing; the report's `preview` shows "
                         "the first 5 rows as read, personal data masked",
              .response = http::schema_of<api::ImportResult>(),
              .handler = [&db, &cipher, &catalog](http::Context& ctx) { return import_workers(ctx, db, cipher, catalog); }});

  auto importers = Access::only({Role::province_admin, Role::city_officer, Role::enterprise});
  router.add({.method = http::Method::get,
              .path = "/api/v1/imports/workers/template.csv",
              .access = importers,
              .summary = "The worker import template as CSV (UTF-8 with BOM): header and two example rows",
              .produces = "text/csv; charset=utf-8",
              .handler = [](http::Context&) {
                return file_response(table_csv(worker_template()), kCsvType, "workers-template.csv",
                                     "家政服务员导入模板.csv");
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/imports/workers/template.xlsx",
              .access = importers,
              .summary = "The worker import template as XLSX: header, two example rows and a sheet of notes",
              .produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              .handler = [&db](http::Context& ctx) {
                std::vector<OccupationName> occupations;
                {
                  auto conn = db.acquire();
                  occupations = occupation_names(*conn);
                }
                auto bytes = tables_xlsx({worker_template(), worker_template_notes(occupations)});
                if (!bytes) return ctx.fail(bytes.error());
                return file_response(std::move(*bytes), kXlsxType, "workers-template.xlsx", "家政服务员导入模板.xlsx");
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/imports/enterprises",
              .access = Access::only({Role::province_admin, Role::city_officer}),
              .summary = "Import enterprises from CSV (UTF-8/GBK), XLSX or JSON rows: the whole file is checked first; "
                         "mode=all_or_nothing|good_rows_only, dry_run=1 writes nothing; a USCC failing only its check "
                         "character is registered held for review",
              .response = http::schema_of<api::ImportResult>(),
              .handler = [&db, &catalog](http::Context& ctx) { return import_enterprises(ctx, db, catalog); }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/imports/enterprises/template.xlsx",
              .access = Access::only({Role::province_admin, Role::city_officer}),
              .summary = "The enterprise import template as XLSX: header, two example rows and a sheet of notes",
              .produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              .handler = [&db](http::Context& ctx) {
                std::vector<OccupationName> occupations;
                {
                  auto conn = db.acquire();
                  occupations = occupation_names(*conn);
                }
                auto bytes = tables_xlsx({enterprise_template(), enterprise_template_notes(occupations)});
                if (!bytes) return ctx.fail(bytes.error());
                return file_response(std::move(*bytes), kXlsxType, "enterprises-template.xlsx", "家政企业导入模板.xlsx");
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/imports/enterprises/template.csv",
              .access = Access::only({Role::province_admin, Role::city_officer}),
              .summary = "The enterprise import template as CSV (UTF-8 with BOM): header and two example rows",
              .produces = "text/csv; charset=utf-8",
              .handler = [](http::Context&) {
                return file_response(table_csv(enterprise_template()), kCsvType, "enterprises-template.csv",
                                     "家政企业导入模板.csv");
              }});

  auto viewers = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise});
  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/export.csv",
              .access = viewers,
              .sensitive = true,
              .summary = "The filtered worker list as CSV, masked (province admin: unmasked=1, audited)",
              .produces = "text/csv; charset=utf-8",
              .handler = [&db, &cipher, &catalog](http::Context& ctx) {
                return export_response(ctx, db, cipher, catalog, false);
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/export.xlsx",
              .access = viewers,
              .sensitive = true,
              .summary = "The filtered worker list as XLSX, masked (province admin: unmasked=1, audited)",
              .produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              .handler = [&db, &cipher, &catalog](http::Context& ctx) {
                return export_response(ctx, db, cipher, catalog, true);
              }});
}

}  // namespace jz::registry
