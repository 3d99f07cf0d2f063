// The supervision dashboard's benchmark (bench/supervision_bench.sh runs it on a database filled by
// `jiazheng demo-data`; disabled in ordinary test runs, and it asserts only correctness, never time): the
// province's figures for this year by 市州 from the in-memory index (cold load, then warm requests through
// Service::dashboard, trainee-times included) against the same figures as SQL GROUP BY queries
// (store::sql_figures plus the training module's aggregate). Prints "BENCH <name> <value>" lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "common/bench_timing.hpp"
#include "db/database.hpp"
#include "db/migrate.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"
#include "security/keyring.hpp"
#include "supervision/painpoints_service.hpp"
#include "supervision/service.hpp"
#include "supervision/store.hpp"
#include "training/service.hpp"
#include "training/store.hpp"

namespace jz::supervision {
namespace {

using bench::median_seconds;
using bench::seconds_since;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

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
  // JZ_BENCH_RECORDS > 0: first add that many synthetic records (store::bench_fill_records, 90 %) and training
  // completions (10 %) to the workers demo-data wrote (`demo-data --no-credit`: workers only, fast).
  const char* records_env = std::getenv("JZ_BENCH_RECORDS");
  const int64_t fill = records_env && *records_env ? std::atoll(records_env) : 0;
  const char* workers_env = std::getenv("JZ_BENCH_WORKERS");
  const int64_t want_workers = workers_env && *workers_env ? std::atoll(workers_env) : 0;
  if (want_workers > workers) {  // demo-data wrote a few thousand; the rest are copies of them (fast)
    auto t = std::chrono::steady_clock::now();
    auto conn = db->acquire();
    int64_t added = store::bench_clone_workers(*conn, want_workers);
    workers += added;
    std::cout << "BENCH workers_cloned " << added << "\n"
              << "BENCH workers_clone_seconds " << seconds_since(t) << std::endl;
  }
  if (fill > 0) {
    auto t = std::chrono::steady_clock::now();
    auto conn = db->acquire();
    int64_t added = store::bench_fill_records(*conn, fill, today);  // 90 % of `fill`
    training::store::bench_fill_completions(*conn, fill / 10);
    std::cout << "BENCH records_added " << added + fill / 10 << "\n"
              << "BENCH records_fill_seconds " << seconds_since(t) << std::endl;
  }
  auto period = *parse_dashboard_period(year, std::nullopt, std::nullopt);

  // A refresh re-reads every row changed within its look-back window (Service::kLookBack): right after
  // demo-data, that is every worker and enterprise. A server in use has few such rows, so timing starts once
  // the newest change is older than the window (a wait, not work).
  for (;;) {
    std::string newest;
    {
      auto conn = db->acquire();
      newest = conn->query("SELECT MAX(m) FROM (SELECT MAX(updated_at) AS m FROM workers UNION ALL "
                           "SELECT MAX(updated_at) FROM enterprises) t")[0].get_text(0);
    }
    if (newest < format_utc(Clock::now() - Service::kLookBack - std::chrono::seconds(5))) break;
    std::cout << "(waiting for the rows demo-data wrote " << newest << " to leave the refresh's look-back window)"
              << std::endl;
    std::this_thread::sleep_for(std::chrono::seconds(10));
  }
  const char* sql_runs_env = std::getenv("JZ_BENCH_SQL_RUNS");
  const int sql_runs = sql_runs_env && *sql_runs_env ? std::atoi(sql_runs_env) : runs;
  std::map<std::string, Figures> sql;
  double sql_s = median_seconds(sql_runs, [&] {
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
  // The same on this thread's CPU clock: on a machine shared with other builds the wall clock also counts the
  // time the thread waited for a core. (On PostgreSQL the refresh's queries run in the server, not counted.)
  std::vector<double> cpu;
  for (int i = 0; i < runs; ++i) {
    double t0 = thread_cpu_seconds();
    d = *svc.dashboard(admin, period, "");
    cpu.push_back(thread_cpu_seconds() - t0);
  }
  std::sort(cpu.begin(), cpu.end());
  const double warm_cpu_s = cpu[cpu.size() / 2];
  // Its parts: the refresh alone (rows changed since the last one: none), and one pass over the index.
  double refresh_s = median_seconds(runs, [&] { svc.refresh(); });
  FiguresQuery q;
  q.from_day = static_cast<int32_t>(period.from_day);
  q.to_day = static_cast<int32_t>(period.to_day);
  q.as_of_day = static_cast<int32_t>(credit::day_number(std::min(today, period.to)).value_or(period.to_day));
  q.series_from = year + "-01";
  q.series_months = 12;
  double scan_s = median_seconds(runs, [&] { (void)svc.index().figures(q); });
  std::filesystem::remove_all(dir);

  EXPECT_EQ(d.figures.groups, sql);
  std::cout << "BENCH backend " << (db->dialect() == db::Dialect::postgres ? "postgres" : "sqlite") << "\n"
            << "BENCH workers " << workers << "\n"
            << "BENCH facts " << d.facts << "\n"
            << "BENCH sql_seconds " << sql_s << "\n"
            << "BENCH index_load_seconds " << load_s << "\n"
            << "BENCH first_request_seconds " << first_s << "\n"
            << "BENCH warm_request_seconds " << warm_s << "\n"
            << "BENCH warm_request_cpu_seconds " << warm_cpu_s << "\n"
            << "BENCH refresh_seconds " << refresh_s << "\n"
            << "BENCH index_scan_seconds " << scan_s << std::endl;
}


// Pain points over a bench database (run by hand: JZ_BENCH_DATABASE=… unit_tests --gtest_also_run_disabled_tests
// --gtest_filter=PainPointsBench.*): the report for
// this year from the in-memory index (cold load: every text classified once; then warm requests) against the
// same report recomputed from the texts (read and classified per request), and both equal.
TEST(PainPointsBench, DISABLED_IndexAgainstRecomputation) {
  const char* url = std::getenv("JZ_BENCH_DATABASE");
  ASSERT_TRUE(url && *url) << "set JZ_BENCH_DATABASE";
  const char* runs_env = std::getenv("JZ_BENCH_RUNS");
  const int runs = runs_env && *runs_env ? std::atoi(runs_env) : 5;
  auto db = db::open_database(url, 2);
  db::migrate(*db);
  const std::string year = today_utc().substr(0, 4);
  auto period = *parse_dashboard_period(year, std::nullopt, std::nullopt);
  PainPointService svc(*db);
  security::Principal admin;
  admin.role = security::Role::province_admin;
  auto t = std::chrono::steady_clock::now();
  svc.refresh();
  double load_s = seconds_since(t);
  PainPointReport indexed;
  double warm_s = median_seconds(runs, [&] { indexed = *svc.report(admin, period, ""); });
  PainPointReport recomputed;
  double recompute_s = median_seconds(1, [&] {
    auto conn = db->acquire();
    recomputed = recompute_painpoints(*conn, period, "");
  });
  EXPECT_EQ(indexed.texts, recomputed.texts);
  EXPECT_EQ(indexed.with_pain_point, recomputed.with_pain_point);
  EXPECT_EQ(indexed.by_area, recomputed.by_area);
  EXPECT_EQ(indexed.by_occupation, recomputed.by_occupation);
  for (size_t i = 0; i < indexed.categories.size() && i < recomputed.categories.size(); ++i) {
    EXPECT_EQ(indexed.categories[i].count, recomputed.categories[i].count);
    EXPECT_EQ(indexed.categories[i].series, recomputed.categories[i].series);
    EXPECT_EQ(indexed.categories[i].cues, recomputed.categories[i].cues);
  }
  std::cout << "BENCH pain_texts_indexed " << svc.index().size() << "\n"
            << "BENCH pain_texts_in_period " << indexed.texts << "\n"
            << "BENCH pain_index_load_seconds " << load_s << "\n"
            << "BENCH pain_warm_request_seconds " << warm_s << "\n"
            << "BENCH pain_recompute_seconds " << recompute_s << std::endl;
}

}  // namespace
}  // namespace jz::supervision
