#pragma once
// HTTP routes of the subsidy module (免申预付, product section 6): policies and their versions, simulation,
// one worker's subsidies, payment batches (create with Idempotency-Key, approve, reject, payment file, bank
// result). The access rule of every route is listed in tests/subsidy_api_test.cpp; data scope is the service's.
#include "db/database.hpp"
#include "http/router.hpp"
#include "security/field_crypto.hpp"

namespace jz::subsidy {

// Registers the routes and loads the default policies (data/policies/*.toml) that are not stored yet.
void register_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher);

}  // namespace jz::subsidy
