// The supervision dashboard's benchmark (bench/supervision_bench.sh runs it on a database filled by
// `jiazheng demo-data`; disabled in ordinary test runs, and it asserts only correctness, never time): the
// province's figures for this year by 市州 from the in-memory index (cold load, then warm requests through
// Service::dashboard, trainee-times included) against the same figures as SQL GROUP BY queries
// (store::sql_figures plus the training module's aggregate). Prints "BENCH <name> <value>" lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "common/time.hpp"
#include "common/bench_timing.hpp"
#include "db/database.hpp"
#include "db/migrate.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"
#include "security/keyring.hpp"
#include "supervision/service.hpp"
#include "supervision/store.hpp"
#include "training/service.hpp"
#include "training/store.hpp"

namespace jz::supervision {
namespace {

using bench::median_seconds;
using bench::seconds_since;

TEST(SupervisionBench, DISABLED_DashboardAgainstSqlGroupBy) {
  const char* url = std::getenv("JZ_BENCH_DATABASE");
  ASSERT_TRUE(url && *url) << "set JZ_BENCH_DATABASE";
  const char* runs_env = std::getenv("JZ_BENCH_RUNS");
  const int runs = runs_env && *runs_env ? std::atoi(runs_env) : 5;
  auto db = db::open_database(url, 2);
  db::migrate(*db);
  reference::DivisionCatalog catalog;
  int64_t workers = 0;
  {
    auto conn = db->acquire();
    catalog = reference::DivisionCatalog::load(*conn);
    workers = conn->query("SELECT COUNT(*) FROM workers")[0].get_int(0);
  }
  const std::string today = today_utc(), year = today.substr(0, 4);
  auto period = *parse_dashboard_period(year, std::nullopt, std::nullopt);

  std::map<std::string, Figures> sql;
  double sql_s = median_seconds(runs, [&] {
    auto conn = db->acquire();
    sql = store::sql_figures(*conn, period.from, period.to, std::min(today, period.to), 4, "62");
    (void)training::store::sql_figures(*conn, period.from_day, period.to_day);
  });

  auto dir = std::filesystem::temp_directory_path() / ("jz-supervision-bench-keys-" + std::to_string(::getpid()));
  auto keyring = security::Keyring::load_or_create(dir);
  security::FieldCipher cipher(keyring);
  auto key = verify::SigningKey::generate();
  auto training_svc = std::make_shared<training::Service>(*db, cipher, catalog, key, "http://localhost");
  Service svc(*db, catalog, training_svc);
  security::Principal admin;
  admin.role = security::Role::province_admin;

  auto t = std::chrono::steady_clock::now();
  svc.refresh();
  training_svc->refresh_index();
  double load_s = seconds_since(t);
  t = std::chrono::steady_clock::now();
  auto first = svc.dashboard(admin, period, "");
  double first_s = seconds_since(t);
  ASSERT_TRUE(first);
  Dashboard d;
  double warm_s = median_seconds(runs, [&] { d = *svc.dashboard(admin, period, ""); });
  std::filesystem::remove_all(dir);

  EXPECT_EQ(d.figures.groups, sql);
  std::cout << "BENCH backend " << (db->dialect() == db::Dialect::postgres ? "postgres" : "sqlite") << "\n"
            << "BENCH workers " << workers << "\n"
            << "BENCH facts " << d.facts << "\n"
            << "BENCH sql_seconds " << sql_s << "\n"
            << "BENCH index_load_seconds " << load_s << "\n"
            << "BENCH first_request_seconds " << first_s << "\n"
            << "BENCH warm_request_seconds " << warm_s << std::endl;
}

}  // namespace
}  // namespace jz::supervision
