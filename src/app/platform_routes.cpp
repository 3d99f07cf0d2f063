#include "app/platform_routes.hpp"

#include <boost/json.hpp>

#include "http/openapi.hpp"

namespace jz::app {
namespace {

namespace json = boost::json;
using security::Access;

}  // namespace

bool MetricsAccess::admits(const http::Request& req) const {
  if (http::in_ranges(req.remote_ip, allow)) return true;
  if (token.empty()) return false;
  std::string_view auth = req.header("Authorization");
  if (!auth.starts_with("Bearer ")) return false;
  auto given = auth.substr(7);
  // Constant time in the token's length: the comparison must not tell how much of a guess was right.
  unsigned char diff = given.size() == token.size() ? 0 : 1;
  for (size_t i = 0; i < token.size(); ++i) diff |= static_cast<unsigned char>(token[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

void register_platform_routes(http::Router& router, db::Database& db, http::Metrics* const& metrics,
                              std::vector<std::string> warnings, const MetricsAccess* metrics_access, const SiteInfo& site) {
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
              .produces = "text/plain; charset=utf-8",
              .handler = [](http::Context&) { return http::text_response("ok\n", "text/plain; charset=utf-8"); }});
  router.add({.method = http::Method::get,
              .path = "/readyz",
              .access = Access::anyone(),
              .summary = "Readiness: the database answers; configuration warnings follow as \"warning: …\" lines",
              .produces = "text/plain; charset=utf-8",
              .handler = [&db, warnings](http::Context& ctx) {
                auto conn = db.acquire();
                if (!conn->ping()) return ctx.fail(make_error("not_ready", "", "database"));
                std::string body = "ready\n";
                for (const auto& w : warnings) body += "warning: " + w + "\n";
                return http::text_response(std::move(body), "text/plain; charset=utf-8");
              }});
  router.add({.method = http::Method::get,
              .path = "/metrics",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "Prometheus metrics (from metrics_allow addresses or with the metrics_token)",
              .produces = "text/plain; version=0.0.4; charset=utf-8",
              .handler = [&metrics, metrics_access](http::Context& ctx) {
                if (metrics_access && !metrics_access->admits(ctx.req())) return ctx.fail(make_error("forbidden"));
                return http::text_response(metrics ? metrics->render() : std::string(),
                                           "text/plain; version=0.0.4; charset=utf-8");
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/meta",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "Name and version of the platform, and the site footer (organizer, ICP and police filing, hotline)",
              .response = http::schema_of<MetaBody>(),
              .handler = [meta_zh, meta_en](http::Context& ctx) {
                return http::text_response(ctx.lang() == Lang::en ? meta_en : meta_zh, "application/json; charset=utf-8");
              }});
  router.add({.method = http::Method::get,
              .path = "/api/v1/openapi.json",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "This API described as OpenAPI 3",
              .response = http::schema_of<OpenApiBody>(),
              .handler = [&router](http::Context&) { return http::json_response(http::openapi_document(router)); }});
  router.add({.method = http::Method::get,
              .path = "/api/docs",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "Swagger UI over /api/v1/openapi.json (scripts served from the web UI under /swagger/)",
              .produces = "text/html; charset=utf-8",
              .handler = [](http::Context&) {
                static const std::string page =
                    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>陇原家政 API</title><link rel=\"stylesheet\" href=\"/swagger/swagger-ui.css\"></head>"
                    "<body><div id=\"swagger-ui\"></div><script src=\"/swagger/swagger-ui-bundle.js\"></script>"
                    "<script src=\"/swagger/init.js\"></script></body></html>";
                return http::text_response(page, "text/html; charset=utf-8");
              }});
}

}  // namespace jz::app
