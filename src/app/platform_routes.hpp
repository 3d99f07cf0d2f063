#pragma once
// Operational routes: /healthz (process alive), /readyz (database reachable), /metrics (Prometheus),
// /api/v1/meta (version), /api/v1/openapi.json (generated from the route table).
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/client_address.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace jz::app {

// The operator's site footer, returned by GET /api/v1/meta as "site".
struct SiteInfo {
  std::string organizer, icp, police_record, hotline;
};
BOOST_DESCRIBE_STRUCT(SiteInfo, (), (organizer, icp, police_record, hotline))

// GET /api/v1/meta.
struct MetaBody {
  std::string name, version, api;
  SiteInfo site;
};
BOOST_DESCRIBE_STRUCT(MetaBody, (), (name, version, api, site))

// GET /api/v1/openapi.json: an OpenAPI 3.0 document (its parts are OpenAPI's own schema).
struct OpenApiBody {
  std::string openapi;
  boost::json::value info, paths, components;
};
BOOST_DESCRIBE_STRUCT(OpenApiBody, (), (openapi, info, paths, components))

// Who may read /metrics: addresses in `allow` (config metrics_allow, loopback by default), or anyone with
// `Authorization: Bearer <token>` when a token is configured (metrics_token).
struct MetricsAccess {
  std::vector<http::Cidr> allow;
  std::string token;
  bool admits(const http::Request& req) const;
};

// Registers the routes; `metrics` is read at request time, so it may be created after this call. Without
// `metrics_access` /metrics is open (tests of the router only); the server always passes one.
// `warnings` (Config::warnings) are listed by /readyz after "ready": they do not make the instance unready.
void register_platform_routes(http::Router& router, db::Database& db, http::Metrics* const& metrics,
                              std::vector<std::string> warnings = {}, const MetricsAccess* metrics_access = nullptr, const SiteInfo& site = {});

}  // namespace jz::app
