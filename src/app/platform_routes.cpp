#include "app/platform_routes.hpp"

#include <boost/json.hpp>

namespace jz::app {
namespace {

namespace json = boost::json;
using security::Access;

json::object openapi(const http::Router& router) {
  json::object paths;
  for (const auto& r : router.routes()) {
    std::string method(http::method_name(r.method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::array params;
    for (const auto& seg : http::split_path(r.path))
      if (seg.size() > 2 && seg.front() == '{')
        params.push_back(json::object{{"name", seg.substr(1, seg.size() - 2)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", json::object{{"type", "string"}}}});
    json::object op{{"summary", r.summary},
                    {"x-access", r.access->describe()},
                    {"x-sensitive", r.sensitive},
                    {"responses",
                     json::object{{"default", json::object{{"description", "JSON body; errors as "
                                                                           "{\"error\":{\"code\",\"message\",\"field\"}}"}}}}}};
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!r.access->is_public) op["security"] = json::array{json::object{{"bearer", json::array{}}}, json::object{{"cookie", json::array{}}}};
    json::value& entry = paths[r.path];
    if (!entry.is_object()) entry.emplace_object();
    entry.as_object()[method] = std::move(op);
  }
  return json::object{
      {"openapi", "3.0.3"},
      {"info", json::object{{"title", "陇原家政 API"}, {"version", "1"}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{{"securitySchemes",
                     json::object{{"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}},
                                  {"cookie", json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "jz_session"}}}}}}}};
}

}  // namespace

void register_platform_routes(http::Router& router, db::Database& db, http::Metrics* const& metrics,
                              const SiteInfo& site) {
  const json::object site_json{{"organizer", site.organizer},
                               {"icp", site.icp},
                               {"police_record", site.police_record},
                               {"hotline", site.hotline}};
  const std::string meta_zh = json::serialize(
      json::object{{"name", "陇原家政"}, {"version", "0.1.0"}, {"api", "v1"}, {"site", site_json}});
  const std::string meta_en = json::serialize(
      json::object{{"name", "Longyuan Domestic Services"}, {"version", "0.1.0"}, {"api", "v1"}, {"site", site_json}});
  router.add({.method = http::Method::get,
              .path = "/healthz",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "Liveness: the process answers",
              .handler = [](http::Context&) { return http::text_response("ok\n", "text/plain; charset=utf-8"); }});
  router.add({.method = http::Method::get,
              .path = "/readyz",
              .access = Access::anyone(),
              .summary = "Readiness: the database answers",
              .handler = [&db](http::Context& ctx) {
                auto conn = db.acquire();
                if (!conn->ping()) return ctx.fail(make_error("not_ready", "", "database"));
                return http::text_response("ready\n", "text/plain; charset=utf-8");
              }});
  router.add({.method = http::Method::get,
              .path = "/metrics",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "Prometheus metrics",
              .handler = [&metrics](http::Context&) {
                return http::text_response(metrics ? metrics->render() : std::string(),
                                           "text/plain; version=0.0.4; charset=utf-8");
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/meta",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "Name and version of the platform, and the site footer (organizer, ICP and police filing, hotline)",
              .handler = [meta_zh, meta_en](http::Context& ctx) {
                return http::text_response(ctx.lang() == Lang::en ? meta_en : meta_zh, "application/json; charset=utf-8");
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/openapi.json",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "This API described as OpenAPI 3",
              .handler = [&router](http::Context&) { return http::json_response(openapi(router)); }});
}

}  // namespace jz::app
