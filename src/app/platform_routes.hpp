#pragma once
// Operational routes: /healthz (process alive), /readyz (database reachable), /metrics (Prometheus),
// /api/v1/meta (version), /api/v1/openapi.json (generated from the route table).
#include "db/database.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace jz::app {

// Registers the routes; `metrics` is read at request time, so it may be created after this call.
// The operator's site footer, returned by GET /api/v1/meta as "site".
struct SiteInfo {
  std::string organizer, icp, police_record, hotline;
};

void register_platform_routes(http::Router& router, db::Database& db, http::Metrics* const& metrics,
                              const SiteInfo& site = {});

}  // namespace jz::app
