#include "subsidy/routes.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <memory>

#include "common/error_catalog.hpp"
#include "common/time.hpp"
#include "subsidy/bank_file.hpp"
#include "subsidy/plain_words.hpp"
#include "subsidy/schemas.hpp"
#include "subsidy/service.hpp"

namespace jz::subsidy {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

Access officials() { return Access::only({Role::province_admin, Role::department, Role::city_officer}); }
Access makers() { return Access::only({Role::province_admin, Role::city_officer}); }

std::string period_param(const http::Request& req) {
  auto p = req.query_param("period");
  return p && !p->empty() ? *p : today_utc().substr(0, 4);
}

http::QueryParam period_query() { return {.name = "period", .description = "YYYY (default this year)"}; }
http::QueryParam bank_query() { return {.name = "bank", .description = "bank file profile (default generic)"}; }

json::object tally_json(const Tally& t) { return {{"people", t.people}, {"yuan", t.yuan}}; }

json::object person_json(const PersonResult& p, Lang lang = Lang::zh) {
  json::object o{{"worker_id", p.worker_id},   {"name", p.name},         {"prefecture_code", p.prefecture_code},
                 {"eligible", p.eligible},     {"yuan", p.yuan},         {"case", p.case_label},
                 {"evidence", evidence_json(p.evidence)}};
  o["employment_entry_id"] = p.employment_entry_id ? json::value(*p.employment_entry_id) : json::value(nullptr);
  o["enterprise_id"] = p.enterprise_id ? json::value(*p.enterprise_id) : json::value(nullptr);
  // Each condition in plain words too (subsidy/plain_words.hpp): the worker reads those, never the expression.
  auto& ev = o["evidence"].as_array();
  for (size_t i = 0; i < ev.size() && i < p.evidence.size(); ++i)
    if (ev[i].is_object()) ev[i].as_object()["plain"] = describe_condition(p.evidence[i].text, lang);
  if (p.first_failed) {
    o["failed_text"] = describe_condition(p.evidence[*p.first_failed].text, lang);
    o["failed_condition"] = p.evidence[*p.first_failed].text;
    o["failed_index"] = static_cast<int64_t>(*p.first_failed);
  } else {
    o["failed_condition"] = nullptr;
  }
  return o;
}

json::object awaiting_json(const AwaitingPerson& a) {
  json::array claims;
  for (const auto& c : a.claims)
    claims.push_back(json::object{{"fact", c.fact},
                                  {"entry_id", c.entry_id ? json::value(*c.entry_id) : json::value(nullptr)},
                                  {"verifier", c.verifier_zh},
                                  {"verifier_en", c.verifier_en}});
  return {{"worker_id", a.worker_id}, {"name", a.name},         {"prefecture_code", a.prefecture_code},
          {"yuan", a.yuan},           {"case", a.case_label},   {"claims", std::move(claims)}};
}

json::object simulation_json(const Simulation& s) {
  json::array by_pref, by_case, sample, awaiting;
  for (const auto& a : s.awaiting_sample) awaiting.push_back(awaiting_json(a));
  for (const auto& [code, t] : s.by_prefecture) {
    auto o = tally_json(t);
    o["prefecture_code"] = code;
    by_pref.push_back(std::move(o));
  }
  for (const auto& [label, t] : s.by_case) {
    auto o = tally_json(t);
    o["case"] = label;
    by_case.push_back(std::move(o));
  }
  for (const auto& p : s.sample) sample.push_back(person_json(p));
  return {{"policy_id", s.policy_id},
          {"rule_version", s.rule_version},
          {"period", s.period},
          {"as_of", s.as_of},
          {"prefecture_code", s.prefecture_code},
          {"people", s.total.people},
          {"yuan", s.total.yuan},
          {"budget_yuan", s.budget_yuan},
          {"over_budget", s.budget_yuan > 0 && s.total.yuan > s.budget_yuan},
          {"by_prefecture", std::move(by_pref)},
          {"by_case", std::move(by_case)},
          {"sample", std::move(sample)},
          // Would qualify once their claims are verified: not in the totals, never paid before that.
          {"awaiting_verification", json::object{{"people", s.awaiting.people},
                                                 {"yuan", s.awaiting.yuan},
                                                 {"sample", std::move(awaiting)}}},
          {"seconds", s.seconds}};
}

json::object version_json(const RuleVersion& v, bool with_source) {
  json::object o{{"policy_id", v.policy_id}, {"version", v.version}, {"name", v.name},
                 {"created_by", v.created_by}, {"created_at", v.created_at}};
  if (with_source) o["source"] = v.source;
  return o;
}

json::object batch_json(const Batch& b) {
  json::object by_status;
  for (const auto& [k, v] : b.payments_by_status) by_status[k] = v;
  json::object o{{"id", b.id},
                 {"policy_id", b.policy_id},
                 {"rule_version", b.rule_version},
                 {"period", b.period},
                 {"prefecture_code", b.prefecture_code},
                 {"as_of", b.as_of},
                 {"status", b.status},
                 {"people", b.people},
                 {"total_yuan", b.total_yuan},
                 {"maker_user_id", b.maker_user_id},
                 {"maker_name", b.maker_name},
                 {"checker_name", b.checker_name},
                 {"decided_at", b.decided_at},
                 {"reason", b.reason},
                 {"created_at", b.created_at},
                 {"payments", std::move(by_status)},
                 {"flagged", b.flagged}};
  o["checker_user_id"] = b.checker_user_id ? json::value(*b.checker_user_id) : json::value(nullptr);
  return o;
}

json::object payment_json(const Payment& p) {
  return {{"id", p.id},
          {"batch_id", p.batch_id},
          {"policy_id", p.policy_id},
          {"policy_name", p.policy_name},
          {"period", p.period},
          {"yuan", p.yuan},
          {"reference", p.reference},
          {"status", p.status},
          {"issued_at", p.issued_at},
          {"settled_at", p.settled_at},
          {"review_flag", p.review_flag},
          {"review_reason", p.review_reason},
          {"created_at", p.created_at}};
}

http::Response problems_response(const std::vector<RuleProblem>& problems, Lang lang) {
  std::string first = problems.empty() ? "" : fmt::format("{}:{} {}", problems[0].line, problems[0].column,
                                                          problem_words(problems[0].message, lang));
  auto r = http::error_response(make_error("subsidy_rule_invalid", "source", first), lang);
  auto body = json::parse(r.body).as_object();
  json::array list;
  for (const auto& p : problems)
    list.push_back(json::object{{"line", p.line}, {"column", p.column}, {"message", problem_words(p.message, lang)}});
  body["error"].as_object()["problems"] = std::move(list);
  r.body = json::serialize(body);
  return r;
}

// Policies and their rules: the facts a rule may use, the versions, a simulation.
void policy_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add_all({
      {.method = http::Method::get,
       .path = "/api/v1/subsidy/facts",
       .access = officials(),
       .summary = "The facts a rule condition may use, with their type and plain-words labels (the structured "
                  "rule editor builds its rows from them)",
       .response = http::schema_of<api::Facts>(),
       .handler = [](http::Context& ctx) {
         const bool en = ctx.lang() == Lang::en;
         json::array out;
         for (const auto& l : field_labels()) {
           auto type = field_types().find(l.field);
           if (type == field_types().end()) continue;
           json::object o{{"field", l.field},
                          {"type", type->second == Type::boolean   ? "boolean"
                                   : type->second == Type::integer ? "integer"
                                   : type->second == Type::date    ? "date"
                                                                   : "text"},
                          {"label", en ? l.en : l.zh},
                          {"label_not", en ? l.en_not : l.zh_not}};
           json::array values;
           for (const char* v : {"cross_province", "in_province_other_prefecture", "in_prefecture_other_county",
                                 "home_county", "unknown", "F", "M"}) {
             auto words = value_words(l.field, v, ctx.lang());
             if (words != v) values.push_back(json::object{{"value", v}, {"label", words}});
           }
           if (!values.empty()) o["values"] = std::move(values);
           out.push_back(std::move(o));
         }
         return http::json_response(json::object{{"facts", std::move(out)}});
       }},
      {.method = http::Method::get,
       .path = "/api/v1/policies",
       .access = officials(),
       .summary = "Subsidy policies (免申预付) with their current rule version",
       .response = http::items_schema_of<api::VersionView>(),
       .handler = [service](http::Context& ctx) {
         auto r = service->policies();
         if (!r) return ctx.fail(r.error());
         json::array items;
         for (const auto& s : *r) {
           auto o = version_json(s.current, false);
           o["legal_basis"] = s.legal_basis;
           o["subject"] = s.subject;
           o["budget_yuan"] = s.budget_yuan;
           o["conditions"] = s.conditions;
           items.push_back(std::move(o));
         }
         return http::json_response(json::object{{"items", std::move(items)}});
       }},
      {.method = http::Method::get,
       .path = "/api/v1/policies/{policy}",
       .access = officials(),
       .summary = "A policy's rule: the current TOML source and every saved version (newest first)",
       .response = http::schema_of<api::PolicyView>(),
       .handler = [service](http::Context& ctx) {
         auto r = service->versions(ctx.param("policy"));
         if (!r) return ctx.fail(r.error());
         json::array versions;
         for (const auto& v : *r) versions.push_back(version_json(v, false));
         auto o = version_json(r->front(), true);
         o["versions"] = std::move(versions);
         return http::json_response(o);
       }},
      {.method = http::Method::put,
       .path = "/api/v1/policies/{policy}",
       .access = Access::only({Role::province_admin}),
       .summary = "Save a new version of a rule ({source: TOML}); checked first: 422 with problems "
                  "[{line, column, message}] when it does not check",
       .request = http::schema_of<api::RuleSource>(),
       .response = http::schema_of<api::VersionView>(),
       .handler = [service](http::Context& ctx) {
         auto body = http::parse_json_object(ctx.req());
         if (!body) return ctx.fail(body.error());
         auto source = http::required_string(*body, "source", 100000);
         if (!source) return ctx.fail(source.error());
         auto r = service->save_policy(*ctx.user(), ctx.param("policy"), *source, ctx.actor());
         if (!r) return ctx.fail(r.error());
         if (!r->saved) return problems_response(r->problems, ctx.lang());
         ctx.audit_done();
         return http::json_response(version_json(*r->saved, true));
       }},
      {.method = http::Method::post,
       .path = "/api/v1/policies/{policy}/simulate",
       .access = officials(),
       .summary = "Evaluate a rule over all records in scope (?period=2024&prefecture=6201): people, money, by "
                  "市州 and by case, and a sample of eligible people with the evidence for each condition. "
                  "Writes nothing",
       .query = {period_query(),
                 {.name = "prefecture", .description = "市州 code"},
                 {.name = "sample", .type = "integer", .description = "people shown (default 20)", .min = 0, .max = 200}},
       .response = http::schema_of<api::SimulationView>(),
       .handler = [service](http::Context& ctx) {
         size_t sample = 20;
         if (auto s = ctx.req().query_param("sample")) {
           int v = 0;
           auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
           if (ec != std::errc() || v < 0 || v > 200) return ctx.fail(make_error("invalid_field", "sample", "0–200"));
           sample = static_cast<size_t>(v);
         }
         auto r = service->simulate(*ctx.user(), ctx.param("policy"), period_param(ctx.req()),
                                    ctx.req().query_param("prefecture"), sample);
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();  // a read: nothing to audit, nothing written
         return http::json_response(simulation_json(*r));
       }},
  });
}

// Payment batches: made from a rule, listed, read with their frozen list.
void batch_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add_all({
      {.method = http::Method::get,
       .path = "/api/v1/subsidy/batches",
       .access = officials(),
       .summary = "Payment batches (发放批次) in scope, newest first",
       .response = http::items_schema_of<api::BatchView>(),
       .handler = [service](http::Context& ctx) {
         auto r = service->batches(*ctx.user(), ctx.actor());
         if (!r) return ctx.fail(r.error());
         json::array items;
         for (const auto& b : *r) items.push_back(batch_json(b));
         return http::json_response(json::object{{"items", std::move(items)}});
       }},
      {.method = http::Method::post,
       .path = "/api/v1/subsidy/batches",
       .access = makers(),
       .summary = "Make a payment batch from a rule's current eligibility ({policy_id, period, prefecture}); "
                  "the list is frozen with its evidence. Idempotency-Key header: the same key returns the "
                  "same batch (200) instead of a new one (201)",
       .request = http::schema_of<api::NewBatch>(),
       .response = http::schema_of<api::BatchView>(),
       .status = 201,
       .also_status = {200},
       .handler = [service](http::Context& ctx) {
         auto body = http::parse_json_object(ctx.req());
         if (!body) return ctx.fail(body.error());
         auto policy = http::required_string(*body, "policy_id", 64);
         if (!policy) return ctx.fail(policy.error());
         std::string period = http::optional_string(*body, "period").value_or(today_utc().substr(0, 4));
         std::optional<std::string> key;
         if (auto h = ctx.req().header("Idempotency-Key"); !h.empty()) key = std::string(h);
         auto r = service->create_batch(*ctx.user(), *policy, period, http::optional_string(*body, "prefecture"),
                                        key, ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         return http::json_response(batch_json(r->batch), r->created ? 201 : 200);
       }},
      {.method = http::Method::get,
       .path = "/api/v1/subsidy/batches/{id}",
       .access = officials(),
       .sensitive = true,
       .summary = "A batch with its frozen list (names, masked ID numbers, amounts, evidence, payment status, "
                  "review flags)",
       .response = http::schema_of<api::BatchView>(),
       .handler = [service](http::Context& ctx) {
         auto id = http::path_id(ctx.req());
         if (!id) return ctx.fail(id.error());
         auto r = service->batch(*ctx.user(), *id, ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         auto o = batch_json(r->batch);
         o["policy_name"] = r->policy_name;
         // What the caller may do with it, and why not (so the page shows a reason instead of nothing).
         std::string why = why_cannot_check(*ctx.user(), r->batch);
         json::object actions{{"decide", why.empty()}, {"withdraw", may_withdraw(*ctx.user(), r->batch)}};
         actions["why_not"] = why.empty() ? json::value(nullptr) : json::value(why);
         actions["why_not_message"] =
             why.empty() ? json::value(nullptr)
                         : json::value(error_message(make_error(why, "", r->batch.status), ctx.lang()));
         o["actions"] = std::move(actions);
         json::array items;
         for (const auto& it : r->items) {
           json::object i{{"worker_id", it.worker_id},
                          {"name", it.name},
                          {"id_number_mask", it.id_number_mask},
                          {"prefecture_code", it.prefecture_code},
                          {"yuan", it.yuan},
                          {"case", it.case_label},
                          {"reference", it.reference},
                          {"payment_status", it.payment_status},
                          {"review_flag", it.review_flag},
                          {"review_reason", it.review_reason}};
           i["employment_entry_id"] = it.employment_entry_id ? json::value(*it.employment_entry_id) : json::value(nullptr);
           i["enterprise_id"] = it.enterprise_id ? json::value(*it.enterprise_id) : json::value(nullptr);
           json::error_code ec;
           i["evidence"] = json::parse(it.evidence, ec);
           items.push_back(std::move(i));
         }
         o["items"] = std::move(items);
         return http::json_response(o);
       }},
  });
}

// A pending batch decided: approved or rejected by a checker, withdrawn by its maker.
void decision_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add_all({
      {.method = http::Method::post,
       .path = "/api/v1/subsidy/batches/{id}/approve",
       .access = officials(),
       .summary = "Approve a pending batch ({total_yuan}: the total the checker reviewed; checker ≠ maker; "
                  "a 市州 batch: department, province admin or another officer of that 市州; a province batch: "
                  "department or another province admin): its payments are issued and the payment file "
                  "becomes available",
       .request = http::schema_of<api::Approval>(),
       .response = http::schema_of<api::BatchView>(),
       .handler = [service](http::Context& ctx) {
         auto id = http::path_id(ctx.req());
         if (!id) return ctx.fail(id.error());
         auto body = http::parse_json_object(ctx.req());
         if (!body) return ctx.fail(body.error());
         auto total = body->if_contains("total_yuan");
         if (!total) return ctx.fail(make_error("missing_field", "total_yuan"));
         if (!total->is_int64()) return ctx.fail(make_error("invalid_field", "total_yuan", "an integer"));
         auto r = service->approve(*ctx.user(), *id, total->as_int64(), ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         return http::json_response(batch_json(*r));
       }},
      {.method = http::Method::post,
       .path = "/api/v1/subsidy/batches/{id}/reject",
       .access = officials(),
       .summary = "Reject a pending batch with a reason ({reason}; checker ≠ maker): its people may be paid "
                  "in a later batch",
       .request = http::schema_of<api::Rejection>(),
       .response = http::schema_of<api::BatchView>(),
       .handler = [service](http::Context& ctx) {
         auto id = http::path_id(ctx.req());
         if (!id) return ctx.fail(id.error());
         auto body = http::parse_json_object(ctx.req());
         if (!body) return ctx.fail(body.error());
         auto reason = http::required_string(*body, "reason", 500);
         if (!reason) return ctx.fail(reason.error());
         auto r = service->reject(*ctx.user(), *id, *reason, ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         return http::json_response(batch_json(*r));
       }},
      {.method = http::Method::post,
       .path = "/api/v1/subsidy/batches/{id}/withdraw",
       .access = makers(),
       .summary = "The maker withdraws her pending batch ({reason}?): it closes (status withdrawn) and its "
                  "people are released for another batch",
       .request = http::schema_of<api::Withdrawal>(),
       .response = http::schema_of<api::BatchView>(),
       .handler = [service](http::Context& ctx) {
         auto id = http::path_id(ctx.req());
         if (!id) return ctx.fail(id.error());
         std::string reason;
         if (!ctx.req().body.empty()) {
           auto body = http::parse_json_object(ctx.req());
           if (!body) return ctx.fail(body.error());
           auto r = http::optional_string(*body, "reason");
           reason = r.value_or("");
           if (reason.size() > 500) return ctx.fail(make_error("invalid_field", "reason", "at most 500 bytes"));
         }
         auto r = service->withdraw(*ctx.user(), *id, reason, ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         return http::json_response(batch_json(*r));
       }},
  });
}

// A worker's subsidies, and the files exchanged with the bank.
void payment_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add_all({
      {.method = http::Method::get,
       .path = "/api/v1/workers/{id}/subsidies",
       .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::worker}),
       .sensitive = true,
       .summary = "A worker's subsidies (?period=2024): payments received, and for each policy whether she is "
                  "eligible, why (evidence), or which condition failed",
       .query = {period_query()},
       .response = http::schema_of<api::WorkerSubsidiesView>(),
       .handler = [service](http::Context& ctx) {
         auto id = http::path_id(ctx.req());
         if (!id) return ctx.fail(id.error());
         auto r = service->worker_subsidies(*ctx.user(), *id, period_param(ctx.req()), ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         json::array payments, rules;
         for (const auto& p : r->payments) payments.push_back(payment_json(p));
         for (const auto& x : r->rules) {
           auto o = person_json(x.result, ctx.lang());
           o["policy_id"] = x.rule.policy_id;
           o["policy_name"] = x.rule.name;
           o["rule_version"] = x.rule.version;
           o["already_paid"] = x.already_paid;
           rules.push_back(std::move(o));
         }
         return http::json_response(json::object{{"worker_id", r->worker_id},
                                                 {"period", r->period},
                                                 {"payments", std::move(payments)},
                                                 {"policies", std::move(rules)}});
       }},
      {.method = http::Method::get,
       .path = "/api/v1/subsidy/bank-profiles",
       .access = makers(),
       .summary = "The bank file profiles (data/banks/*.toml): id, name, bank, encoding, columns and what a "
                  "public source confirmed",
       .response = http::schema_of<api::BankProfiles>(),
       .handler = [](http::Context&) {
         json::array out;
         for (const auto& p : bank_profiles()) {
           json::array cols;
           for (const auto& c : p.columns) cols.push_back(json::value(c.title));
           out.push_back(json::object{
               {"id", p.id},
               {"name", p.name},
               {"bank", p.bank},
               {"encoding", p.encoding == BankEncoding::gbk ? "gbk" : "utf-8"},
               {"columns", std::move(cols)},
               {"total_record", p.total_cells.empty() ? "none" : p.total_first ? "first" : "last"},
               {"confirmed", p.confirmed}});
         }
         return http::json_response(json::object{{"profiles", std::move(out)}});
       }},
      {.method = http::Method::get,
       .path = "/api/v1/subsidy/batches/{id}/payment-file",
       .access = makers(),
       .sensitive = true,
       .summary = "The bank payment file of an approved batch (?format=csv|xlsx&bank=<profile>, default generic): "
                  "the bank profile's columns, encoding and total record; ID number full for a province admin, "
                  "masked otherwise",
       .query = {{.name = "format", .description = "csv (default) or xlsx"}, bank_query()},
       .produces = "text/csv; charset=utf-8",
       .handler = [service](http::Context& ctx) {
         auto id = http::path_id(ctx.req());
         if (!id) return ctx.fail(id.error());
         auto r = service->payment_file(*ctx.user(), *id, ctx.req().query_param("format").value_or("csv"),
                                        ctx.req().query_param("bank").value_or("generic"), ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         auto resp = http::text_response(std::move(r->body), r->content_type);
         resp.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", r->filename));
         resp.set_header("Cache-Control", "no-store");
         resp.gzip_ok = r->content_type.find("spreadsheetml") == std::string::npos;
         return resp;
       }},
      {.method = http::Method::post,
       .path = "/api/v1/subsidy/batches/{id}/bank-result",
       .access = makers(),
       .summary = "Import the bank's result (?bank=<profile>): the file as the bank returns it (CSV in GBK or "
                  "UTF-8, or XLSX) as the body, or JSON {csv}; marks issued payments paid or failed, all rows or none",
       .query = {bank_query()},
       .request = http::schema_of<api::BankResultInput>(),
       .response = http::schema_of<api::BankResultView>(),
       .handler = [service](http::Context& ctx) {
         auto id = http::path_id(ctx.req());
         if (!id) return ctx.fail(id.error());
         const std::string bank = ctx.req().query_param("bank").value_or("generic");
         const std::string type(ctx.req().header("Content-Type"));
         std::string bytes = ctx.req().body, content_type = type;
         if (type.starts_with("application/json")) {
           auto body = http::parse_json_object(ctx.req());
           if (!body) return ctx.fail(body.error());
           auto csv = http::required_string(*body, "csv", 20 * 1024 * 1024);
           if (!csv) return ctx.fail(csv.error());
           bytes = std::move(*csv);
           content_type = "text/csv";
         }
         auto r = service->import_bank_result(*ctx.user(), *id, bytes, content_type, bank, ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         return http::json_response(
             json::object{{"paid", r->paid}, {"failed", r->failed}, {"unchanged", r->unchanged}});
       }},
  });
}

}  // namespace

void register_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher) {
  auto service = std::make_shared<Service>(db, cipher);
  service->install_default_policies();
  policy_routes(router, service);
  batch_routes(router, service);
  decision_routes(router, service);
  payment_routes(router, service);
}

}  // namespace jz::subsidy
