#include "matching/engine.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "db/migrate.hpp"
#include "matching/score.hpp"
#include "matching/store.hpp"
#include "matching/testing.hpp"

namespace jz::matching {
namespace {

namespace fs = std::filesystem;

// A migrated SQLite database in a temporary file with random workers written by plain SQL, as other modules
// would write them.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("jz-engine-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    fs::remove(path_);
    db_ = db::open_database("sqlite:" + path_.string(), 2);
    db::migrate(*db_);
    today_ = static_cast<int32_t>(credit::day_number(today_utc()).value());
  }
  void TearDown() override {
    db_.reset();
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path_.string() + ext);
  }

  void write(const WorkerFacts& f, const std::string& stamp) {
    auto conn = db_->acquire();
    db::Transaction tx(*conn, true);
    std::string cities;
    for (const auto& c : f.preferred_cities) cities += (cities.empty() ? "" : ";") + c;
    bool exists = !conn->query("SELECT 1 FROM workers WHERE id = ?", {f.id}).empty();
    db::Params p{f.county, f.county.substr(0, 4), int64_t{f.poverty_alleviated}, int64_t{f.monitored},
                 int64_t{f.live_in}, int64_t{f.available ? 40 : 0}, f.expected_wage,
                 std::string(scope_name(f.scope)), cities, stamp, f.id};
    if (exists) {
      conn->exec("UPDATE workers SET current_division_code = ?, prefecture_code = ?, poverty_alleviated = ?, monitored = ?, "
                 "live_in = ?, hours_per_week = ?, expected_wage = ?, work_scope = ?, preferred_cities = ?, updated_at = ? "
                 "WHERE id = ?",
                 p);
    } else {
      db::Blob bidx(8);
      for (int i = 0; i < 8; ++i) bidx[static_cast<size_t>(i)] = static_cast<unsigned char>(f.id >> (8 * i));
      conn->exec("INSERT INTO workers (current_division_code, prefecture_code, poverty_alleviated, monitored, live_in, "
                 "hours_per_week, expected_wage, work_scope, preferred_cities, updated_at, id, public_id, name, "
                 "id_number_enc, id_number_bidx, id_number_mask, gender, birth_date, native_division_code, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '测试', ?, ?, '****', 'F', '1980-01-01', '620102', ?)",
                 {f.county, f.county.substr(0, 4), int64_t{f.poverty_alleviated}, int64_t{f.monitored},
                  int64_t{f.live_in}, int64_t{f.available ? 40 : 0}, f.expected_wage, std::string(scope_name(f.scope)),
                  cities, stamp, f.id, "p" + std::to_string(f.id), db::Blob{1}, bidx, stamp});
    }
    conn->exec("DELETE FROM worker_occupations WHERE worker_id = ?", {f.id});
    for (size_t o = 0; o < kOccupations.size(); ++o)
      if (f.levels[o])
        conn->exec("INSERT INTO worker_occupations (worker_id, occupation_code, level) VALUES (?, ?, ?)",
                   {f.id, std::string(kOccupations[o]), int64_t{f.levels[o]}});
    conn->exec("DELETE FROM credit_scores WHERE worker_id = ?", {f.id});
    if (f.credit_score >= 0)
      conn->exec("INSERT INTO credit_scores (worker_id, score, band, components, computed_at) VALUES (?, ?, 'B', '[]', ?)",
                 {f.id, int64_t{f.credit_score}, stamp});
    tx.commit();
  }

  std::vector<WorkerFacts> stored() {
    auto conn = db_->acquire();
    return Store(*conn).load_facts(1, 1 << 30, today_);
  }

  static std::vector<Scored> oracle(const std::vector<WorkerFacts>& all, const Demand& d, size_t k) {
    std::vector<Scored> out;
    for (const auto& f : all)
      if (eligible(f, d)) out.push_back(score_worker(f, d, Weights{}, Geo::instance()));
    std::sort(out.begin(), out.end(), [](const Scored& a, const Scored& b) {
      return a.score != b.score ? a.score > b.score : a.worker_id < b.worker_id;
    });
    if (out.size() > k) out.resize(k);
    return out;
  }

  static std::vector<int64_t> ids(const std::vector<Scored>& v) {
    std::vector<int64_t> out;
    for (const auto& s : v) out.push_back(s.worker_id);
    return out;
  }

  fs::path path_;
  std::unique_ptr<db::Database> db_;
  int32_t today_ = 0;
};

TEST_F(EngineTest, LoadedIndexRanksLikeTheBruteForceOverTheStoredRows) {
  std::mt19937_64 rng(9);
  std::string now = now_utc();
  for (int64_t id = 1; id <= 400; ++id) {
    auto f = testing::random_worker(rng, id, today_);
    f.health_valid_until = 0;  // health checks come from credit entries, not written here
    f.certificates = 0;
    f.experience_months = 0;
    f.rating = 0;
    write(f, now);
  }
  Engine engine(*db_, Weights{});
  engine.load();
  auto all = stored();
  ASSERT_EQ(all.size(), 400u);
  for (int q = 0; q < 100; ++q) {
    Demand d = testing::random_demand(rng, today_);
    d.requires_health_check = d.requires_certificate = false;
    d.min_experience_years = 0;
    EXPECT_EQ(ids(engine.top_k(d, 15)), ids(oracle(all, d, 15))) << "query " << q;
  }
}

TEST_F(EngineTest, CatchUpSeesInsertsUpdatesScoresAndLateCommits) {
  std::mt19937_64 rng(4);
  Engine engine(*db_, Weights{}, std::chrono::milliseconds(50), std::chrono::seconds(5));
  engine.load();
  Demand d;
  d.occupation = occupation_index("appliance_repair");
  d.min_level = 4;
  d.place.province_code = "62";
  d.place.division_code = "620102";
  d.on_day = today_;
  EXPECT_TRUE(engine.top_k(d, 10).empty());

  WorkerFacts w = testing::random_worker(rng, 7, today_);
  w.county = "620102";
  w.prefecture = "6201";
  w.scope = WorkScope::home_county;
  w.available = true;
  w.levels = {};
  w.levels[static_cast<size_t>(d.occupation)] = 4;
  write(w, now_utc());
  engine.catch_up();
  EXPECT_EQ(ids(engine.top_k(d, 10)), std::vector<int64_t>{7}) << "insert";

  w.levels[static_cast<size_t>(d.occupation)] = 2;
  write(w, now_utc());
  engine.catch_up();
  EXPECT_TRUE(engine.top_k(d, 10).empty()) << "update";

  // A transaction stamped before the last poll but committed after it: the look-back window still finds it.
  engine.catch_up();
  w.levels[static_cast<size_t>(d.occupation)] = 4;
  write(w, format_utc(Clock::now() - std::chrono::seconds(3)));
  engine.catch_up();
  EXPECT_EQ(ids(engine.top_k(d, 10)), std::vector<int64_t>{7}) << "late commit";

  // A credit score recomputed elsewhere moves her credit component.
  {
    auto conn = db_->acquire();
    conn->exec("INSERT INTO credit_scores (worker_id, score, band, components, computed_at) VALUES (7, 90, 'A', '[]', ?) "
               "ON CONFLICT (worker_id) DO UPDATE SET score = 90, computed_at = excluded.computed_at",
               {now_utc()});
  }
  engine.catch_up();
  auto top = engine.top_k(d, 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_DOUBLE_EQ(top[0].components.credit, 0.9);
}

// The follower thread alone (no catch-up before the query) picks the change up. How fast is measured by the
// benchmark, not asserted here: a loaded CI machine must not fail a correct build.
TEST_F(EngineTest, BackgroundThreadFollowsChanges) {
  std::mt19937_64 rng(5);
  WorkerFacts w = testing::random_worker(rng, 3, today_);
  w.available = true;
  w.scope = WorkScope::in_province;
  w.levels = {};
  w.levels[0] = 1;
  write(w, now_utc());
  Engine engine(*db_, Weights{}, std::chrono::milliseconds(100), std::chrono::seconds(5));
  engine.load();
  engine.start();
  Demand d;
  d.occupation = 0;
  d.min_level = 3;
  d.place.province_code = "62";
  d.place.division_code = "620102";
  d.on_day = today_;
  EXPECT_TRUE(engine.top_k(d, 5).empty());
  w.levels[0] = 3;
  write(w, now_utc());
  auto start = std::chrono::steady_clock::now();
  while (engine.top_k(d, 5).empty() && std::chrono::steady_clock::now() - start < std::chrono::seconds(30))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(engine.top_k(d, 5).empty());
  RecordProperty("follow_ms", static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   std::chrono::steady_clock::now() - start)
                                                   .count()));
  engine.stop();
}

}  // namespace
}  // namespace jz::matching
