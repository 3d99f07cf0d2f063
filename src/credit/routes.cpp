#include "credit/routes.hpp"

#include <boost/json.hpp>
#include <cctype>

#include "common/time.hpp"
#include "credit/api_types.hpp"

namespace jz::credit {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

// Roles that may see a worker's full record (scope decides whose): everyone but institutions and consumers.
Access viewers_of_records() {
  return Access::only(
      {Role::province_admin, Role::department, Role::city_officer, Role::enterprise, Role::worker});
}

using http::parse_id;

// The path's {id}; an id that is not a positive number names nothing.
Result<int64_t> path_id(http::Context& ctx) { return http::path_id(ctx.req()); }

struct Paging {
  int64_t page = 1;
  int64_t size = 20;
};

Result<Paging> paging(const http::Request& req, int64_t default_size = 20) {
  auto p = http::parse_page(req, default_size);
  if (!p) return p.error();
  return Paging{p->page, p->page_size};
}

template <class T, class F>
json::object page_json(const Page<T>& page, F&& item) {
  json::array items;
  for (const auto& i : page.items) items.push_back(item(i));
  return json::object{
      {"items", std::move(items)}, {"total", page.total}, {"page", page.page}, {"page_size", page.page_size}};
}

json::value opt_json(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value opt_json(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object entry_json(const Entry& e, Lang lang) {
  const bool en = lang == Lang::en;
  const std::string today = today_utc();
  json::object o{{"id", e.id},
                 {"worker_id", e.worker_id},
                 {"kind", kind_name(e.kind)},
                 {"kind_label", kind_label(e.kind, lang)},
                 {"status", status_name(e.status)},
                 {"source", json::object{{"type", source_type_name(e.source_type)},
                                         {"id", opt_json(e.source_id)},
                                         {"name", e.source_name}}},
                 // Shown differently on every page: a fact vouched for by someone else, or her own claim.
                 {"independent", e.independent},
                 {"verification", e.independent ? "independent" : "self_claim"},
                 {"verification_label",
                  e.independent ? (en ? "Independently verified" : "独立来源核实")
                  : e.source_type == SourceType::self ? (en ? "Own claim (not verified)" : "本人自述（未核实）")
                                                      : (en ? "Claim (awaiting verification)" : "单位自述（待核实）")},
                 {"recorded_by",
                  json::object{{"role", e.recorded_by_role}, {"organisation", e.recorded_by_organisation}}},
                 // Who asserted it when it was written (credit/provenance.hpp).
                 {"asserted_by", json::object{{"role", e.asserted_role},
                                              {"organisation", e.asserted_organisation},
                                              {"user_id", opt_json(e.recorded_by)}}},
                 {"occurred_on", e.occurred_on},
                 {"valid_until", opt_json(e.valid_until)},
                 {"lapsed", e.valid_until.has_value() && *e.valid_until < today},
                 {"summary", e.summary},
                 {"details", e.details},
                 {"evidence", e.evidence},
                 {"created_at", e.created_at},
                 {"updated_at", e.updated_at}};
  o["health"] = e.health ? json::value(*e.health) : json::value(nullptr);
  // The entry holds health data this viewer may not see (only the worker and officials in scope may).
  o["health_restricted"] = e.has_health_data && !e.health;
  return o;
}

// Labels of coded values in the request's language: {code, 中文, English}.
struct Label {
  std::string_view code, zh, en;
};
template <size_t N>
std::string label_of(const Label (&table)[N], std::string_view code, Lang lang, std::string_view otherwise) {
  for (const auto& l : table)
    if (l.code == code) return std::string(lang == Lang::en ? l.en : l.zh);
  return std::string(otherwise);
}

json::object complaint_json(const Complaint& c, Lang lang) {
  static constexpr Label kLabels[] = {{"received", "已受理", "Received"},
                                      {"investigating", "调查中", "Under investigation"},
                                      {"upheld", "投诉成立", "Upheld"},
                                      {"rejected", "投诉不成立", "Rejected"}};
  static constexpr Label kStages[] = {{"enterprise", "待企业答复", "Awaiting the enterprise's reply"},
                                      {"officer", "市州处理中", "With the prefecture"},
                                      {"settled", "已接受企业答复", "Settled with the enterprise's reply"}};
  return json::object{{"id", c.id},
                      {"worker_id", c.worker_id},
                      {"worker_name", c.worker_name_masked},
                      {"prefecture_code", c.worker_prefecture},
                      {"text", c.text},
                      {"status", c.status},
                      {"status_label", label_of(kLabels, c.status, lang, c.status)},
                      {"findings", c.findings},
                      {"entry_id", opt_json(c.entry_id)},
                      {"created_at", c.created_at},
                      {"updated_at", c.updated_at},
                      // About a service order (null before complaints named one): who has it now and until when.
                      {"order_id", opt_json(c.order_id)},
                      {"enterprise_id", opt_json(c.enterprise_id)},
                      {"stage", c.stage.empty() ? json::value(nullptr) : json::value(c.stage)},
                      {"stage_label", label_of(kStages, c.stage, lang, "")},
                      {"reply_due", c.reply_due.empty() ? json::value(nullptr) : json::value(c.reply_due)},
                      {"enterprise_reply", c.enterprise_reply},
                      {"replied_at", opt_json(c.replied_at)},
                      {"escalated_at", opt_json(c.escalated_at)},
                      {"escalation", c.escalation}};
}

json::object dispute_json(const Dispute& d) {
  return json::object{{"id", d.id},
                      {"entry_id", d.entry_id},
                      {"worker_id", d.worker_id},
                      {"worker_name", d.worker_name_masked},
                      {"entry_kind", d.entry_kind},
                      {"entry_summary", d.entry_summary},
                      {"reason", d.reason},
                      {"status", d.status},
                      {"resolution", d.resolution},
                      {"created_at", d.created_at},
                      {"resolved_at", opt_json(d.resolved_at)}};
}

json::object review_json(const Review& r) {
  return json::object{{"id", r.id},
                      {"worker_id", r.worker_id},
                      {"skill", r.skill},
                      {"attitude", r.attitude},
                      {"punctuality", r.punctuality},
                      {"hygiene", r.hygiene},
                      {"average", (r.skill + r.attitude + r.punctuality + r.hygiene) / 4.0},
                      {"text", r.text},
                      {"entry_id", opt_json(r.entry_id)},
                      {"order_id", opt_json(r.order_id)},
                      {"tied_to_order", r.order_id.has_value()},
                      {"created_at", r.created_at}};
}

json::object reminder_json(const Reminder& m, Lang lang) {
  static constexpr Label kLabels[] = {{"health_check", "健康体检", "Health check"},
                                      {"insurance", "保险", "Insurance"},
                                      {"service_certificate", "居家上门服务证", "Home-service certificate"}};
  return json::object{{"type", m.type},
                      {"type_label", label_of(kLabels, m.type, lang, m.type)},
                      {"worker_id", m.worker_id},
                      {"worker_name", m.worker_name_masked},
                      {"enterprise_id", opt_json(m.enterprise_id)},
                      {"prefecture_code", m.prefecture_code},
                      {"record_id", m.record_id},
                      {"label", m.label},
                      {"valid_until", m.valid_until},
                      {"days_left", m.days_left},
                      {"lapsed", m.lapsed}};
}

json::object viewer_json(const Viewer& v, Lang lang) {
  static constexpr Label kActions[] = {{"credit_file.view", "查看信用档案", "Viewed the credit file"},
                                       {"credit_score.view", "查看信用分", "Viewed the credit score"},
                                       {"credit_entry.history", "查看档案记录的历史", "Viewed an entry's history"},
                                       {"credit_entry.create", "录入健康体检", "Recorded a health check"},
                                       {"worker.view", "查看个人信息", "Viewed the personal record"},
                                       {"worker.update", "修改个人信息", "Changed the personal record"}};
  return json::object{{"at", v.at},
                      {"action", v.action},
                      {"action_label", label_of(kActions, v.action, lang, lang == Lang::en ? "Viewed the record" : "查看个人记录")},
                      {"role", v.role},
                      {"organisation", v.organisation}};
}

json::object report_json(const CreditReport& r, Lang lang) {
  const ScoreRules rules;
  json::array components;
  for (const auto& c : r.score.components) {
    json::array records;
    for (int64_t id : c.records) {
      auto it = r.records.find(id);
      if (it == r.records.end()) continue;
      const Entry& e = it->second;
      records.push_back(json::object{{"id", e.id},
                                     {"kind", kind_name(e.kind)},
                                     {"kind_label", kind_label(e.kind, lang)},
                                     {"status", status_name(e.status)},
                                     {"summary", e.summary},
                                     {"occurred_on", e.occurred_on},
                                     {"valid_until", opt_json(e.valid_until)},
                                     {"source_type", source_type_name(e.source_type)},
                                     {"source_name", e.source_name},
                                     {"independent", e.independent}});
    }
    components.push_back(json::object{{"key", c.key},
                                      {"label_zh", c.label_zh},
                                      {"label_en", c.label_en},
                                      {"weight", c.weight},
                                      {"cap", c.cap},
                                      {"points", c.points},
                                      {"explanation", c.explanation_zh},
                                      {"explanation_en", c.explanation_en},
                                      {"records", std::move(records)}});
  }
  return json::object{{"worker_id", r.worker_id},
                      {"score", r.score.score},
                      {"band", std::string(1, r.score.band)},
                      {"band_label", lang == Lang::en ? band_label_en(r.score.band) : band_label_zh(r.score.band)},
                      {"band_label_en", band_label_en(r.score.band)},
                      {"scale", json::object{{"min", 0}, {"max", 100}}},
                      {"bands", json::object{{"A", rules.band_a}, {"B", rules.band_b}, {"C", rules.band_c}}},
                      {"computed_at", r.computed_at},
                      {"components", std::move(components)}};
}

// An optional text field: absent or null → nullopt; present but not text → an error.
Result<std::optional<std::string>> optional_text(const json::object& o, std::string_view key,
                                                 size_t max_bytes) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return make_error("invalid_field", std::string(key), "text expected");
  if (v->as_string().size() > max_bytes) return make_error("invalid_field", std::string(key), "too long");
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<RecordRequest> parse_record_request(const json::object& body) {
  RecordRequest r;
  auto kind = http::required_string(body, "kind", 64);
  if (!kind) return kind.error();
  auto k = parse_kind(*kind);
  if (!k) return make_error("invalid_field", "kind", "unknown kind");
  r.kind = *k;
  auto occurred = http::required_string(body, "occurred_on", 32);
  if (!occurred) return occurred.error();
  r.occurred_on = *occurred;
  auto until = optional_text(body, "valid_until", 32);
  if (!until) return until.error();
  r.valid_until = *until;
  if (const json::value* d = body.if_contains("details"); d && !d->is_null()) {
    if (!d->is_object()) return make_error("invalid_field", "details", "object expected");
    r.details = d->as_object();
  }
  auto evidence = optional_text(body, "evidence", 4000);
  if (!evidence) return evidence.error();
  r.evidence = evidence->value_or("");
  return r;
}

// Credit entries: the file, its summary and new entries.
void entry_routes(http::Router& router, Service& service) {
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/workers/{id}/credit-entries",
       .access = viewers_of_records(),
       .sensitive = true,
       .summary =
           "A worker's credit file (信用档案), newest first; filters kind, status; health results only "
           "for the worker and officials in scope",
       .paged = true,
       .response = http::paged_schema_of<api::CreditEntry>(),
       .handler = [&service](http::Context& ctx) {
         auto id = path_id(ctx);
         if (!id) return ctx.fail(id.error());
         auto pg = paging(ctx.req(), 50);
         if (!pg) return ctx.fail(pg.error());
         EntryFilter f;
         f.page = pg->page;
         f.page_size = pg->size;
         if (auto k = ctx.req().query_param("kind"); k && !k->empty()) {
           if (!parse_kind(*k)) return ctx.fail(make_error("invalid_field", "kind", "unknown kind"));
           f.kind = *k;
         }
         if (auto s = ctx.req().query_param("status"); s && !s->empty()) {
           if (!parse_status(*s))
             return ctx.fail(make_error("invalid_field", "status", "active|disputed|withdrawn"));
           f.status = *s;
         }
         auto r = service.list_entries(*ctx.user(), *id, f, ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         return http::json_response(page_json(*r, [lang = ctx.lang()](const auto& x) { return entry_json(x, lang); }));
       }});

  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/workers/{id}/credit-entries",
       .access = Access::only(
           {Role::province_admin, Role::city_officer, Role::enterprise, Role::institution, Role::worker}),
       .sensitive = true,
       .summary =
           "Record an entry: enterprise → employment, insurance, health_check (own staff); institution "
           "→ training, competition; officials in scope → any kind but reviews and complaints; the "
           "worker → employment, training as self-claims",
       .request = http::schema_of<api::WorkerCreditEntryInput>(),
       .response = http::schema_of<api::CreditEntry>(),
       .status = 201,
       .handler = [&service](http::Context& ctx) {
         auto id = path_id(ctx);
         if (!id) return ctx.fail(id.error());
         auto body = http::parse_json_object(ctx.req());
         if (!body) return ctx.fail(body.error());
         auto req = parse_record_request(*body);
         if (!req) return ctx.fail(req.error());
         auto r = service.record_entry(*ctx.user(), *id, *req, ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         return http::json_response(entry_json(*r, ctx.lang()), 201);
       }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/{id}/credit",
              .access = viewers_of_records(),
              .sensitive = true,
              .summary =
                  "The worker's credit score (0–100), band A–D and each component with its weight, cap, "
                  "points, explanation and the entries behind it (docs/credit-score.md)",
              .response = http::schema_of<api::WorkerCreditView>(),
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto r = service.credit_report(*ctx.user(), *id, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(report_json(*r, ctx.lang()));
              }});
}

// Reviews by consumers.
void review_routes(http::Router& router, Service& service) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/{id}/reviews",
              .access = viewers_of_records(),
              .summary = "Consumer reviews of a worker with their text, newest first (withdrawn ones hidden)",
              .paged = true,
              .response = http::paged_schema_of<api::WorkerReview>(),
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto pg = paging(ctx.req());
                if (!pg) return ctx.fail(pg.error());
                auto r = service.list_reviews(*ctx.user(), *id, pg->page, pg->size);
                if (!r) return ctx.fail(r.error());
                return http::json_response(page_json(*r, review_json));
              }});

  // Reviews come only from a completed service order now (issue 11): the old route stays, so that a client
  // still using it learns where reviews went instead of a 404, and writes nothing.
  router.add({.method = http::Method::post,
              .path = "/api/v1/workers/{id}/reviews",
              .access = Access::only({Role::consumer}),
              .summary = "Refused (review_needs_order): a review is written about a completed service order, "
                         "POST /api/v1/services/orders/{id}/review",
              .handler = [](http::Context& ctx) {
                return ctx.fail(make_error("review_needs_order", "order_id", "POST /api/v1/services/orders/{id}/review"));
              }});
}

// Complaints and their handling.
void complaint_routes(http::Router& router, Service& service) {
  // Filing a complaint (POST /api/v1/workers/{id}/complaints) is services' route: a complaint names an order
  // (src/services/routes.cpp). Here: the officials' queue and their handling, which also reads older complaints.
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/complaints",
       .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise}),
       .summary = "Complaints about workers in the caller's scope (officials: their 市州 or all; enterprise: "
                  "its staff), newest first; filter status",
       .paged = true,
       .response = http::paged_schema_of<api::Complaint>(),
       .handler = [&service](http::Context& ctx) {
         auto pg = paging(ctx.req());
         if (!pg) return ctx.fail(pg.error());
         std::optional<std::string> status;
         if (auto s = ctx.req().query_param("status"); s && !s->empty()) {
           if (*s != "received" && *s != "investigating" && *s != "upheld" && *s != "rejected")
             return ctx.fail(make_error("invalid_field", "status", "received|investigating|upheld|rejected"));
           status = *s;
         }
         auto r = service.list_complaints(*ctx.user(), status, pg->page, pg->size);
         if (!r) return ctx.fail(r.error());
         return http::json_response(page_json(*r, [lang = ctx.lang()](const auto& x) { return complaint_json(x, lang); }));
       }});

  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/complaints/{id}/transition",
       .access = Access::only({Role::province_admin, Role::city_officer}),
       .summary =
           "Move a complaint on: received → investigating → upheld | rejected, with findings; an upheld "
           "complaint enters the credit file",
       .request = http::schema_of<api::ComplaintTransitionInput>(),
       .response = http::schema_of<api::Complaint>(),
       .handler = [&service](http::Context& ctx) {
         auto id = path_id(ctx);
         if (!id) return ctx.fail(id.error());
         auto body = http::parse_json_object(ctx.req());
         if (!body) return ctx.fail(body.error());
         auto status = http::required_string(*body, "status", 32);
         if (!status) return ctx.fail(status.error());
         auto findings = optional_text(*body, "findings", 16000);
         if (!findings) return ctx.fail(findings.error());
         auto r =
             service.transition_complaint(*ctx.user(), *id, *status, findings->value_or(""), ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         json::object out = complaint_json(r->complaint, ctx.lang());
         out["credit_entry_id"] = opt_json(r->entry_id);
         out["score"] = r->score ? json::value(*r->score) : json::value(nullptr);
         return http::json_response(out);
       }});
}

// Disputes of entries and their history.
void dispute_routes(http::Router& router, Service& service) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/credit-entries/{id}/disputes",
              .access = Access::only({Role::worker}),
              .summary =
                  "The worker contests one of her entries (reason ≤ 1000 characters); it stays on file, "
                  "marked disputed, until an official resolves it",
              .request = http::schema_of<api::CreditEntryDisputeInput>(),
              .response = http::schema_of<api::Dispute>(),
              .status = 201,
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto reason = http::required_string(*body, "reason", 8000);
                if (!reason) return ctx.fail(reason.error());
                auto r = service.open_dispute(*ctx.user(), *id, *reason, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(dispute_json(*r), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/disputes",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer}),
              .summary = "Disputes about entries of workers in the official's scope; status=open (default), "
                         "accepted, rejected or all",
              .paged = true,
              .response = http::paged_schema_of<api::Dispute>(),
              .handler = [&service](http::Context& ctx) {
                auto pg = paging(ctx.req());
                if (!pg) return ctx.fail(pg.error());
                std::optional<std::string> status = "open";
                if (auto s = ctx.req().query_param("status"); s && !s->empty()) {
                  if (*s == "all")
                    status.reset();
                  else if (*s == "open" || *s == "accepted" || *s == "rejected")
                    status = *s;
                  else
                    return ctx.fail(make_error("invalid_field", "status", "open|accepted|rejected|all"));
                }
                auto r = service.list_disputes(*ctx.user(), status, pg->page, pg->size);
                if (!r) return ctx.fail(r.error());
                return http::json_response(page_json(*r, dispute_json));
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/disputes/{id}/resolve",
              .access = Access::only({Role::province_admin, Role::city_officer}),
              .summary =
                  "Resolve a dispute {accept, resolution}: accepted → the entry is withdrawn; rejected → it "
                  "is active again; the entry's history keeps both",
              .request = http::schema_of<api::DisputeResolveInput>(),
              .response = http::schema_of<api::DisputeResolveResult>(),
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto accept = http::required_bool(*body, "accept");
                if (!accept) return ctx.fail(accept.error());
                auto resolution = http::required_string(*body, "resolution", 16000);
                if (!resolution) return ctx.fail(resolution.error());
                auto r = service.resolve_dispute(*ctx.user(), *id, *accept, *resolution, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(dispute_json(*r));
              }});

  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/credit-entries/{id}/history",
       .access = viewers_of_records(),
       .sensitive = true,
       .summary = "One entry with its history (created, disputed, withdrawn, restored) and its disputes",
       .response = http::schema_of<api::CreditEntryHistoryView>(),
       .handler = [&service](http::Context& ctx) {
         auto id = path_id(ctx);
         if (!id) return ctx.fail(id.error());
         auto r = service.history(*ctx.user(), *id, ctx.actor());
         if (!r) return ctx.fail(r.error());
         ctx.audit_done();
         json::array events, disputes;
         for (const auto& e : r->events)
           events.push_back(json::object{{"at", e.at},
                                         {"action", e.action},
                                         {"note", e.note},
                                         {"actor_role", e.actor_role},
                                         {"actor_organisation", e.actor_organisation}});
         for (const auto& d : r->disputes) disputes.push_back(dispute_json(d));
         return http::json_response(json::object{{"entry", entry_json(r->entry, ctx.lang())},
                                                 {"events", std::move(events)},
                                                 {"disputes", std::move(disputes)}});
       }});
}

// Reminders and what a consumer or worker sees of herself.
void reminder_routes(http::Router& router, Service& service) {
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/reminders",
       .access = viewers_of_records(),
       .summary =
           "Health checks, insurance and service certificates lapsing within `within` days (30, 60 or "
           "90) for the caller's workers, and those lapsed in the last year (flagged) with nothing newer",
       .response = http::schema_of<api::RemindersView>(),
       .handler = [&service](http::Context& ctx) {
         int within = 30;
         if (auto w = ctx.req().query_param("within"); w && !w->empty()) {
           if (*w != "30" && *w != "60" && *w != "90")
             return ctx.fail(make_error("invalid_field", "within", "30, 60 or 90"));
           within = std::stoi(*w);
         }
         auto pg = paging(ctx.req(), 50);
         if (!pg) return ctx.fail(pg.error());
         auto r = service.reminders(*ctx.user(), within, pg->page, pg->size);
         if (!r) return ctx.fail(r.error());
         json::object out = page_json(*r, [lang = ctx.lang()](const auto& x) { return reminder_json(x, lang); });
         out["within"] = within;
         return http::json_response(out);
       }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/me/complaints",
              .access = Access::only({Role::consumer}),
              .summary = "The complaints the logged-in consumer filed, with status and findings, newest first",
              .paged = true,
              .response = http::paged_schema_of<api::Complaint>(),
              .handler = [&service](http::Context& ctx) {
                auto pg = paging(ctx.req());
                if (!pg) return ctx.fail(pg.error());
                auto r = service.my_complaints(*ctx.user(), pg->page, pg->size);
                if (!r) return ctx.fail(r.error());
                return http::json_response(page_json(*r, [lang = ctx.lang()](const auto& x) { return complaint_json(x, lang); }));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/me/viewers",
              .access = Access::only({Role::worker}),
              .summary =
                  "Who viewed the logged-in worker's record: time, role and organisation of every audited "
                  "access, newest first",
              .paged = true,
              .response = http::paged_schema_of<api::MeViewer>(),
              .handler = [&service](http::Context& ctx) {
                auto pg = paging(ctx.req());
                if (!pg) return ctx.fail(pg.error());
                auto r = service.viewers(*ctx.user(), pg->page, pg->size);
                if (!r) return ctx.fail(r.error());
                return http::json_response(page_json(*r, [lang = ctx.lang()](const auto& x) { return viewer_json(x, lang); }));
              }});
}

}  // namespace

void register_routes(http::Router& router, Service& service) {
  entry_routes(router, service);
  review_routes(router, service);
  complaint_routes(router, service);
  dispute_routes(router, service);
  reminder_routes(router, service);
}

json::object complaint_to_json(const Complaint& c, Lang lang) { return complaint_json(c, lang); }

}  // namespace jz::credit
