// Worker routes: registration (the same validation as the spreadsheet import), lists within the caller's
// scope, the full record (a sensitive read, audited with subject_worker_id), edits, and photos.
//
// Photos: PUT and GET /api/v1/workers/{id}/photo are for the console, within the worker scope. The public
// sees a photo only on the verification page, by certificate token (/api/v1/verify/{token}/photo, verify
// module), and only while it is the photo the certificate was issued with: never by public id or database id.
// A new photo (or name) of a verified worker sends her identity back to re-verification and revokes her
// certificates (worker_service.cpp, unbind_identity).
#include <boost/json.hpp>

#include "registry/json_codec.hpp"
#include "registry/api_types.hpp"
#include "registry/routes.hpp"
#include "registry/service.hpp"

namespace jz::registry {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

Result<WorkerFilter> worker_filter(const http::Request& req) {
  WorkerFilter f;
  f.prefecture = req.query_param("prefecture").value_or("");
  f.county = req.query_param("county").value_or("");
  f.occupation = req.query_param("occupation").value_or("");
  f.flag = req.query_param("flag").value_or("");
  f.gender = req.query_param("gender").value_or("");
  f.q = req.query_param("q").value_or("");
  if (f.q.size() > 60) return make_error("invalid_field", "q", "too long");
  if (!f.flag.empty()) {
    bool known = false;
    for (const char* flag : kWorkerFlags) known = known || f.flag == flag;
    if (!known) return make_error("invalid_field", "flag", "unknown flag");
  }
  if (!f.gender.empty() && f.gender != "F" && f.gender != "M") return make_error("invalid_field", "gender", "F or M");
  auto enterprise = codec::query_id(req, "enterprise_id");
  if (!enterprise) return enterprise.error();
  f.enterprise_id = *enterprise;
  // brand: an id or a code, resolved by the caller of this helper.
  return f;
}

http::Response photo_response(const Photo& photo) {
  http::Response r = http::text_response(photo.data, photo.content_type);
  r.gzip_ok = false;  // already compressed
  r.set_header("Cache-Control", "private, no-cache");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

void register_worker_routes(http::Router& router, const std::shared_ptr<Service>& svc) {
  const auto& catalog = svc->catalog();

  router.add({.method = http::Method::post,
              .path = "/api/v1/workers",
              .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise}),
              .sensitive = true,
              .summary = "Register a worker. Every problem is listed at once (error.problems); the same person "
                         "(ID number) twice is 409 duplicate_person. An enterprise registers its own staff; a city "
                         "officer workers of her 市州",
              .request = http::schema_of<api::NewWorkerInput>(),
              .response = http::schema_of<api::WorkerBody>(),
              .status = 201,
              .handler = [svc, &catalog](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                WorkerInput in;
                std::vector<FieldProblem> problems;
                codec::worker_input_from_json(*body, in, problems);
                if (!problems.empty()) return codec::problems_response(problems, ctx.lang());
                auto r = svc->create_worker(*ctx.user(), std::move(in), ctx.actor());
                if (auto* p = std::get_if<std::vector<FieldProblem>>(&r)) return codec::problems_response(*p, ctx.lang());
                ctx.audit_done();
                const auto& created = std::get<CreatedWorker>(r);
                json::object o = codec::worker_json(created.record, catalog, true);
                json::array repairs;
                for (const auto& s : created.repairs) repairs.emplace_back(s);
                o["repairs"] = std::move(repairs);
                return http::json_response(o, 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/workers",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise}),
              .summary = "Workers in the caller's scope (ID number and phone masked); filters prefecture, county, "
                         "occupation, flag, gender, q (name prefix, or an exact ID number), enterprise_id, brand "
                         "(id or code); paged",
              .paged = true,
              .response = http::paged_schema_of<api::WorkerBody>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto page = codec::parse_page(ctx.req());
                if (!page) return ctx.fail(page.error());
                auto f = worker_filter(ctx.req());
                if (!f) return ctx.fail(f.error());
                if (auto brand = ctx.req().query_param("brand"); brand && !brand->empty()) {
                  auto b = svc->get_brand(brand->substr(0, 40));
                  if (!b) return ctx.fail(make_error("unknown_labour_brand", "brand", brand->substr(0, 40)));
                  f->labour_brand_id = b->id;
                }
                auto list = svc->list_workers(*ctx.user(), std::move(*f), *page);
                if (!list) return ctx.fail(list.error());
                return http::json_response(codec::page_json(
                    *list, *page, [&](const WorkerRecord& w) { return codec::worker_json(w, catalog, false); }));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/me",
              .access = Access::only({Role::worker}),
              .sensitive = true,
              .summary = "The logged-in worker's own record (masked), audited like any full read",
              .response = http::schema_of<api::WorkerBody>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                if (!ctx.user()->worker_id) return ctx.fail(make_error("not_found"));
                auto w = svc->view_worker(*ctx.user(), *ctx.user()->worker_id, ctx.actor());
                if (!w) return ctx.fail(w.error());
                ctx.audit_done();
                return http::json_response(codec::worker_json(*w, catalog, true));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/{id}",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise,
                                      Role::worker}),
              .sensitive = true,
              .summary = "A worker's full record within the caller's scope (ID number and phone masked); audited "
                         "with subject_worker_id",
              .response = http::schema_of<api::WorkerBody>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto id = codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto w = svc->view_worker(*ctx.user(), *id, ctx.actor());
                if (!w) return ctx.fail(w.error());
                ctx.audit_done();
                return http::json_response(codec::worker_json(*w, catalog, true));
              }});

  router.add({.method = http::Method::patch,
              .path = "/api/v1/workers/{id}",
              .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise, Role::worker}),
              .sensitive = true,
              .summary = "Change a worker's record (the ID number and what it derives are not editable; a worker "
                         "changes her phone, county, availability, wage and where she will work). A new name of a "
                         "verified worker sends her identity back to re-verification (pending) and revokes her "
                         "certificates",
              .request = http::schema_of<api::WorkerChange>(),
              .response = http::schema_of<api::WorkerBody>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto id = codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto patch = codec::worker_patch_from_json(*body);
                auto r = svc->update_worker(*ctx.user(), *id, patch, ctx.actor());
                if (auto* p = std::get_if<std::vector<FieldProblem>>(&r)) return codec::problems_response(*p, ctx.lang());
                ctx.audit_done();
                return http::json_response(codec::worker_json(std::get<WorkerRecord>(r), catalog, true));
              }});

  router.add({.method = http::Method::put,
              .path = "/api/v1/workers/{id}/photo",
              .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise, Role::worker}),
              .sensitive = true,
              .summary = "Upload the worker's photo: the body is the JPEG or PNG image itself (at most 2 MB; the "
                         "type is read from the image, not from Content-Type). A different photo of a verified "
                         "worker sends her identity back to re-verification (pending) and revokes her certificates",
              .status = 204,
              .handler = [svc](http::Context& ctx) {
                auto id = codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto r = svc->put_photo(*ctx.user(), *id, ctx.req().body, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::no_content();
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/{id}/photo",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise,
                                      Role::worker}),
              .summary = "The worker's photo, within the caller's scope",
              .produces = "image/*",
              .handler = [svc](http::Context& ctx) {
                auto id = codec::path_id(ctx.req(), "id");
                if (!id) return ctx.fail(id.error());
                auto photo = svc->get_photo(*ctx.user(), *id);
                if (!photo) return ctx.fail(photo.error());
                return photo_response(*photo);
              }});
}

}  // namespace jz::registry
