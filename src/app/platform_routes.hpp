#pragma once
// Operational routes: /healthz (process alive), /readyz (database reachable), /metrics (Prometheus),
// /api/v1/meta (version), /api/v1/openapi.json (generated from the route table).
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace jz::app {

// Registers the routes; `metrics` is read at request time, so it may be created after this call. `warnings`
// (Config::warnings) are listed by /readyz after "ready": they do not make the instance unready.
void register_platform_routes(http::Router& router, db::Database& db, http::Metrics* const& metrics,
                              std::vector<std::string> warnings = {});

}  // namespace jz::app
