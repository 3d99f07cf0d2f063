#include "issuers/routes.hpp"

#include <boost/json.hpp>

#include "http/request.hpp"
#include "issuers/api_types.hpp"
#include "issuers/import.hpp"

namespace jz::issuers {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) return {};
  return std::string(v->as_string());
}

// A whole number field; a present non-number is an error.
Result<int64_t> integer(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return make_error("missing_field", std::string(key));
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() < (1ull << 62)) return static_cast<int64_t>(v->as_uint64());
  if (v->is_double() && v->as_double() == static_cast<double>(static_cast<int64_t>(v->as_double())))
    return static_cast<int64_t>(v->as_double());
  return make_error("invalid_field", std::string(key), "whole number expected");
}

std::optional<Person> person_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_object()) return std::nullopt;
  return Person{str(v->as_object(), "id_number"), str(v->as_object(), "name")};
}

json::value opt(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

struct Label {
  std::string_view code, zh, en;
};
constexpr Label kLabels[] = {
    {"health_provider", "体检机构", "Health-check provider"},
    {"insurer", "保险机构", "Insurer"},
    {"general", "一般家政", "General domestic work"},
    {"home", "居家家政", "Home service"},
    {"elderly_care", "养老照护", "Elderly care"},
    {"maternity", "母婴照护", "Maternity and infant care"},
    {"accident", "意外险", "Accident"},
    {"liability", "职业责任险", "Professional liability"},
    {"employer_liability", "雇主责任险", "Employer's liability"},
    {"work_injury", "工伤保险", "Work injury"},
    {"enterprise", "企业", "Enterprise"},
    {"worker", "本人", "The worker"},
    {"government", "政府补贴", "Government"},
    {"other", "其他", "Other"},
    {"active", "有效", "Active"},
    {"cancelled", "已注销", "Cancelled"},
};
std::string label(std::string_view code, Lang lang) {
  for (const auto& l : kLabels)
    if (l.code == code) return std::string(lang == Lang::en ? l.en : l.zh);
  return std::string(code);
}

json::object issuer_json(const Issuer& i, Lang lang) {
  json::array users;
  for (const auto& u : i.usernames) users.push_back(json::value(u));
  return {{"id", i.id},
          {"type", i.type},
          {"type_label", label(i.type, lang)},
          {"name", i.name},
          {"uscc", i.uscc},
          {"division_code", i.division_code},
          {"division_name", i.division_name},
          {"usernames", std::move(users)},
          {"created_at", i.created_at}};
}

json::object health_json(const HealthCheck& h, Lang lang) {
  return {{"id", h.id},
          {"worker_id", h.worker_id},
          {"worker_name", h.worker_name},
          {"level", h.level},
          {"level_label", label(h.level, lang)},
          {"checked_on", h.checked_on},
          {"valid_until", opt(h.valid_until)},
          {"report_no", h.report_no},
          {"entry_id", h.entry_id},
          {"created_at", h.created_at}};
}

json::object policy_json(const Policy& p, Lang lang) {
  json::array insured;
  for (const auto& i : p.insured)
    insured.push_back(json::object{{"worker_id", i.worker_id},
                                   {"worker_name", i.worker_name},
                                   {"covered_from", i.covered_from},
                                   {"covered_until", i.covered_until},
                                   {"removed", i.removed},
                                   {"entry_id", i.entry_id}});
  return {{"id", p.id},
          {"insurer", p.issuer_name},
          {"policy_no", p.policy_no},
          {"product", p.product},
          {"type", p.type},
          {"type_label", label(p.type, lang)},
          {"limit_per_person", p.limit_per_person},
          {"premium", p.premium},
          {"paid_by", p.paid_by},
          {"paid_by_label", label(p.paid_by, lang)},
          {"payer_name", p.payer_name},
          {"starts_on", p.starts_on},
          {"ends_on", p.ends_on},
          {"status", p.status},
          {"status_label", label(p.status, lang)},
          {"insured", std::move(insured)},
          {"endorsements", p.endorsements},
          {"created_at", p.created_at}};
}

Result<int64_t> page_of(const http::Request& req) {
  auto v = req.query_param("page");
  if (!v) return 1;
  auto n = http::parse_id(*v);
  if (!n || *n > 100000) return make_error("invalid_field", "page", "1 or more");
  return *n;
}

template <class T, class F>
json::object page_json(const credit::Page<T>& page, F&& item) {
  json::array items;
  for (const auto& i : page.items) items.push_back(item(i));
  return {{"items", std::move(items)}, {"total", page.total}, {"page", page.page}, {"page_size", page.page_size}};
}

// The file of an import request and its mode, as the worker import reads them (registry/import_routes.cpp).
Result<std::pair<registry::Sheet, ImportRequest>> import_request(const http::Request& req) {
  auto mode = registry::parse_import_mode(req.query_param("mode").value_or(""));
  if (!mode) return make_error("invalid_field", "mode", "all_or_nothing or good_rows_only");
  auto dry = req.query_param("dry_run");
  if (req.body.empty()) return make_error("missing_field", "file");
  auto sheet = registry::read_sheet(req.body, req.header("Content-Type"));
  if (!sheet) return sheet.error();
  return std::make_pair(std::move(*sheet), ImportRequest{*mode, dry && (*dry == "1" || *dry == "true")});
}

// A CSV template (UTF-8 with BOM, as Excel opens it): the header the import recognises and one example row.
http::Response template_csv(std::string_view header, std::string_view example, const char* filename) {
  auto r = http::text_response("\xEF\xBB\xBF" + std::string(header) + "\r\n" + std::string(example) + "\r\n",
                               "text/csv; charset=utf-8");
  r.set_header("Content-Disposition", std::string("attachment; filename=\"") + filename + "\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

static HealthCheckInput health_input(const json::object& b) {
  HealthCheckInput in;
  in.person = person_of(b, "person").value_or(Person{});
  in.level = str(b, "level");
  in.result = str(b, "result");
  in.checked_on = str(b, "checked_on");
  if (auto v = str(b, "valid_until"); !v.empty()) in.valid_until = v;
  in.report_no = str(b, "report_no");
  return in;
}

static Result<PolicyInput> policy_input(const json::object& b) {
  PolicyInput in;
  in.policy_no = str(b, "policy_no");
  in.product = str(b, "product");
  in.type = str(b, "type");
  auto limit = integer(b, "limit_per_person");
  if (!limit) return limit.error();
  auto premium = integer(b, "premium");
  if (!premium) return premium.error();
  in.limit_per_person = *limit;
  in.premium = *premium;
  in.paid_by = str(b, "paid_by");
  in.payer_name = str(b, "payer_name");
  in.starts_on = str(b, "starts_on");
  in.ends_on = str(b, "ends_on");
  if (auto* v = b.if_contains("insured"); v && v->is_array())
    for (const auto& item : v->as_array())
      if (item.is_object()) in.insured.push_back({str(item.as_object(), "id_number"), str(item.as_object(), "name")});
  return in;
}

std::shared_ptr<Service> register_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                                         credit::Service& credit) {
  auto service = std::make_shared<Service>(db, cipher, credit);
  Service& s = *service;

  router.add({.method = http::Method::get,
              .path = "/api/v1/issuers",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer}),
              .summary = "Health-check providers (体检机构) and insurers (保险机构) registered, with their accounts "
                         "(a city officer: those of her 市州)",
              .response = http::items_schema_of<api::Issuer>(),
              .handler = [&s](http::Context& ctx) {
                auto r = s.list_issuers(*ctx.user());
                if (!r) return ctx.fail(r.error());
                json::array items;
                for (const auto& i : *r) items.push_back(issuer_json(i, ctx.lang()));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/issuers",
              .access = Access::only({Role::province_admin, Role::city_officer}),
              .summary = "Register a health-check provider or insurer with its first account {type, name, uscc, "
                         "division_code, username, password} (a city officer: in her 市州)",
              .request = http::schema_of<api::IssuerInput>(),
              .response = http::schema_of<api::Issuer>(),
              .status = 201,
              .handler = [&s](http::Context& ctx) {
                auto b = http::parse_json_object(ctx.req());
                if (!b) return ctx.fail(b.error());
                NewIssuer in{str(*b, "type"),     str(*b, "name"),     str(*b, "uscc"),
                             str(*b, "division_code"), str(*b, "username"), str(*b, "password")};
                auto r = s.register_issuer(*ctx.user(), std::move(in), ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(issuer_json(*r, ctx.lang()), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/health-checks",
              .access = Access::only({Role::health_provider}),
              .summary = "The health checks this provider recorded, newest first (names masked, no results)",
              .paged = true,
              .response = http::paged_schema_of<api::HealthCheck>(),
              .handler = [&s](http::Context& ctx) {
                auto page = page_of(ctx.req());
                if (!page) return ctx.fail(page.error());
                auto r = s.list_health_checks(*ctx.user(), *page, 50);
                if (!r) return ctx.fail(r.error());
                return http::json_response(page_json(*r, [&](const auto& h) { return health_json(h, ctx.lang()); }));
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/health-checks",
              .access = Access::only({Role::health_provider}),
              .sensitive = true,
              .summary = "Record a health check {person: {id_number, name}, level general|home|elderly_care|maternity, "
                         "result pass|fail|recheck, checked_on, valid_until (pass: default one year), report_no}; "
                         "an independent credit entry, no lab values",
              .request = http::schema_of<api::HealthCheckInput>(),
              .response = http::schema_of<api::HealthCheck>(),
              .status = 201,
              .handler = [&s](http::Context& ctx) {
                auto b = http::parse_json_object(ctx.req());
                if (!b) return ctx.fail(b.error());
                auto r = s.record_health_check(*ctx.user(), health_input(*b), ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(health_json(*r, ctx.lang()), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/insurance-policies",
              .access = Access::only({Role::insurer}),
              .summary = "The policies this insurer recorded, newest first, with insured persons (names masked)",
              .paged = true,
              .response = http::paged_schema_of<api::InsurancePolicy>(),
              .handler = [&s](http::Context& ctx) {
                auto page = page_of(ctx.req());
                if (!page) return ctx.fail(page.error());
                auto r = s.list_policies(*ctx.user(), *page, 50);
                if (!r) return ctx.fail(r.error());
                return http::json_response(page_json(*r, [&](const auto& p) { return policy_json(p, ctx.lang()); }));
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/insurance-policies",
              .access = Access::only({Role::insurer}),
              .sensitive = true,
              .summary = "Record a policy {policy_no, product, type accident|liability|employer_liability|work_injury, "
                         "limit_per_person, premium, paid_by, payer_name, starts_on, ends_on, insured: [{id_number, "
                         "name}]}; one independent credit entry per insured person",
              .request = http::schema_of<api::InsurancePolicyInput>(),
              .response = http::schema_of<api::InsurancePolicy>(),
              .status = 201,
              .handler = [&s](http::Context& ctx) {
                auto b = http::parse_json_object(ctx.req());
                if (!b) return ctx.fail(b.error());
                auto in = policy_input(*b);
                if (!in) return ctx.fail(in.error());
                auto r = s.record_policy(*ctx.user(), std::move(*in), ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(policy_json(*r, ctx.lang()), 201);
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/insurance-policies/{id}/endorsements",
              .access = Access::only({Role::insurer}),
              .sensitive = true,
              .summary = "An endorsement (批改) changing the insured person {endorsement_no, effective_on, remove: "
                         "{id_number, name}, add: {id_number, name}}: the removed person's cover ends the day before",
              .request = http::schema_of<api::InsurancePolicyEndorsementInput>(),
              .response = http::schema_of<api::InsurancePolicy>(),
              .status = 201,
              .handler = [&s](http::Context& ctx) {
                auto id = http::path_id(ctx.req());
                if (!id) return ctx.fail(id.error());
                auto b = http::parse_json_object(ctx.req());
                if (!b) return ctx.fail(b.error());
                EndorsementInput in{str(*b, "endorsement_no"), str(*b, "effective_on"), person_of(*b, "remove"),
                                    person_of(*b, "add")};
                auto r = s.endorse(*ctx.user(), *id, std::move(in), ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(policy_json(*r, ctx.lang()), 201);
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/imports/health-checks",
              .access = Access::only({Role::health_provider}),
              .sensitive = true,
              .summary = "Import health checks from CSV (UTF-8/GBK), XLSX or JSON rows (身份证号, 姓名, 体检类别, 体检结论, "
                         "体检日期, 有效期至, 报告编号), with the worker import's row report; mode, dry_run",
              .response = http::schema_of<api::ImportResult>(),
              .handler = [&s, &db](http::Context& ctx) {
                auto in = import_request(ctx.req());
                if (!in) return ctx.fail(in.error());
                auto r = import_health_checks(db, s, *ctx.user(), in->first, in->second, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(registry::report_json(*r, ctx.lang()));
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/imports/insurance-policies",
              .access = Access::only({Role::insurer}),
              .sensitive = true,
              .summary = "Import policies from the insurer's file, one row per insured person (保单号, 产品名称, 险种, 每人保额, "
                         "保费, 缴费方, 缴费单位, 起保日期, 终保日期, 身份证号, 姓名), with the worker import's row report",
              .response = http::schema_of<api::ImportResult>(),
              .handler = [&s, &db](http::Context& ctx) {
                auto in = import_request(ctx.req());
                if (!in) return ctx.fail(in.error());
                auto r = import_policies(db, s, *ctx.user(), in->first, in->second, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(registry::report_json(*r, ctx.lang()));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/imports/health-checks/template.csv",
              .access = Access::only({Role::health_provider}),
              .summary = "The health-check import template as CSV (UTF-8 with BOM): header and an example row",
              .produces = "text/csv; charset=utf-8",
              .handler = [](http::Context&) {
                return template_csv("身份证号,姓名,体检类别,体检结论,体检日期,有效期至,报告编号",
                                    "620102199001010022,张秀兰（示例，导入前请删除）,养老照护,合格,2026-11-20,,TJ20261120001", "health-checks-template.csv");
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/imports/insurance-policies/template.csv",
              .access = Access::only({Role::insurer}),
              .summary = "The policy import template as CSV (UTF-8 with BOM): header and an example row per insured person",
              .produces = "text/csv; charset=utf-8",
              .handler = [](http::Context&) {
                return template_csv("保单号,产品名称,险种,每人保额,保费,缴费方,缴费单位,起保日期,终保日期,身份证号,姓名",
                                    "PA2026000001,家政服务人员意外险,意外险,300000,120,企业,兰州巾帼家政,2026-12-01,2027-11-30,"
                                    "620102199001010022,张秀兰（示例，导入前请删除）",
                                    "insurance-policies-template.csv");
              }});

  return service;
}

}  // namespace jz::issuers
