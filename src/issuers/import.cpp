#include "issuers/import.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "common/text.hpp"
#include "security/masking.hpp"

namespace jz::issuers {
namespace {

using registry::ColumnSpec;
using registry::ImportProblem;
using registry::ImportReport;
using registry::Sheet;

const std::vector<ColumnSpec>& health_columns() {
  static const std::vector<ColumnSpec> k = {
      {"id_number", {"身份证号", "身份证号码", "公民身份号码", "idnumber"}, true},
      {"name", {"姓名", "受检人", "name"}, true},
      {"level", {"体检类别", "体检类型", "level"}, true},
      {"result", {"体检结论", "结论", "result"}, true},
      {"checked_on", {"体检日期", "checkedon"}, true},
      {"valid_until", {"有效期至", "有效期", "validuntil"}, false},
      {"report_no", {"报告编号", "体检编号", "reportno"}, true},
  };
  return k;
}

const std::vector<ColumnSpec>& policy_columns() {
  static const std::vector<ColumnSpec> k = {
      {"policy_no", {"保单号", "保险单号", "policyno"}, true},
      {"product", {"产品名称", "险种名称", "product"}, true},
      {"type", {"险种", "保险类型", "type"}, true},
      {"limit_per_person", {"每人保额", "保额", "limitperperson"}, true},
      {"premium", {"保费", "premium"}, true},
      {"paid_by", {"缴费方", "paidby"}, true},
      {"payer_name", {"缴费单位", "payername"}, false},
      {"starts_on", {"起保日期", "startson"}, true},
      {"ends_on", {"终保日期", "endson"}, true},
      {"id_number", {"身份证号", "身份证号码", "被保险人身份证号", "idnumber"}, true},
      {"name", {"姓名", "被保险人", "name"}, true},
  };
  return k;
}

// Chinese names in the cells, as offices write them, to the codes the API takes.
std::string code_of(std::string_view field, std::string v) {
  static const std::map<std::string, std::string, std::less<>> k = {
      {"一般家政", "general"},   {"居家家政", "home"},        {"养老照护", "elderly_care"},
      {"母婴照护", "maternity"}, {"合格", "pass"},            {"不合格", "fail"},
      {"复查", "recheck"},       {"需复查", "recheck"},       {"意外险", "accident"},
      {"意外", "accident"},      {"职业责任险", "liability"}, {"职业责任", "liability"},
      {"雇主责任险", "employer_liability"}, {"雇主责任", "employer_liability"}, {"工伤保险", "work_injury"},
      {"工伤", "work_injury"},   {"企业", "enterprise"},      {"本人", "worker"},
      {"个人", "worker"},        {"政府", "government"},      {"政府补贴", "government"},
      {"其他", "other"}};
  if (field != "level" && field != "result" && field != "type" && field != "paid_by") return v;
  auto it = k.find(v);
  return it == k.end() ? v : it->second;
}

struct Rows {
  registry::HeaderMap header;
  std::vector<size_t> data;  // indexes into sheet.rows
  const std::vector<ColumnSpec>* specs = nullptr;
  const Sheet* sheet = nullptr;

  // The cell of `field` in row `r`, trimmed ("" when the file has no such column).
  std::string cell(size_t r, std::string_view field) const {
    const auto& row = sheet->rows[r];
    for (size_t c = 0; c < header.field_of_column.size() && c < row.size(); ++c)
      if (int f = header.field_of_column[c]; f >= 0 && (*specs)[static_cast<size_t>(f)].field == field)
        return code_of(field, std::string(trim_ascii(row[c])));
    return {};
  }
  // The problem of row `r` for an error of the service (its field names the column).
  ImportProblem problem(size_t r, const Error& e) const {
    std::string field = e.field;
    if (auto dot = field.rfind('.'); dot != std::string::npos) field = field.substr(dot + 1);
    ImportProblem p;
    p.row = static_cast<int64_t>(r) + 1;
    p.field = field;
    p.code = e.code;
    p.detail = e.detail;
    p.column = field;
    for (size_t c = 0; c < header.field_of_column.size(); ++c)
      if (int f = header.field_of_column[c]; f >= 0 && (*specs)[static_cast<size_t>(f)].field == field) {
        p.column = header.header_text[c];
        p.column_letter = registry::column_letter(c);
      }
    std::string value = cell(r, field);
    p.value_masked = field == "id_number" ? security::mask_id_number(value) : field == "name" ? security::mask_name(value) : value;
    return p;
  }
};

Result<Rows> rows_of(const Sheet& sheet, const std::vector<ColumnSpec>& specs) {
  auto header = registry::find_header(sheet, specs);
  if (!header) return header.error();
  Rows out{std::move(*header), {}, &specs, &sheet};
  for (size_t r = out.header.header_row + 1; r < sheet.rows.size(); ++r)
    if (std::any_of(sheet.rows[r].begin(), sheet.rows[r].end(), [](const std::string& c) { return !trim_ascii(c).empty(); }))
      out.data.push_back(r);
  return out;
}

ImportReport report_of(const Sheet& sheet, const Rows& rows, const ImportRequest& req) {
  ImportReport rep;
  rep.format = sheet.format;
  rep.encoding = sheet.encoding;
  rep.mode = req.mode;
  rep.dry_run = req.dry_run;
  rep.header_row = static_cast<int64_t>(rows.header.header_row) + 1;
  for (size_t s : rows.header.skipped_rows) rep.skipped_rows.push_back(static_cast<int64_t>(s) + 1);
  rep.ignored_columns = rows.header.unknown_columns;
  rep.total_rows = static_cast<int64_t>(rows.data.size());
  return rep;
}

// Commits when the import writes: not a dry run, something good, and no bad row under all_or_nothing.
void finish(ImportReport& rep, db::Transaction& tx, const ImportRequest& req) {
  rep.good_rows = rep.total_rows - rep.bad_rows;
  rep.written = !req.dry_run && rep.good_rows > 0 &&
                (req.mode == registry::ImportMode::good_rows_only || rep.bad_rows == 0);
  if (rep.written) {
    tx.commit();
    rep.imported = rep.good_rows;
  }
  std::stable_sort(rep.problems.begin(), rep.problems.end(), [](const auto& a, const auto& b) { return a.row < b.row; });
}

Result<int64_t> amount(const std::string& v, const char* field) {
  std::string digits;
  for (char c : v)
    if (c != ',' && c != ' ') digits += c;
  if (digits.empty() || digits.size() > 12 || digits.find_first_not_of("0123456789") != std::string::npos)
    return make_error("invalid_field", field, "whole yuan");
  return std::stoll(digits);
}

}  // namespace

Result<ImportReport> import_health_checks(db::Database& db, Service& service, const security::Principal& p,
                                          const Sheet& sheet, const ImportRequest& req, const security::AuditActor& actor) {
  auto rows = rows_of(sheet, health_columns());
  if (!rows) return rows.error();
  ImportReport rep = report_of(sheet, *rows, req);
  auto conn = db.acquire();
  db::Transaction tx(*conn, true);
  for (size_t r : rows->data) {
    HealthCheckInput in;
    in.person = {rows->cell(r, "id_number"), rows->cell(r, "name")};
    in.level = rows->cell(r, "level");
    in.result = rows->cell(r, "result");
    in.checked_on = rows->cell(r, "checked_on");
    if (auto v = rows->cell(r, "valid_until"); !v.empty()) in.valid_until = v;
    in.report_no = rows->cell(r, "report_no");
    auto done = service.record_health_check(*conn, p, std::move(in), actor);
    if (!done) {
      // Not a file problem but the account's: nothing in the file can fix it.
      if (done.error().code == "forbidden" || done.error().code == "out_of_scope") return done.error();
      rep.problems.push_back(rows->problem(r, done.error()));
      ++rep.bad_rows;
    }
  }
  finish(rep, tx, req);
  return rep;
}

Result<ImportReport> import_policies(db::Database& db, Service& service, const security::Principal& p,
                                     const Sheet& sheet, const ImportRequest& req, const security::AuditActor& actor) {
  auto rows = rows_of(sheet, policy_columns());
  if (!rows) return rows.error();
  ImportReport rep = report_of(sheet, *rows, req);
  // Rows grouped by policy number, in file order; a policy's terms are read from its first row.
  std::vector<std::pair<std::string, std::vector<size_t>>> policies;
  for (size_t r : rows->data) {
    std::string no = rows->cell(r, "policy_no");
    auto it = std::find_if(policies.begin(), policies.end(), [&](const auto& x) { return x.first == no; });
    if (it == policies.end()) policies.push_back({no, {r}});
    else it->second.push_back(r);
  }
  auto conn = db.acquire();
  db::Transaction tx(*conn, true);
  for (const auto& [no, members] : policies) {
    size_t first = members.front();
    PolicyInput in;
    in.policy_no = no;
    in.product = rows->cell(first, "product");
    in.type = rows->cell(first, "type");
    in.paid_by = rows->cell(first, "paid_by");
    in.payer_name = rows->cell(first, "payer_name");
    in.starts_on = rows->cell(first, "starts_on");
    in.ends_on = rows->cell(first, "ends_on");
    auto limit = amount(rows->cell(first, "limit_per_person"), "limit_per_person");
    auto premium = amount(rows->cell(first, "premium"), "premium");
    std::optional<Error> bad = !limit ? std::optional(limit.error()) : !premium ? std::optional(premium.error()) : std::nullopt;
    if (!bad) {
      in.limit_per_person = *limit;
      in.premium = *premium;
      for (size_t r : members) in.insured.push_back({rows->cell(r, "id_number"), rows->cell(r, "name")});
      auto done = service.record_policy(*conn, p, std::move(in), actor);
      if (done) continue;
      if (done.error().code == "forbidden" || done.error().code == "out_of_scope") return done.error();
      bad = done.error();
    }
    // The row at fault: the insured person's ("insured[2].name" → the third row of the policy), else the first.
    size_t at = first;
    if (auto open = bad->field.find("insured["); open != std::string::npos) {
      size_t i = std::strtoul(bad->field.c_str() + open + 8, nullptr, 10);
      if (i < members.size()) at = members[i];
      if (bad->field.find('.') == std::string::npos) bad->field = "id_number";
    }
    rep.problems.push_back(rows->problem(at, *bad));
    rep.bad_rows += static_cast<int64_t>(members.size());
  }
  finish(rep, tx, req);
  return rep;
}

}  // namespace jz::issuers
