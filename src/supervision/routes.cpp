// Supervision routes: request → supervision::Service → JSON.
#include "supervision/routes.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "registry/json_codec.hpp"
#include "supervision/accounts.hpp"
#include "supervision/schemas.hpp"
#include "supervision/service.hpp"

namespace jz::supervision {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

double ratio(int64_t a, int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

json::object figures_json(const Figures& f, int64_t trainee_times, int64_t trainee_target) {
  return json::object{
      {"enterprises",
       json::object{{"total", f.enterprises},
                    {"employee_based", f.employee_based},
                    {"intermediary", f.intermediary},
                    {"mixed", f.mixed},
                    {"listed", f.listed},
                    {"applied", f.listing_applied},
                    {"suspended", f.listing_suspended},
                    {"leading", f.leading}}},
      {"workers", json::object{{"registered", f.workers},
                               {"new", f.workers_new},
                               {"identity_verified", f.identity_verified},
                               {"certified", f.certified},
                               {"health_checked", f.health_checked},
                               {"insured", f.insured},
                               {"poverty_alleviated", f.poverty_alleviated}}},
      {"training", json::object{{"trainee_times", trainee_times},
                                {"target", trainee_target},
                                {"share", ratio(trainee_times, trainee_target)}}},
      {"employment", json::object{{"employed", f.employed},
                                  {"out_of_province", f.out_of_province},
                                  {"cross_prefecture", f.cross_prefecture},
                                  {"poverty_employed", f.poverty_employed},
                                  {"wage_count", f.wage_count},
                                  {"wage_sum", f.wage_sum},
                                  {"average_wage", ratio(f.wage_sum, f.wage_count)}}},
      {"reviews", json::object{{"count", f.reviews},
                               {"rating_sum", f.rating_sum},
                               {"average_rating", ratio(f.rating_sum, 4 * f.reviews)}}},
      {"complaints", json::object{{"received", f.complaints},
                                  {"closed", f.complaints_closed},
                                  {"upheld", f.complaints_upheld},
                                  {"upheld_share", ratio(f.complaints_upheld, f.complaints_closed)},
                                  {"close_days_sum", f.close_days_sum},
                                  {"average_close_days", ratio(f.close_days_sum, f.complaints_closed)}}},
      {"subsidies", json::object{{"payments", f.payments}, {"yuan", f.paid_yuan}}},
      {"orders", nullptr},  // household-services orders and contracts: not on main yet (figures.hpp)
  };
}

json::object account_json(const Account& a) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", a.id},
                      {"username", a.username},
                      {"display_name", a.display_name},
                      {"role", a.role},
                      {"division_code", a.division_code.empty() ? json::value(nullptr) : json::value(a.division_code)},
                      {"department", a.department.empty() ? json::value(nullptr) : json::value(a.department)},
                      {"enterprise_id", opt(a.enterprise_id)},
                      {"institution_id", opt(a.institution_id)},
                      {"worker_id", opt(a.worker_id)},
                      {"disabled", a.disabled},
                      {"must_change_password", a.must_change_password},
                      {"created_at", a.created_at}};
}

// An account body: text fields and optional positive ids.
Result<AccountInput> account_input(const http::Request& req) {
  auto body = http::parse_json_object(req);
  if (!body) return body.error();
  AccountInput in;
  for (auto [key, field] : {std::pair{"username", &in.username},
                            {"display_name", &in.display_name},
                            {"role", &in.role},
                            {"division_code", &in.division_code},
                            {"department", &in.department}}) {
    const json::value* v = body->if_contains(key);
    if (!v || v->is_null()) continue;
    if (!v->is_string() || v->as_string().size() > 100) return make_error("invalid_field", key, "text");
    *field = std::string(v->as_string());
  }
  for (auto [key, field] : {std::pair{"enterprise_id", &in.enterprise_id},
                            {"institution_id", &in.institution_id},
                            {"worker_id", &in.worker_id}}) {
    const json::value* v = body->if_contains(key);
    if (!v || v->is_null()) continue;
    if (!v->is_int64() || v->as_int64() <= 0) return make_error("invalid_field", key, "an id");
    *field = v->as_int64();
  }
  return in;
}

int64_t value_or_zero(const std::map<std::string, int64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

std::shared_ptr<Service> register_routes(http::Router& router, db::Database& db,
                                         const reference::DivisionCatalog& catalog,
                                         std::shared_ptr<training::Service> training,
                                         accounts::Service& accounts) {
  auto svc = std::make_shared<Service>(db, catalog, std::move(training));
  svc->preload();
  const auto officials = Access::only({Role::province_admin, Role::department, Role::city_officer});

  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/supervision/dashboard",
       .access = officials,
       .summary = "The province's figures for a period (period=YYYY|YYYY-Qn|YYYY-MM or from&to): enterprises, "
                  "workers and credentials, trainee-times and target, employment and transfer, wages, reviews, "
                  "complaints, subsidies paid; by 市州, or by county with prefecture=NNNN (a city officer: her "
                  "市州 only); with a 12-month series",
       .query = api::period_params(),
       .response = http::schema_of<api::DashboardView>(),
       .handler = [svc, &catalog](http::Context& ctx) {
         auto period = parse_dashboard_period(ctx.req().query_param("period"), ctx.req().query_param("from"),
                                              ctx.req().query_param("to"));
         if (!period) return ctx.fail(period.error());
         auto d = svc->dashboard(*ctx.user(), *period, ctx.req().query_param("prefecture").value_or(""));
         if (!d) return ctx.fail(d.error());
         // Every 市州 (or every county of the 市州) is listed, with zeros where nothing is recorded; codes the
         // catalogue no longer names (older county codes) follow with their figures.
         std::vector<std::string> codes;
         for (const auto* div : catalog.children(d->prefecture.empty() ? "62" : d->prefecture))
           codes.push_back(div->code);
         for (const auto& [code, f] : d->figures.groups)
           if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
         json::array rows;
         for (const auto& code : codes) {
           auto it = d->figures.groups.find(code);
           json::object o = figures_json(it == d->figures.groups.end() ? Figures{} : it->second,
                                         value_or_zero(d->trainee_times, code),
                                         value_or_zero(d->trainee_targets, code));
           const auto* div = catalog.find(code);
           o["code"] = code;
           o["name"] = div ? div->name : code;
           rows.push_back(std::move(o));
         }
         json::array series;
         for (const auto& m : d->figures.series)
           series.push_back(json::object{{"month", m.month},
                                         {"workers_new", m.workers_new},
                                         {"employments_started", m.employments_started},
                                         {"reviews", m.reviews},
                                         {"complaints", m.complaints},
                                         {"paid_yuan", m.paid_yuan}});
         json::value scope = nullptr;
         if (!d->prefecture.empty()) {
           const auto* div = catalog.find(d->prefecture);
           scope = json::object{{"code", d->prefecture}, {"name", div ? div->name : d->prefecture}};
         }
         return http::json_response(json::object{
             {"period", d->period.key},
             {"from", d->period.from},
             {"to", d->period.to},
             {"as_of", d->as_of},
             {"level", d->prefecture.empty() ? "prefecture" : "county"},
             {"prefecture", std::move(scope)},
             {"totals", figures_json(d->figures.total, d->trainee_total, d->trainee_target)},
             {"rows", std::move(rows)},
             {"series", std::move(series)},
             {"facts", d->facts},
         });
       }});

  auto board = register_task_routes(router, db, svc);
  auto pains = register_painpoint_routes(router, db, catalog);
  register_report_routes(router, svc, board, pains, catalog);

  // ---- Account management ----
  auto admin = std::make_shared<AccountAdmin>(db, accounts);
  const auto managers = Access::only({Role::province_admin, Role::city_officer});
  router.add({.method = http::Method::get,
              .path = "/api/v1/accounts",
              .access = managers,
              .summary = "Accounts in scope (province admin: all; city officer: her 市州's enterprise, institution and "
                         "worker accounts); filters role, q, prefecture, disabled; paged",
              .query = {{.name = "role"},
                        {.name = "q", .description = "username or name contains"},
                        {.name = "prefecture", .description = "市州 code"},
                        {.name = "disabled", .type = "boolean"}},
              .paged = true,
              .response = http::schema_of<api::AccountPage>(),
              .handler = [admin](http::Context& ctx) {
                auto page = registry::codec::parse_page(ctx.req());
                if (!page) return ctx.fail(page.error());
                AccountFilter f;
                f.page = page->page;
                f.page_size = page->page_size;
                f.role = ctx.req().query_param("role").value_or("");
                f.q = ctx.req().query_param("q").value_or("");
                f.prefecture = ctx.req().query_param("prefecture").value_or("");
                if (auto d = ctx.req().query_param("disabled"); d && !d->empty()) f.disabled = *d == "true" || *d == "1";
                int64_t total = 0;
                auto r = admin->list(*ctx.user(), f, &total);
                if (!r) return ctx.fail(r.error());
                json::array items;
                for (const auto& a : *r) items.push_back(account_json(a));
                return http::json_response(json::object{{"items", std::move(items)}, {"total", total}});
              }});
  router.add({.method = http::Method::post,
              .path = "/api/v1/accounts",
              .access = managers,
              .summary = "Create an account with a one-time password (returned once; to be changed at first login)",
              .request = http::schema_of<api::AccountInput>(),
              .response = http::schema_of<api::AccountWithPassword>(),
              .status = 201,
              .handler = [admin](http::Context& ctx) {
                auto in = account_input(ctx.req());
                if (!in) return ctx.fail(in.error());
                auto r = admin->create(*ctx.user(), *in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();  // audited in the transaction that created it
                return http::json_response(
                    json::object{{"account", account_json(r->account)}, {"password", r->password}}, 201);
              }});
  router.add({.method = http::Method::put,
              .path = "/api/v1/accounts/{account}",
              .access = managers,
              .summary = "Change an account's role, division and department (its sessions end)",
              .request = http::schema_of<api::AccountInput>(),
              .response = http::schema_of<api::AccountView>(),
              .handler = [admin](http::Context& ctx) {
                auto id = http::path_id(ctx.req(), "account");
                if (!id) return ctx.fail(id.error());
                auto in = account_input(ctx.req());
                if (!in) return ctx.fail(in.error());
                auto r = admin->update(*ctx.user(), *id, *in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(account_json(*r));
              }});
  for (bool disable : {true, false}) {
    router.add({.method = http::Method::post,
                .path = disable ? "/api/v1/accounts/{account}/disable" : "/api/v1/accounts/{account}/enable",
                .access = managers,
                .summary = disable ? "Disable an account (its sessions end)" : "Enable a disabled account",
                .response = http::schema_of<api::AccountView>(),
                .handler = [admin, disable](http::Context& ctx) {
                  auto id = http::path_id(ctx.req(), "account");
                  if (!id) return ctx.fail(id.error());
                  auto r = admin->set_disabled(*ctx.user(), *id, disable, ctx.actor());
                  if (!r) return ctx.fail(r.error());
                  ctx.audit_done();
                  return http::json_response(account_json(*r));
                }});
  }
  router.add({.method = http::Method::post,
              .path = "/api/v1/accounts/{account}/password-reset",
              .access = managers,
              .summary = "Set a new one-time password (returned once; to be changed at the next login); sessions end",
              .response = http::schema_of<api::AccountWithPassword>(),
              .handler = [admin](http::Context& ctx) {
                auto id = http::path_id(ctx.req(), "account");
                if (!id) return ctx.fail(id.error());
                auto r = admin->reset_password(*ctx.user(), *id, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(json::object{{"account", account_json(r->account)}, {"password", r->password}});
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/accounts/logins",
              .access = managers,
              .summary = "Login log (logins, failures, throttling, logouts) of the accounts in scope, newest first; paged",
              .paged = true,
              .response = http::schema_of<api::LoginPage>(),
              .handler = [admin](http::Context& ctx) {
                auto page = registry::codec::parse_page(ctx.req());
                if (!page) return ctx.fail(page.error());
                int64_t total = 0;
                auto r = admin->logins(*ctx.user(), page->page, page->page_size, &total);
                if (!r) return ctx.fail(r.error());
                json::array items;
                for (const auto& e : *r)
                  items.push_back(json::object{{"at", e.at}, {"username", e.username}, {"action", e.action}, {"ip", e.ip}});
                return http::json_response(json::object{{"items", std::move(items)}, {"total", total}});
              }});

  return svc;
}

}  // namespace jz::supervision
