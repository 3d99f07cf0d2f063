#pragma once
// The settings of issue 13 turned into the objects the server uses, kept out of cli.cpp so the wiring there
// stays one line each.
#include "accounts/model.hpp"
#include "app/config.hpp"
#include "app/platform_routes.hpp"
#include "http/server.hpp"

namespace jz::app {

accounts::ThrottlePolicy throttle_policy(const Config& c);
MetricsAccess metrics_access(const Config& c);
// Trusted proxies, and HTTPS-only when public_url is https (then every answer carries HSTS and cookies are
// Secure).
void apply_server_hardening(const Config& c, http::ServerOptions& opts);
// Before serving: raises the soft limit of open files to the hard one (1,024 by default, a few hundred idle
// connections away from refusing everyone) and sets SQLite's synchronous mode (sqlite_synchronous).
void prepare_process(const Config& c);
// `jiazheng backup --to FILE` (to non-empty) or `jiazheng restore --from FILE`; the exit status.
int run_backup_command(const Config& c, const std::string& to, const std::string& from);
// demo-data's guard: the number of accounts that demo-data did not create (0 for a fresh or demo database).
// Seeding demo accounts, with their one published password, into a database with real users is refused
// unless --force.
int64_t real_accounts(db::Database& db);

}  // namespace jz::app
