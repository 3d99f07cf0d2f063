// Routes of labour-transfer bases, training institutions and community service points: the same shape for
// the three (create, list, one, change; members for bases and service points), and the public directory of
// institutions and service points (names and divisions, never contact phones).
#include <boost/json.hpp>

#include "registry/api_types.hpp"
#include "registry/json_codec.hpp"
#include "registry/routes.hpp"
#include "registry/service.hpp"

namespace jz::registry {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

struct KindRoutes {
  UnitKind kind;
  const char* segment;  // "transfer-bases"
  const char* what;     // for summaries
};

UnitFilter unit_filter(const http::Request& req) {
  UnitFilter f;
  f.prefecture = req.query_param("prefecture").value_or("");
  f.county = req.query_param("county").value_or("");
  f.q = req.query_param("q").value_or("");
  if (f.q.size() > 100) f.q.resize(100);
  return f;
}

// Who reads a unit: officials; an enterprise the bases and points it operates; an institution its own record.
Access readers_of(UnitKind kind) {
  return kind == UnitKind::institution
             ? Access::only({Role::province_admin, Role::department, Role::city_officer, Role::institution})
             : Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise});
}

// Create, list, one, change.
std::vector<http::Route> unit_routes(const std::shared_ptr<Service>& svc, const KindRoutes& k) {
  const auto& catalog = svc->catalog();
  const UnitKind kind = k.kind;
  const std::string base = std::string("/api/v1/") + k.segment;
  const Access readers = readers_of(kind);
  return {
      {.method = http::Method::post,
       .path = base,
       .access = Access::only({Role::province_admin, Role::city_officer}),
       .summary = std::string("Register a ") + k.what +
                  ": {name, division_code, address?, contact_name?, contact_phone?, …} (a city officer: "
                  "in her 市州)",
       .request = http::schema_of<api::UnitInput>(),
       .response = http::schema_of<api::UnitBody>(),
       .status = 201,
       .handler =
           [svc, kind, &catalog](http::Context& ctx) {
             auto body = http::parse_json_object(ctx.req());
             if (!body) return ctx.fail(body.error());
             auto in = codec::unit_input_from_json(*body);
             if (!in) return ctx.fail(in.error());
             auto u = svc->create_unit(*ctx.user(), kind, *in, ctx.actor());
             if (!u) return ctx.fail(u.error());
             ctx.audit_done();
             return http::json_response(codec::unit_json(*u, catalog, false), 201);
           }},

      {.method = http::Method::get,
       .path = base,
       .access = readers,
       .summary =
           std::string("List ") + k.what + "s in the caller's scope; filters prefecture, county, q; paged",
       .paged = true,
       .response = http::paged_schema_of<api::UnitBody>(),
       .handler =
           [svc, kind, &catalog](http::Context& ctx) {
             auto page = codec::parse_page(ctx.req());
             if (!page) return ctx.fail(page.error());
             auto list = svc->list_units(*ctx.user(), kind, unit_filter(ctx.req()), *page);
             if (!list) return ctx.fail(list.error());
             return http::json_response(codec::page_json(
                 *list, *page, [&](const Unit& u) { return codec::unit_json(u, catalog, false); }));
           }},

      {.method = http::Method::get,
       .path = base + "/{id}",
       .access = readers,
       .summary = std::string("One ") + k.what + " with its contact (phone masked)",
       .response = http::schema_of<api::UnitBody>(),
       .handler =
           [svc, kind, &catalog](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto u = svc->get_unit(*ctx.user(), kind, *id);
             if (!u) return ctx.fail(u.error());
             return http::json_response(codec::unit_json(*u, catalog, false));
           }},

      {.method = http::Method::patch,
       .path = base + "/{id}",
       .access = Access::only({Role::province_admin, Role::city_officer}),
       .summary = std::string("Change a ") + k.what + " (a city officer: within her 市州)",
       .request = http::schema_of<api::UnitInput>(),
       .response = http::schema_of<api::UnitBody>(),
       .handler =
           [svc, kind, &catalog](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto body = http::parse_json_object(ctx.req());
             if (!body) return ctx.fail(body.error());
             auto in = codec::unit_input_from_json(*body);
             if (!in) return ctx.fail(in.error());
             auto u = svc->update_unit(*ctx.user(), kind, *id, *in, ctx.actor());
             if (!u) return ctx.fail(u.error());
             ctx.audit_done();
             return http::json_response(codec::unit_json(*u, catalog, false));
           }},
  };
}

// Member workers (bases and service points; an institution's trainees are the training module's enrolments).
std::vector<http::Route> member_routes(const std::shared_ptr<Service>& svc, const KindRoutes& k) {
  const auto& catalog = svc->catalog();
  const UnitKind kind = k.kind;
  const std::string base = std::string("/api/v1/") + k.segment;
  return {
      {.method = http::Method::get,
       .path = base + "/{id}/workers",
       .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise}),
       .summary = std::string("Member workers of a ") + k.what + " that the caller may see (masked); paged",
       .paged = true,
       .response = http::paged_schema_of<api::WorkerBody>(),
       .handler =
           [svc, kind, &catalog](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto page = codec::parse_page(ctx.req());
             if (!page) return ctx.fail(page.error());
             auto list = svc->unit_members(*ctx.user(), kind, *id, *page);
             if (!list) return ctx.fail(list.error());
             return http::json_response(codec::page_json(
                 *list, *page, [&](const WorkerRecord& w) { return codec::worker_json(w, catalog, false); }));
           }},

      {.method = http::Method::post,
       .path = base + "/{id}/workers",
       .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise}),
       .summary = std::string("Add a worker to a ") + k.what +
                  ": {worker_id} (officials of its 市州, or the enterprise that runs it for its staff)",
       .request = http::schema_of<api::WorkerIdInput>(),
       .response = http::schema_of<api::AddedResult>(),
       .status = 201,
       .also_status = {200},
       .handler =
           [svc, kind](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto body = http::parse_json_object(ctx.req());
             if (!body) return ctx.fail(body.error());
             auto it = body->find("worker_id");
             if (it == body->end() || it->value().is_null())
               return ctx.fail(make_error("missing_field", "worker_id"));
             if (!it->value().is_int64() || it->value().as_int64() <= 0)
               return ctx.fail(make_error("invalid_field", "worker_id", "id expected"));
             auto r = svc->add_unit_member(*ctx.user(), kind, *id, it->value().as_int64(), ctx.actor());
             if (!r) return ctx.fail(r.error());
             ctx.audit_done();
             return http::json_response(json::object{{"added", *r}}, *r ? 201 : 200);
           }},

      {.method = http::Method::del,
       .path = base + "/{id}/workers/{worker_id}",
       .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise}),
       .summary = std::string("Remove a worker from a ") + k.what,
       .status = 204,
       .handler =
           [svc, kind](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto worker = codec::path_id(ctx.req(), "worker_id");
             if (!worker) return ctx.fail(worker.error());
             auto r = svc->remove_unit_member(*ctx.user(), kind, *id, *worker, ctx.actor());
             if (!r) return ctx.fail(r.error());
             ctx.audit_done();
             return http::no_content();
           }},
  };
}

// The public directory (institutions and service points).
std::vector<http::Route> public_unit_routes(const std::shared_ptr<Service>& svc, const KindRoutes& k) {
  const auto& catalog = svc->catalog();
  const UnitKind kind = k.kind;
  const std::string pub = std::string("/api/v1/public/") + k.segment;
  return {
      {.method = http::Method::get,
       .path = pub,
       .access = Access::anyone(),
       .summary = std::string("Public directory of ") + k.what +
                  "s: names, divisions, addresses; filters "
                  "prefecture, county, q; paged",
       .paged = true,
       .response = http::paged_schema_of<api::UnitBody>(),
       .handler =
           [svc, kind, &catalog](http::Context& ctx) {
             auto page = codec::parse_page(ctx.req());
             if (!page) return ctx.fail(page.error());
             auto list = svc->list_public_units(kind, unit_filter(ctx.req()), *page);
             return http::json_response(codec::page_json(
                 list, *page, [&](const Unit& u) { return codec::unit_json(u, catalog, true); }));
           }},
      {.method = http::Method::get,
       .path = pub + "/{id}",
       .access = Access::anyone(),
       .summary = std::string("One ") + k.what + " as the public sees it (no contact phone)",
       .response = http::schema_of<api::UnitBody>(),
       .handler =
           [svc, kind, &catalog](http::Context& ctx) {
             auto id = codec::path_id(ctx.req(), "id");
             if (!id) return ctx.fail(id.error());
             auto u = svc->get_public_unit(kind, *id);
             if (!u) return ctx.fail(make_error("not_found"));
             return http::json_response(codec::unit_json(*u, catalog, true));
           }},
  };
}

}  // namespace

void register_unit_routes(http::Router& router, const std::shared_ptr<Service>& svc) {
  const KindRoutes kinds[] = {
      {UnitKind::transfer_base, "transfer-bases", "labour-transfer base (劳务输转基地)"},
      {UnitKind::institution, "institutions", "training institution (培训机构)"},
      {UnitKind::service_point, "service-points", "community service point (社区网点)"}};
  for (const auto& k : kinds) {
    router.add_all(unit_routes(svc, k));
    if (k.kind != UnitKind::institution) router.add_all(member_routes(svc, k));
    if (k.kind != UnitKind::transfer_base) router.add_all(public_unit_routes(svc, k));
  }
}

}  // namespace jz::registry
