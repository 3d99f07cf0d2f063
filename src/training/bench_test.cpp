// The training target's benchmark (bench/training_bench.sh runs it; disabled in ordinary test runs, and it
// asserts only correctness, never time): the province's progress figures over JZ_BENCH_ROWS (10,000,000)
// trainee-times, by the in-memory index (cold load, then warm requests through Service::progress) against
// the same aggregate written as SQL, on the database of JZ_BENCH_DATABASE (sqlite:… or postgresql://…).
// Prints "BENCH <name> <value>" lines for the script.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "common/bench_timing.hpp"
#include "db/database.hpp"
#include "db/migrate.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"
#include "security/keyring.hpp"
#include "training/service.hpp"
#include "training/store.hpp"

namespace jz::training {
namespace {

using bench::median_seconds;
using bench::seconds_since;

TEST(TrainingBench, DISABLED_ProgressFiguresOverTenMillionRecords) {
  const char* url = std::getenv("JZ_BENCH_DATABASE");
  ASSERT_TRUE(url && *url) << "set JZ_BENCH_DATABASE";
  const char* rows_env = std::getenv("JZ_BENCH_ROWS");
  const int64_t rows = rows_env && *rows_env ? std::atoll(rows_env) : 10'000'000;
  const char* runs_env = std::getenv("JZ_BENCH_RUNS");
  const int runs = runs_env && *runs_env ? std::atoi(runs_env) : 5;
  auto db = db::open_database(url, 2);
  db::migrate(*db);
  {
    auto conn = db->acquire();
    int64_t have = conn->query("SELECT COUNT(*) FROM training_completions")[0].get_int(0);
    if (have != rows) {
      auto t = std::chrono::steady_clock::now();
      db::Transaction tx(*conn, true);
      store::bench_fill_completions(*conn, rows);
      tx.commit();
      std::cout << "BENCH fill_seconds " << seconds_since(t) << std::endl;
    }
  }
  auto period = *parse_period(std::string("2024"), std::nullopt, std::nullopt);

  // The same aggregate in SQL: one scan grouped by county, occupation and brand, rolled up in C++ to the
  // figures the endpoint returns.
  Figures sql;
  double sql_s = median_seconds(runs, [&] {
    auto conn = db->acquire();
    sql = Figures{};
    for (const auto& g : store::sql_figures(*conn, period.from_day, period.to_day)) {
      for (Counts* c : {&sql.all, &sql.by_prefecture[g.prefecture], &sql.by_county[g.county],
                        &sql.by_occupation[g.occupation]}) {
        c->total += g.counts.total;
        c->women += g.counts.women;
        c->poverty_alleviated += g.counts.poverty_alleviated;
      }
      if (g.brand) {
        Counts& c = sql.by_brand[std::to_string(*g.brand)];
        c.total += g.counts.total;
        c.women += g.counts.women;
        c.poverty_alleviated += g.counts.poverty_alleviated;
      }
    }
  });

  reference::DivisionCatalog catalog;
  {
    auto conn = db->acquire();
    catalog = reference::DivisionCatalog::load(*conn);
  }
  auto dir =
      std::filesystem::temp_directory_path() / ("jz-training-bench-keys-" + std::to_string(::getpid()));
  auto keyring = security::Keyring::load_or_create(dir);
  security::FieldCipher cipher(keyring);
  auto key = verify::SigningKey::generate();
  Service svc(*db, cipher, catalog, key, "http://localhost");
  security::Principal admin;
  admin.role = security::Role::province_admin;

  auto t = std::chrono::steady_clock::now();
  svc.refresh_index();
  double load_s = seconds_since(t);
  ProgressReport report;
  t = std::chrono::steady_clock::now();
  report = *svc.progress(admin, period);  // the first request after the load
  double first_s = seconds_since(t);
  double warm_s = median_seconds(runs, [&] { report = *svc.progress(admin, period); });
  double scan_s = median_seconds(runs, [&] { (void)svc.index().figures(period.from_day, period.to_day); });
  std::filesystem::remove_all(dir);

  EXPECT_EQ(report.figures.all, sql.all);
  EXPECT_EQ(report.figures.by_prefecture, sql.by_prefecture);
  EXPECT_EQ(report.figures.by_county, sql.by_county);
  EXPECT_EQ(report.figures.by_occupation, sql.by_occupation);
  EXPECT_EQ(report.figures.by_brand, sql.by_brand);
  EXPECT_EQ(static_cast<int64_t>(svc.index().size()), rows);
  std::cout << "BENCH backend " << (db->dialect() == db::Dialect::postgres ? "postgres" : "sqlite") << "\n"
            << "BENCH rows " << rows << "\n"
            << "BENCH period_rows " << report.figures.all.total << "\n"
            << "BENCH sql_seconds " << sql_s << "\n"
            << "BENCH index_load_seconds " << load_s << "\n"
            << "BENCH first_request_seconds " << first_s << "\n"
            << "BENCH warm_request_seconds " << warm_s << "\n"
            << "BENCH index_scan_seconds " << scan_s << std::endl;
}

}  // namespace
}  // namespace jz::training
