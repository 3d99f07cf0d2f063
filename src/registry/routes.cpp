// Enterprise and labour-brand routes, and the registry's registration entry point.
#include "registry/routes.hpp"
#include "registry/api_types.hpp"

#include <boost/json.hpp>

#include "registry/json_codec.hpp"
#include "registry/service.hpp"

namespace jz::registry {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

EnterpriseFilter enterprise_filter(const http::Request& req) {
  EnterpriseFilter f;
  f.prefecture = req.query_param("prefecture").value_or("");
  f.county = req.query_param("county").value_or("");
  f.model = req.query_param("model").value_or("");
  f.listing_status = req.query_param("listing_status").value_or("");
  f.q = req.query_param("q").value_or("");
  if (f.q.size() > 100) f.q.resize(100);
  return f;
}

}  // namespace

void register_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                     const reference::DivisionCatalog& catalog) {
  auto service = std::make_shared<Service>(db, cipher, catalog);
  register_enterprise_routes(router, service);
  register_unit_routes(router, service);
  register_worker_routes(router, service);
}

namespace {

std::vector<http::Route> enterprise_routes(const std::shared_ptr<Service>& svc) {
  const auto& catalog = svc->catalog();
  return {
      {.method = http::Method::post,
       .path = "/api/v1/enterprises",
       .access = Access::only({Role::province_admin, Role::city_officer}),
       .summary = "Register an enterprise: {uscc, name, division_code, model, is_leading?, address?, "
                  "occupations?}. A USCC whose check character fails is accepted and held for review",
       .request = http::schema_of<api::NewEnterpriseInput>(),
       .response = http::schema_of<api::EnterpriseBody>(),
       .status = 201,
       .handler =
           [svc, &catalog](http::Context& ctx) {
             auto body = http::parse_json_object(ctx.req());
             if (!body) return ctx.fail(body.error());
             auto in = codec::enterprise_input_from_json(*body);
             if (!in) return ctx.fail(in.error());
             auto e = svc->create_enterprise(*ctx.user(), *in, ctx.actor());
             if (!e) return ctx.fail(e.error());
             ctx.audit_done();
             return http::json_response(codec::enterprise_json(*e, catalog, true), 201);
           }},

      {.method = http::Method::get,
       .path = "/api/v1/enterprises",
       .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise}),
       .summary = "Enterprises in the caller's scope; filters prefecture, county, model, listing_status, q "
                  "(name); paged",
       .paged = true,
       .response = http::paged_schema_of<api::Enterprise>(),
       .handler =
           [svc, &catalog](http::Context& ctx) {
             auto page = codec::parse_page(ctx.req());
             if (!page) return ctx.fail(page.error());
             auto list = svc->list_enterprises(*ctx.user(), enterprise_filter(ctx.req()), *page);
             if (!list) return ctx.fail(list.error());
             return http::json_response(codec::page_json(*list, *page, [&](const Enterprise& e) {
               return codec::enterprise_json(e, catalog, false);
             }));
           }},

      {.method = http::Method::get,
       .path = "/api/v1/enterprises/{id}",
       .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise}),
       .summary = "One enterprise with its occupations, brands and staff count",
       .response = http::schema_of<api::EnterpriseBody>(),
       .handler =
           [svc, &catalog](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto e = svc->get_enterprise(*ctx.user(), *id);
             if (!e) return ctx.fail(e.error());
             return http::json_response(codec::enterprise_json(*e, catalog, true));
           }},

      {.method = http::Method::patch,
       .path = "/api/v1/enterprises/{id}",
       .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise}),
       .summary = "Change an enterprise: officials every field but uscc and listing; the enterprise itself "
                  "model, address and occupations",
       .request = http::schema_of<api::EnterpriseChange>(),
       .response = http::schema_of<api::EnterpriseBody>(),
       .handler =
           [svc, &catalog](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto body = http::parse_json_object(ctx.req());
             if (!body) return ctx.fail(body.error());
             auto in = codec::enterprise_input_from_json(*body);
             if (!in) return ctx.fail(in.error());
             auto e = svc->update_enterprise(*ctx.user(), *id, *in, ctx.actor());
             if (!e) return ctx.fail(e.error());
             ctx.audit_done();
             return http::json_response(codec::enterprise_json(*e, catalog, true));
           }},

      {.method = http::Method::post,
       .path = "/api/v1/enterprises/{id}/listing",
       .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise}),
       .summary = "Change the listing on the provincial integrity platform: {status: approved|suspended|"
                  "applied, reason}. Officials of the enterprise's 市州 approve and suspend; an enterprise "
                  "may only re-apply",
       .request = http::schema_of<api::EnterpriseListingInput>(),
       .response = http::schema_of<api::EnterpriseBody>(),
       .handler =
           [svc, &catalog](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto body = http::parse_json_object(ctx.req());
             if (!body) return ctx.fail(body.error());
             auto status = http::required_string(*body, "status", 32);
             if (!status) return ctx.fail(status.error());
             auto reason_it = body->find("reason");
             if (reason_it != body->end() && !reason_it->value().is_string() && !reason_it->value().is_null())
               return ctx.fail(make_error("invalid_field", "reason", "string expected"));
             std::string reason = http::optional_string(*body, "reason").value_or("");
             auto e = svc->change_listing(*ctx.user(), *id, *status, reason, ctx.actor());
             if (!e) return ctx.fail(e.error());
             ctx.audit_done();
             return http::json_response(codec::enterprise_json(*e, catalog, true));
           }},

      {.method = http::Method::get,
       .path = "/api/v1/enterprises/{id}/listing-events",
       .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise}),
       .summary = "The history of an enterprise's listing: every status with who set it, when and why",
       .response = http::schema_of<api::EnterpriseListingEventsView>(),
       .handler =
           [svc](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto events = svc->listing_events(*ctx.user(), *id);
             if (!events) return ctx.fail(events.error());
             json::array items;
             for (const auto& ev : *events) items.push_back(codec::listing_event_json(ev));
             auto total = static_cast<int64_t>(items.size());
             return http::json_response(json::object{{"items", std::move(items)}, {"total", total}});
           }},

      {.method = http::Method::get,
       .path = "/api/v1/public/enterprises",
       .access = Access::anyone(),
       .summary = "Listed (approved) enterprises for the public directory: name, division, model, "
                  "occupations; filters prefecture, county, model, q; paged",
       .paged = true,
       .response = http::paged_schema_of<api::PublicEnterprise>(),
       .handler =
           [svc, &catalog](http::Context& ctx) {
             auto page = codec::parse_page(ctx.req());
             if (!page) return ctx.fail(page.error());
             EnterpriseFilter f = enterprise_filter(ctx.req());
             f.listing_status.clear();
             auto list = svc->list_public_enterprises(f, *page);
             return http::json_response(codec::page_json(list, *page, [&](const Enterprise& e) {
               return codec::public_enterprise_json(e, catalog);
             }));
           }},
  };
}

// Labour brands (the list itself is the reference module's GET /api/v1/labour-brands).
std::vector<http::Route> brand_routes(const std::shared_ptr<Service>& svc) {
  const auto& catalog = svc->catalog();
  return {
      {.method = http::Method::post,
       .path = "/api/v1/labour-brands",
       .access = Access::only({Role::province_admin}),
       .summary = "Add a labour brand: {code, name, home_division_code, occupations}",
       .request = http::schema_of<api::LabourBrandInput>(),
       .response = http::schema_of<api::LabourBrandResult>(),
       .status = 201,
       .handler =
           [svc, &catalog](http::Context& ctx) {
             auto body = http::parse_json_object(ctx.req());
             if (!body) return ctx.fail(body.error());
             auto in = codec::brand_input_from_json(*body);
             if (!in) return ctx.fail(in.error());
             auto b = svc->create_brand(*in, ctx.actor());
             if (!b) return ctx.fail(b.error());
             ctx.audit_done();
             return http::json_response(codec::brand_json(*b, catalog), 201);
           }},

      {.method = http::Method::get,
       .path = "/api/v1/labour-brands/{id}",
       .access = Access::anyone(),
       .summary = "One labour brand (by id or code): home division, occupations, member enterprises and "
                  "the number of workers who carry it",
       .response = http::schema_of<api::LabourBrandView>(),
       .handler =
           [svc, &catalog](http::Context& ctx) {
             const std::string& key = ctx.param("id");
             if (key.empty() || key.size() > 40) return ctx.fail(make_error("not_found"));
             auto b = svc->get_brand(key);
             if (!b) return ctx.fail(b.error());
             return http::json_response(codec::brand_json(*b, catalog));
           }},

      {.method = http::Method::post,
       .path = "/api/v1/labour-brands/{id}/enterprises",
       .access = Access::only({Role::province_admin, Role::city_officer}),
       .summary = "Add an enterprise to a brand: {enterprise_id} (a city officer: enterprises of her 市州)",
       .request = http::schema_of<api::EnterpriseIdInput>(),
       .response = http::schema_of<api::AddedResult>(),
       .status = 201,
       .also_status = {200},
       .handler =
           [svc](http::Context& ctx) {
             auto body = http::parse_json_object(ctx.req());
             if (!body) return ctx.fail(body.error());
             auto it = body->find("enterprise_id");
             if (it == body->end() || it->value().is_null())
               return ctx.fail(make_error("missing_field", "enterprise_id"));
             if (!it->value().is_int64() || it->value().as_int64() <= 0)
               return ctx.fail(make_error("invalid_field", "enterprise_id", "id expected"));
             auto r =
                 svc->add_brand_enterprise(*ctx.user(), ctx.param("id"), it->value().as_int64(), ctx.actor());
             if (!r) return ctx.fail(r.error());
             ctx.audit_done();
             return http::json_response(json::object{{"added", *r}}, *r ? 201 : 200);
           }},

      {.method = http::Method::del,
       .path = "/api/v1/labour-brands/{id}/enterprises/{enterprise_id}",
       .access = Access::only({Role::province_admin, Role::city_officer}),
       .summary = "Remove an enterprise from a brand",
       .status = 204,
       .handler =
           [svc](http::Context& ctx) {
             auto ent = codec::path_id(ctx.req(), "enterprise_id");
             if (!ent) return ctx.fail(ent.error());
             auto r = svc->remove_brand_enterprise(*ctx.user(), ctx.param("id"), *ent, ctx.actor());
             if (!r) return ctx.fail(r.error());
             ctx.audit_done();
             return http::no_content();
           }},
  };
}

}  // namespace

void register_enterprise_routes(http::Router& router, const std::shared_ptr<Service>& svc) {
  router.add_all(enterprise_routes(svc));
  router.add_all(brand_routes(svc));
}

}  // namespace jz::registry
