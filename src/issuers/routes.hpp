#pragma once
// HTTP routes of the issuers (health-check providers, insurers): registration by officials, health checks,
// insurance policies and their endorsements, and the spreadsheet imports of both. Request → issuers::Service.
#include <memory>

#include "credit/service.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "issuers/service.hpp"
#include "security/field_crypto.hpp"

namespace jz::issuers {

// The service lives as long as the returned pointer (keep it beside the router).
std::shared_ptr<Service> register_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                                         credit::Service& credit);

}  // namespace jz::issuers
