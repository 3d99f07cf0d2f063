#pragma once
// HTTP routes of the accounts module: login/logout, the current user, password change, user creation
// and the audit log.
#include <functional>
#include <string>
#include <string_view>

#include "accounts/service.hpp"
#include "http/router.hpp"

namespace jz::accounts {

// `login_alias` maps what the login form received to an account name (accounts/signup.hpp: a household's
// mobile number → its account); empty = the name as typed.
void register_routes(http::Router& router, Service& service, db::Database& db,
                     std::function<std::string(std::string_view)> login_alias = {});
// The audit log (audit_routes.cpp).
void register_audit_routes(http::Router& router, db::Database& db);

}  // namespace jz::accounts
