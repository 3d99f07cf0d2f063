#include "services/routes.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "credit/routes.hpp"
#include "registry/json_codec.hpp"
#include "security/masking.hpp"
#include "services/schemas.hpp"
#include "verify/page.hpp"
#include "verify/token_kinds.hpp"

namespace jz::services {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

// The household and the enterprise see the workers' full names, a worker her own; everyone else masked.
json::object order_json(const Order& o, const security::Principal& p, const reference::DivisionCatalog& catalog) {
  const bool party = !p.is_official();
  auto name = [&](int64_t worker_id, const std::string& n) {
    bool full = p.role == Role::consumer || p.role == Role::enterprise || (p.worker_id && *p.worker_id == worker_id);
    return full ? n : security::mask_name(n);
  };
  const auto* county = catalog.find(o.county_code);
  const auto* pref = catalog.find(o.prefecture_code);
  json::array chain;
  for (const auto& a : o.assignments)
    chain.push_back(json::object{{"id", a.id},
                                 {"worker_id", a.worker_id},
                                 {"worker_name", name(a.worker_id, a.worker_name)},
                                 {"status", a.status},
                                 {"replaces_id", opt(a.replaces_id)},
                                 {"reason", a.reason},
                                 {"proposed_at", a.proposed_at},
                                 {"accepted_at", opt(a.accepted_at)},
                                 {"ended_at", opt(a.ended_at)}});
  return json::object{{"id", o.id},
                      {"enterprise_id", o.enterprise_id},
                      {"enterprise_name", o.enterprise_name},
                      {"worker_id", opt(o.worker_id)},
                      {"worker_name", o.worker_id ? json::value(name(*o.worker_id, o.worker_name)) : json::value(nullptr)},
                      {"service_type", o.service_type},
                      {"service_type_label", service_type_label(o.service_type)},
                      {"mode", o.mode},
                      {"mode_label", mode_label(o.mode)},
                      {"county_code", o.county_code},
                      {"county", county ? county->name : o.county_code},
                      {"prefecture_code", o.prefecture_code},
                      {"prefecture", pref ? pref->name : o.prefecture_code},
                      {"starts_on", o.starts_on},
                      {"ends_on", opt(o.ends_on)},
                      {"note", party ? o.note : std::string()},
                      {"status", o.status},
                      {"start_confirmed", json::object{{"consumer", o.start_by_consumer}, {"enterprise", o.start_by_enterprise}}},
                      {"complete_confirmed",
                       json::object{{"consumer", o.complete_by_consumer}, {"enterprise", o.complete_by_enterprise}}},
                      {"started_on", opt(o.started_on)},
                      {"completed_on", opt(o.completed_on)},
                      {"cancel_reason", o.cancel_reason},
                      {"cancelled_by_role", o.cancelled_by_role},
                      {"employment_entry_id", opt(o.employment_entry_id)},
                      {"reviewed", o.reviewed},
                      {"assignments", std::move(chain)},
                      {"created_at", o.created_at},
                      {"updated_at", o.updated_at}};
}

json::object contract_json(const Contract& c, const Service& svc) {
  json::array confs;
  for (const auto& x : c.confirmations)
    confs.push_back(json::object{{"party", x.party}, {"at", x.at}, {"digest", x.digest}});
  json::array required;
  for (const auto& r : required_parties(c.template_code)) required.push_back(json::value(r));
  return json::object{{"id", c.id},
                      {"order_id", c.order_id},
                      {"version", c.version},
                      {"template_code", c.template_code},
                      {"template_version", c.template_version},
                      {"worker_id", c.worker_id},
                      {"fields", fields_to_json(c.fields)},
                      {"content_sha256", c.content_sha256},
                      {"status", c.status},
                      {"created_at", c.created_at},
                      {"confirmed_at", opt(c.confirmed_at)},
                      {"confirmations", std::move(confs)},
                      {"required_parties", std::move(required)},
                      {"verify_url", svc.verify_url(c)},
                      {"pdf_url", fmt::format("/api/v1/services/contracts/{}/pdf", c.id)}};
}

json::array warnings_json(const std::vector<Warning>& ws, Lang lang) {
  json::array out;
  for (const auto& w : ws) {
    Error e = make_error(w.code, w.field, w.detail);
    auto body = json::parse(http::error_response(e, lang).body).as_object();
    out.push_back(json::object{{"code", w.code}, {"field", w.field}, {"message", body["error"].as_object()["message"]}});
  }
  return out;
}

json::object template_json(const ContractTemplate& t) {
  json::array clauses;
  for (const auto& c : t.clauses) clauses.push_back(json::object{{"seq", c.seq}, {"heading", c.heading}, {"body", c.body}});
  return json::object{{"code", t.code},   {"version", t.version},       {"title", t.title},
                      {"source", t.source}, {"created_at", t.created_at}, {"clauses", std::move(clauses)}};
}

Result<std::string> text_field(const json::object& o, const char* key, bool required) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return make_error("missing_field", key);
    return std::string();
  }
  if (!v->is_string()) return make_error("invalid_field", key, "text expected");
  return std::string(v->as_string());
}

Result<int64_t> id_field(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return make_error("missing_field", key);
  if (v->is_int64() && v->as_int64() > 0) return v->as_int64();
  if (v->is_string())
    if (auto id = http::parse_id(std::string(v->as_string()))) return *id;
  return make_error("invalid_field", key, "id expected");
}

Result<ContractFields> parse_fields(const json::object& body) {
  const json::value* v = body.if_contains("fields");
  if (!v || !v->is_object()) return make_error("missing_field", "fields");
  Result<void> err;
  auto f = fields_from_json(v->as_object(), &err);
  if (!err) return err.error();
  return f;
}

// Sends an order, an error, or 200 with the order.
template <class F>
http::Response order_action(http::Context& ctx, const reference::DivisionCatalog& catalog, F&& f) {
  auto id = registry::codec::path_id(ctx.req(), "id");
  if (!id) return ctx.fail(id.error());
  auto body = ctx.req().body.empty() ? Result<json::object>(json::object{}) : http::parse_json_object(ctx.req());
  if (!body) return ctx.fail(body.error());
  auto o = f(*id, *body);
  if (!o) return ctx.fail(o.error());
  ctx.audit_done();
  return http::json_response(order_json(*o, *ctx.user(), catalog));
}

std::string party_label(const std::string& party, const std::string& code) {
  if (party == "consumer") return "甲方（消费者）";
  if (party == "worker") return "乙方（服务人员）";
  return code == "intermediary" ? "丙方（家政中介机构）" : "乙方（家政企业）";
}

std::string status_page(const std::optional<ContractStatus>& st) {
  using verify::html_escape;
  std::string body;
  if (!st) {
    body = "<h1>无法核验</h1><p class=bad>这个二维码不是陇原家政签发的合同码，或合同内容已被改动。请勿依据该合同提供或接受服务，"
           "可拨打 12315 或联系当地商务部门。</p>";
  } else {
    const auto& c = st->contract;
    std::string state = c.status == "confirmed"    ? "<p class=ok>各方均已确认，合同生效</p>"
                        : c.status == "superseded" ? "<p class=bad>此版本已被新版本取代</p>"
                                                   : "<p class=wait>等待各方确认</p>";
    if (c.status == "confirmed" && !st->current) state += "<p class=wait>该订单已有更新的合同版本待确认</p>";
    body = fmt::format("<h1>{}</h1>{}<dl><dt>合同</dt><dd>订单 {} · 第 {} 版 · 模板第 {} 版</dd><dt>服务</dt><dd>{} · {} · {}</dd>"
                       "<dt>家政企业</dt><dd>{}</dd><dt>服务人员</dt><dd>{}</dd><dt>内容摘要 SHA-256</dt><dd class=mono>{}</dd></dl>"
                       "<h2>确认情况</h2><ul>",
                       html_escape(st->title), state, c.order_id, c.version, c.template_version,
                       html_escape(st->service_type), html_escape(st->mode), html_escape(st->county_name),
                       html_escape(st->enterprise_name), html_escape(st->worker_name_masked), html_escape(c.content_sha256));
    for (const auto& party : st->required) {
      std::string when = "尚未确认";
      for (const auto& x : c.confirmations)
        if (x.party == party) when = "已确认（" + x.at.substr(0, 16) + " UTC）";
      body += "<li>" + html_escape(party_label(party, c.template_code)) + "：" + html_escape(when) + "</li>";
    }
    body += "</ul><p class=note>核对纸质或电子合同页脚的 SHA-256 与上面一致，即为同一份合同。</p>";
  }
  return "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,"
         "initial-scale=1\"><title>合同核验 · 陇原家政</title><style>body{font-family:sans-serif;margin:0 auto;max-width:"
         "640px;padding:16px;line-height:1.6;color:#222}h1{font-size:20px}h2{font-size:16px}dt{color:#666;font-size:13px}"
         "dd{margin:0 0 8px}.ok{color:#1a7f37;font-weight:bold}.bad{color:#b42318;font-weight:bold}.wait{color:#9a6700;"
         "font-weight:bold}.mono{font-family:monospace;word-break:break-all;font-size:12px}.note{color:#666;font-size:13px}"
         "</style></head><body>" +
         body + "</body></html>";
}

}  // namespace

std::shared_ptr<Service> register_routes(http::Router& router, db::Database& db, credit::Service& credit,
                                         const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog,
                                         const std::filesystem::path& key_dir, const std::string& public_url) {
  auto svc = std::make_shared<Service>(db, catalog, credit, cipher, verify::SigningKey::load_or_create(key_dir),
                                       public_url);
  verify::register_token_kind(kContractTokenVersion,
                              [svc](std::string_view token) -> std::optional<verify::OtherTokenAnswer> {
                                auto st = svc->verify_contract_token(token);
                                if (!st) return std::nullopt;
                                json::object o{{"result", "valid"},
                                               {"kind", "service_contract"},
                                               {"status", st->contract.status},
                                               {"current", st->current},
                                               {"content_sha256", st->contract.content_sha256}};
                                return verify::OtherTokenAnswer{std::move(o), "/v/c/" + std::string(token)};
                              });
  const auto parties_and_officials = Access::only({Role::consumer, Role::enterprise, Role::worker, Role::city_officer,
                                                   Role::province_admin, Role::department});
  const auto parties = Access::only({Role::consumer, Role::enterprise, Role::worker});

  router.add({.method = http::Method::get,
              .path = "/api/v1/services/enterprises",
              .access = Access::anyone(),
              .summary = "Listed enterprises a household can book (prefecture=6201 optional)",
              .query = {{.name = "prefecture", .description = "市州 code"}},
              .response = http::items_schema_of<api::BookableEnterprise>(),
              .handler = [svc](http::Context& ctx) {
                auto pref = ctx.req().query_param("prefecture").value_or("");
                if (!pref.empty() && (pref.size() != 4 || pref.find_first_not_of("0123456789") != std::string::npos))
                  return ctx.fail(make_error("invalid_field", "prefecture", "4 digits"));
                json::array items;
                for (const auto& e : svc->listed_enterprises(pref))
                  items.push_back(json::object{{"id", e.id}, {"name", e.name}, {"prefecture_code", e.prefecture_code},
                                               {"division_code", e.division_code}});
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders",
              .access = Access::only({Role::consumer}),
              .summary = "A household books a service: {enterprise_id, service_type, mode, county_code, starts_on, "
                         "ends_on?, note?}",
              .request = http::schema_of<api::OrderInput>(),
              .response = http::schema_of<api::OrderView>(),
              .status = 201,
              .handler = [svc, &catalog](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                NewOrder in;
                auto ent = id_field(*body, "enterprise_id");
                if (!ent) return ctx.fail(ent.error());
                in.enterprise_id = *ent;
                for (auto [key, out] : {std::pair{"service_type", &in.service_type}, std::pair{"mode", &in.mode},
                                        std::pair{"county_code", &in.county_code}, std::pair{"starts_on", &in.starts_on}}) {
                  auto v = text_field(*body, key, true);
                  if (!v) return ctx.fail(v.error());
                  *out = *v;
                }
                auto ends = text_field(*body, "ends_on", false);
                if (!ends) return ctx.fail(ends.error());
                if (!ends->empty()) in.ends_on = *ends;
                auto note = text_field(*body, "note", false);
                if (!note) return ctx.fail(note.error());
                in.note = *note;
                auto o = svc->create_order(*ctx.user(), in, ctx.actor());
                if (!o) return ctx.fail(o.error());
                ctx.audit_done();
                return http::json_response(order_json(*o, *ctx.user(), catalog), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/services/orders",
              .access = parties_and_officials,
              .summary = "Orders in the caller's scope (her own, the enterprise's, the worker's, the 市州's), "
                         "newest first; status, page, page_size",
              .query = {{.name = "status"}},
              .paged = true,
              .response = http::paged_schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto page = registry::codec::parse_page(ctx.req());
                if (!page) return ctx.fail(page.error());
                OrderFilter f;
                f.page = page->page;
                f.page_size = page->page_size;
                if (auto st = ctx.req().query_param("status"); st && !st->empty()) f.status = *st;
                auto r = svc->list_orders(*ctx.user(), f);
                if (!r) return ctx.fail(r.error());
                json::array items;
                for (const auto& o : r->items) items.push_back(order_json(o, *ctx.user(), catalog));
                return http::json_response(json::object{
                    {"items", std::move(items)}, {"total", r->total}, {"page", r->page}, {"page_size", r->page_size}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/services/orders/{id}",
              .access = parties_and_officials,
              .summary = "One order with its chain of assigned workers",
              .response = http::schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto o = svc->order(*ctx.user(), *id);
                if (!o) return ctx.fail(o.error());
                return http::json_response(order_json(*o, *ctx.user(), catalog));
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/propose",
              .access = Access::only({Role::enterprise}),
              .summary = "The enterprise proposes one of its workers: {worker_id} (requested → proposed)",
              .request = http::schema_of<api::Proposal>(),
              .response = http::schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                return order_action(ctx, catalog, [&](int64_t id, const json::object& b) -> Result<Order> {
                  auto w = id_field(b, "worker_id");
                  if (!w) return w.error();
                  return svc->propose(*ctx.user(), id, *w, ctx.actor());
                });
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/replace",
              .access = Access::only({Role::enterprise}),
              .summary = "换人: {worker_id, reason}; the order goes back to proposed with the new worker",
              .request = http::schema_of<api::Replacement>(),
              .response = http::schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                return order_action(ctx, catalog, [&](int64_t id, const json::object& b) -> Result<Order> {
                  auto w = id_field(b, "worker_id");
                  if (!w) return w.error();
                  auto reason = text_field(b, "reason", true);
                  if (!reason) return reason.error();
                  return svc->replace(*ctx.user(), id, *w, *reason, ctx.actor());
                });
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/accept",
              .access = Access::only({Role::worker}),
              .summary = "The proposed worker accepts (proposed → accepted)",
              .response = http::schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                return order_action(ctx, catalog, [&](int64_t id, const json::object&) {
                  return svc->accept(*ctx.user(), id, ctx.actor());
                });
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/decline",
              .access = Access::only({Role::worker}),
              .summary = "The proposed worker declines: {reason?} (proposed → requested)",
              .request = http::schema_of<api::OptionalReason>(),
              .response = http::schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                return order_action(ctx, catalog, [&](int64_t id, const json::object& b) -> Result<Order> {
                  auto reason = text_field(b, "reason", false);
                  if (!reason) return reason.error();
                  return svc->decline(*ctx.user(), id, *reason, ctx.actor());
                });
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/start",
              .access = Access::only({Role::consumer, Role::enterprise}),
              .summary = "Household and enterprise each confirm the service started (contracted → in_service "
                         "once both did)",
              .response = http::schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                return order_action(ctx, catalog, [&](int64_t id, const json::object&) {
                  return svc->start(*ctx.user(), id, ctx.actor());
                });
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/complete",
              .access = Access::only({Role::consumer, Role::enterprise}),
              .summary = "Household and enterprise each confirm completion (in_service → completed once both did; "
                         "writes the employment entry)",
              .response = http::schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                return order_action(ctx, catalog, [&](int64_t id, const json::object&) {
                  return svc->complete(*ctx.user(), id, ctx.actor());
                });
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/cancel",
              .access = Access::only({Role::consumer, Role::enterprise}),
              .summary = "Cancel an order not yet completed: {reason}",
              .request = http::schema_of<api::Reason>(),
              .response = http::schema_of<api::OrderView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                return order_action(ctx, catalog, [&](int64_t id, const json::object& b) -> Result<Order> {
                  auto reason = text_field(b, "reason", true);
                  if (!reason) return reason.error();
                  return svc->cancel(*ctx.user(), id, *reason, ctx.actor());
                });
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/review",
              .access = Access::only({Role::consumer}),
              .summary = "The household reviews a completed order once: {skill, attitude, punctuality, hygiene, text?}",
              .request = http::schema_of<api::ReviewInput>(),
              .response = http::schema_of<api::ReviewView>(),
              .status = 201,
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                credit::ReviewInput in;
                for (auto [key, out] : {std::pair{"skill", &in.skill}, std::pair{"attitude", &in.attitude},
                                        std::pair{"punctuality", &in.punctuality}, std::pair{"hygiene", &in.hygiene}}) {
                  const json::value* v = body->if_contains(key);
                  if (!v || !v->is_int64()) return ctx.fail(make_error("missing_field", key));
                  *out = static_cast<int>(std::clamp<int64_t>(v->as_int64(), -1, 99));
                }
                auto text = text_field(*body, "text", false);
                if (!text) return ctx.fail(text.error());
                in.text = *text;
                auto r = svc->review_order(*ctx.user(), *id, in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(json::object{{"id", r->id},
                                                        {"order_id", *id},
                                                        {"worker_id", r->worker_id},
                                                        {"entry_id", opt(r->entry_id)},
                                                        {"created_at", r->created_at}},
                                           201);
              }});

  // ---- Complaints about an order: enterprise first, then the order's 市州 officer ----
  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/complaints",
              .access = Access::only({Role::consumer}),
              .summary = "The household complains about its order: {text} (≤ 1000 characters); the enterprise has 3 "
                         "working days to reply, then the order's 市州 officer takes it",
              .request = http::schema_of<api::ComplaintInput>(),
              .response = http::schema_of<api::ComplaintView>(),
              .status = 201,
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto text = text_field(*body, "text", true);
                if (!text) return ctx.fail(text.error());
                auto c = svc->file_complaint(*ctx.user(), *id, *text, ctx.actor());
                if (!c) return ctx.fail(c.error());
                ctx.audit_done();
                return http::json_response(credit::complaint_to_json(*c, ctx.lang()), 201);
              }});

  // The same complaint reached from the worker's certificate (Feedback page): {order_id, text}; the order must
  // be the household's and served by this worker. {id} is her number or the public id on the certificate.
  router.add({.method = http::Method::post,
              .path = "/api/v1/workers/{id}/complaints",
              .access = Access::only({Role::consumer}),
              .summary = "Complain about a worker who served one of your orders: {order_id, text} (≤ 1000 characters); "
                         "{id} may be the public id on her certificate. Without an order: 422 complaint_needs_order",
              .handler = [svc, &credit](http::Context& ctx) {
                auto worker = http::parse_id(ctx.param("id"));
                Result<int64_t> w = worker ? Result<int64_t>(*worker) : credit.worker_by_public_id(ctx.param("id"));
                if (!w) return ctx.fail(w.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto text = text_field(*body, "text", true);
                if (!text) return ctx.fail(text.error());
                const json::value* order = body->if_contains("order_id");
                if (!order || order->is_null()) return ctx.fail(make_error("complaint_needs_order", "order_id"));
                auto order_id = id_field(*body, "order_id");
                if (!order_id) return ctx.fail(order_id.error());
                auto c = svc->file_complaint(*ctx.user(), *order_id, *text, ctx.actor(), *w);
                if (!c) return ctx.fail(c.error());
                ctx.audit_done();
                return http::json_response(credit::complaint_to_json(*c, ctx.lang()), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/services/orders/{id}/complaints",
              .access = parties_and_officials,
              .summary = "The complaints about one order with their stage, deadline, the enterprise's reply and the "
                         "findings",
              .response = http::items_schema_of<api::ComplaintView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto r = svc->order_complaints(*ctx.user(), *id);
                if (!r) return ctx.fail(r.error());
                json::array items;
                for (const auto& c : *r) items.push_back(credit::complaint_to_json(c, ctx.lang()));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/complaints/{id}/reply",
              .access = Access::only({Role::enterprise}),
              .summary = "The order's enterprise replies once, before the deadline: {reply}. It cannot close the "
                         "complaint; the household accepts the reply or takes it to the 市州",
              .request = http::schema_of<api::ReplyInput>(),
              .response = http::schema_of<api::ComplaintView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto reply = text_field(*body, "reply", true);
                if (!reply) return ctx.fail(reply.error());
                auto c = svc->reply_complaint(*ctx.user(), *id, *reply, ctx.actor());
                if (!c) return ctx.fail(c.error());
                ctx.audit_done();
                return http::json_response(credit::complaint_to_json(*c, ctx.lang()));
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/complaints/{id}/decision",
              .access = Access::only({Role::consumer}),
              .summary = "The household after the enterprise's reply: {accept: true} settles the complaint, "
                         "{accept: false} takes it to the order's 市州 officer",
              .request = http::schema_of<api::DecisionInput>(),
              .response = http::schema_of<api::ComplaintView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                const json::value* accept = body->if_contains("accept");
                if (!accept) return ctx.fail(make_error("missing_field", "accept"));
                if (!accept->is_bool()) return ctx.fail(make_error("invalid_field", "accept", "true or false"));
                auto c = svc->decide_on_reply(*ctx.user(), *id, accept->as_bool(), ctx.actor());
                if (!c) return ctx.fail(c.error());
                ctx.audit_done();
                return http::json_response(credit::complaint_to_json(*c, ctx.lang()));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/services/workers/{id}/card.pdf",
              .access = Access::only({Role::enterprise}),
              .sensitive = true,
              .summary = "The 居家上门服务证 card of one of the enterprise's workers as a PDF (photo, name, enterprise, "
                         "serial, QR code of her current certificate)",
              .produces = "application/pdf",
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto pdf = svc->service_card_pdf(*ctx.user(), *id, ctx.actor());
                if (!pdf) return ctx.fail(pdf.error());
                ctx.audit_done();
                http::Response r = http::text_response(std::move(*pdf), "application/pdf");
                r.set_header("Cache-Control", "no-store");
                r.set_header("Content-Disposition", "inline; filename=\"service-card-" + std::to_string(*id) + ".pdf\"");
                return r;
              }});

  // ---- Contracts ----
  router.add({.method = http::Method::get,
              .path = "/api/v1/services/contract-templates",
              .access = Access::logged_in(),
              .summary = "The current version of each model contract (员工制, 中介制) with its clauses",
              .response = http::items_schema_of<api::TemplateView>(),
              .handler = [svc](http::Context&) {
                json::array items;
                for (const auto& t : svc->templates()) items.push_back(template_json(t));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::put,
              .path = "/api/v1/services/contract-templates/{code}",
              .access = Access::only({Role::province_admin}),
              .summary = "A new version of a model contract: {title, source?, clauses: [{heading, body}]}",
              .request = http::schema_of<api::TemplateInput>(),
              .response = http::schema_of<api::TemplateView>(),
              .status = 201,
              .handler = [svc](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto title = text_field(*body, "title", true);
                if (!title) return ctx.fail(title.error());
                auto source = text_field(*body, "source", false);
                if (!source) return ctx.fail(source.error());
                std::vector<TemplateClause> clauses;
                const json::value* cl = body->if_contains("clauses");
                if (!cl || !cl->is_array()) return ctx.fail(make_error("missing_field", "clauses"));
                for (const auto& x : cl->as_array()) {
                  if (!x.is_object()) return ctx.fail(make_error("invalid_field", "clauses", "objects expected"));
                  auto h = text_field(x.as_object(), "heading", true);
                  auto b = text_field(x.as_object(), "body", true);
                  if (!h || !b) return ctx.fail(make_error("invalid_field", "clauses", "heading and body"));
                  clauses.push_back({0, *h, *b});
                }
                auto t = svc->add_template_version(*ctx.user(), ctx.param("code"), *title, *source, clauses, ctx.actor());
                if (!t) return ctx.fail(t.error());
                ctx.audit_done();
                return http::json_response(template_json(*t), 201);
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/orders/{id}/contracts",
              .access = Access::only({Role::enterprise}),
              .summary = "A new contract version for an accepted order: {template: employee_based|intermediary, "
                         "fields: {monthly_wage, rest_days, trial_days, trial_wage, …}}; 422 on a labour-rule breach",
              .request = http::schema_of<api::ContractInput>(),
              .response = http::schema_of<api::ContractView>(),
              .status = 201,
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto code = text_field(*body, "template", true);
                if (!code) return ctx.fail(code.error());
                auto f = parse_fields(*body);
                if (!f) return ctx.fail(f.error());
                auto r = svc->create_contract(*ctx.user(), *id, *code, *f, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                auto out = contract_json(r->contract, *svc);
                out["warnings"] = warnings_json(r->warnings, ctx.lang());
                return http::json_response(out, 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/services/orders/{id}/contracts",
              .access = parties_and_officials,
              .summary = "Every contract version of an order, oldest first",
              .response = http::items_schema_of<api::ContractView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto r = svc->order_contracts(*ctx.user(), *id);
                if (!r) return ctx.fail(r.error());
                json::array items;
                for (const auto& c : *r) items.push_back(contract_json(c, *svc));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/services/contracts/{id}",
              .access = parties_and_officials,
              .summary = "One contract version with its confirmations",
              .response = http::schema_of<api::ContractView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto v = svc->contract_view(*ctx.user(), *id);
                if (!v) return ctx.fail(v.error());
                return http::json_response(contract_json(v->contract, *svc));
              }});

  router.add({.method = http::Method::put,
              .path = "/api/v1/services/contracts/{id}",
              .access = Access::only({Role::enterprise}),
              .summary = "Change a draft no party confirmed yet: {fields}; 409 contract_confirmed otherwise",
              .request = http::schema_of<api::ContractChange>(),
              .response = http::schema_of<api::ContractView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto f = parse_fields(*body);
                if (!f) return ctx.fail(f.error());
                auto r = svc->update_contract(*ctx.user(), *id, *f, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                auto out = contract_json(r->contract, *svc);
                out["warnings"] = warnings_json(r->warnings, ctx.lang());
                return http::json_response(out);
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/services/contracts/{id}/confirm",
              .access = parties,
              .summary = "A party confirms the version whose SHA-256 she saw: {digest}",
              .request = http::schema_of<api::DigestInput>(),
              .response = http::schema_of<api::ContractView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto digest = text_field(*body, "digest", true);
                if (!digest) return ctx.fail(digest.error());
                auto c = svc->confirm(*ctx.user(), *id, *digest, ctx.actor());
                if (!c) return ctx.fail(c.error());
                ctx.audit_done();
                return http::json_response(contract_json(*c, *svc));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/services/contracts/{id}/pdf",
              .access = parties_and_officials,
              .summary = "The contract as a PDF (A4, QR code, page numbers, template version, SHA-256)",
              .produces = "application/pdf",
              .handler = [svc](http::Context& ctx) {
                auto id = registry::codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto v = svc->contract_view(*ctx.user(), *id);
                if (!v) return ctx.fail(v.error());
                http::Response r = http::text_response(svc->contract_pdf(*v), "application/pdf");
                r.set_header("Content-Disposition",
                             fmt::format("inline; filename=\"contract-{}-v{}.pdf\"", v->order.id, v->contract.version));
                r.set_header("Cache-Control", "no-store");
                return r;
              }});

  router.add({.method = http::Method::get,
              .path = "/v/c/{token}",
              .access = Access::anyone(),
              .summary = "The contract verification page its QR code opens (HTML, no JavaScript)",
              .produces = "text/html; charset=utf-8",
              .handler = [svc](http::Context& ctx) {
                auto st = svc->verify_contract_token(ctx.param("token"));
                http::Response r = http::text_response(status_page(st), "text/html; charset=utf-8", st ? 200 : 404);
                r.set_header("Referrer-Policy", "no-referrer");
                r.set_header("Cache-Control", "no-store");
                return r;
              }});
  return svc;
}

}  // namespace jz::services
