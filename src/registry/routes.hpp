#pragma once
// HTTP routes of the registry (product sections 1-2): enterprises and their listing, labour brands and their
// member enterprises, transfer bases / institutions / service points and their member workers, workers and
// their photos, and the public directory reads. Each route declares its roles; the data scope of a role is
// the service's (registry/service.hpp). The access rule of every route is listed in
// tests/registry_api_test.cpp.
#include <memory>

#include "db/database.hpp"
#include "http/router.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"

namespace jz::registry {

class Service;

void register_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                     const reference::DivisionCatalog& catalog);

// The parts register_routes calls, one per file.
void register_enterprise_routes(http::Router& router, const std::shared_ptr<Service>& service);
void register_unit_routes(http::Router& router, const std::shared_ptr<Service>& service);
void register_worker_routes(http::Router& router, const std::shared_ptr<Service>& service);

}  // namespace jz::registry
