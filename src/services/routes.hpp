#pragma once
// HTTP routes of household services (/api/v1/services/…, the contract verify page /v/c/{token}).
#include <filesystem>
#include <memory>
#include <string>

#include "credit/service.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "reference/divisions.hpp"
#include "services/service.hpp"

namespace jz::services {

// Registers the routes and the contract token kind; the returned service lives as long as the server.
std::shared_ptr<Service> register_routes(http::Router& router, db::Database& db, credit::Service& credit,
                                         const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog,
                                         const std::filesystem::path& key_dir, const std::string& public_url);

}  // namespace jz::services
