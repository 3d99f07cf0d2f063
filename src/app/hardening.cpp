#include "app/hardening.hpp"

#include "accounts/store.hpp"
#include "app/demo_data.hpp"
#include "common/error_catalog.hpp"
#include "db/sqlite/backup.hpp"
#include "db/sqlite/sqlite_database.hpp"

#include <fmt/format.h>

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <iostream>
#include <cstring>

namespace jz::app {

accounts::ThrottlePolicy throttle_policy(const Config& c) {
  accounts::ThrottlePolicy p;
  p.max_delay_s = c.login_max_delay_s;
  p.password_concurrency = c.password_concurrency;
  p.password_queue = c.password_queue;
  return p;
}

MetricsAccess metrics_access(const Config& c) {
  MetricsAccess m;
  m.allow = http::parse_cidr_list(c.metrics_allow, "metrics_allow").value();  // checked when configured
  m.token = c.metrics_token;
  return m;
}

void apply_server_hardening(const Config& c, http::ServerOptions& opts) {
  opts.trusted_proxies = http::parse_cidr_list(c.trusted_proxies, "trusted_proxies").value();
  opts.https_only = c.public_url.rfind("https://", 0) == 0;
}

int64_t real_accounts(db::Database& db) {
  static const std::vector<std::string> kDemo = demo_usernames();  // demo_data.cpp's accounts
  auto conn = db.acquire();
  return accounts::Store(*conn).count_users_not_named(kDemo);
}

namespace {

void raise_open_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  if (lim.rlim_cur < lim.rlim_max) {
    rlim_t before = lim.rlim_cur;
    lim.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
      spdlog::warn("cannot raise the open-file limit from {}: {}", before, std::strerror(errno));
      return;
    }
    spdlog::info("open-file limit raised from {} to {}", before, lim.rlim_cur);
  } else {
    spdlog::info("open-file limit {}", lim.rlim_cur);
  }
}

}  // namespace

void prepare_process(const Config& c) {
  raise_open_file_limit();
  db::set_sqlite_synchronous(c.sqlite_synchronous);  // checked when configured
  if (c.database.rfind("sqlite:", 0) == 0) spdlog::info("SQLite synchronous={}", c.sqlite_synchronous);
}

int run_backup_command(const Config& c, const std::string& to, const std::string& from) {
  if (c.database.rfind("sqlite:", 0) != 0) {
    std::cerr << "jiazheng: backup and restore copy SQLite databases; for PostgreSQL use pg_dump and pg_restore "
                 "(docs/operations.md)\n";
    return 2;
  }
  std::string path = c.database.substr(7);
  auto started = std::chrono::steady_clock::now();
  auto r = to.empty() ? db::restore_sqlite(from, path) : db::backup_sqlite(path, to);
  if (!r) {
    std::cerr << "jiazheng: " << error_message(r.error(), Lang::en) << "\n";
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << fmt::format("{} {} ({} pages, {:.1f} MB, schema version {}) in {:.2f} s\n",
                           to.empty() ? "restored" : "backed up to", to.empty() ? path : to, r->pages,
                           r->bytes / 1e6, r->schema_version, secs);
  return 0;
}

}  // namespace jz::app
