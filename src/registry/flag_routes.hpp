#pragma once
// Routes for the provenance of a worker's 脱贫/监测 flags (registry/flag_provenance.hpp):
//   GET  /api/v1/workers/{id}/flag-assertions   who asserted each flag, newest first (viewers of the worker)
//   POST /api/v1/workers/{id}/flags             assert a flag {flag, value, evidence}: a city officer of her 市州
//        or the province admin confirms it (independent); her enterprise may state it (a claim).
#include "db/database.hpp"
#include "http/router.hpp"

namespace jz::registry {

void register_flag_routes(http::Router& router, db::Database& db);

}  // namespace jz::registry
