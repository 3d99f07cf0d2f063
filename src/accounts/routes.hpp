#pragma once
// HTTP routes of the accounts module: login/logout, the current user, password change, user creation
// and the audit log.
#include "accounts/service.hpp"
#include "http/router.hpp"

namespace jz::accounts {

void register_routes(http::Router& router, Service& service, db::Database& db);
// The audit log (audit_routes.cpp).
void register_audit_routes(http::Router& router, db::Database& db);

}  // namespace jz::accounts
