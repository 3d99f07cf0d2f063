#include "app/hardening.hpp"

#include "accounts/store.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cerrno>
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
  // The accounts generate_demo_data creates (demo_data.cpp), one per role.
  static const std::vector<std::string> kDemo = {"admin", "dept", "lanzhou", "enterprise", "institution", "worker",
                                                 "consumer"};
  auto conn = db.acquire();
  return accounts::Store(*conn).count_users_not_named(kDemo);
}

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

}  // namespace jz::app
