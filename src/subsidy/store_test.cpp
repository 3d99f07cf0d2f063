// The store's bulk load of the records (chunks of worker ids, the rule's SQL-translatable conditions pushed into
// the WHERE clause) on a real SQLite database gives the brute-force oracle's answer, with and without the
// pre-filter and for any chunk size, and the evidence names the records.
#include "subsidy/store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "db/migrate.hpp"
#include "subsidy/population_test_util.hpp"
#include "subsidy/service.hpp"

namespace jz::subsidy {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

// The store's bulk load with the SQL pre-filter on a real database gives the oracle's answer too.
TEST(SubsidyEligibility, StoreScanWithPushdownMatchesTheOracle) {
  auto path = fs::temp_directory_path() / ("jz_subsidy_scan_" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  {
    auto db = db::open_database("sqlite:" + path.string(), 1);
    db::migrate(*db);
    Population pop = random_population(11, 2000);
    auto conn = db->acquire();
    {
      db::Transaction tx(*conn, true);
      for (const auto& code : kDomestic)
        if (conn->query("SELECT 1 FROM occupations WHERE code = ?", {code}).empty())
          conn->exec("INSERT INTO occupations (code, name_zh, name_en, category) VALUES (?, ?, ?, 'care')", {code, code, code});
      conn->exec("DELETE FROM occupations WHERE code NOT IN ('housekeeping', 'maternal_infant_care', 'elderly_care')");
      auto ins_w = conn->prepare(
          "INSERT INTO workers (id, public_id, name, id_number_enc, id_number_bidx, id_number_mask, gender, birth_date, "
          "native_division_code, current_division_code, prefecture_code, poverty_alleviated, monitored, graduate, "
          "new_entrant, poverty_alleviated_verified, monitored_verified, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 't', 't')");
      for (const auto& w : pop.workers)
        ins_w->execute({w.id, "P" + std::to_string(w.id), w.name, db::Blob{1}, db::Blob{static_cast<unsigned char>(w.id % 256), static_cast<unsigned char>(w.id / 256)},
                        w.gender, w.birth_date, w.native_division_code, w.prefecture_code + "02", w.prefecture_code,
                        int64_t{w.poverty_alleviated}, int64_t{w.monitored}, int64_t{w.graduate}, int64_t{w.new_entrant},
                        int64_t{w.poverty_alleviated_verified}, int64_t{w.monitored_verified}});
      auto ins_c = conn->prepare(
          "INSERT INTO credit_entries (id, worker_id, kind, status, source_type, occurred_on, created_at, updated_at) "
          "VALUES (?, ?, 'employment', ?, 'enterprise', ?, 't', 't')");
      auto ins_e = conn->prepare(
          "INSERT INTO employments (entry_id, worker_id, employer, occupation_code, place_division_code, "
          "place_province_code, start_date, end_date, independent, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 't')");
      for (size_t i = 0; i < pop.employments.size(); ++i) {
        const auto& e = pop.employments[i];
        ins_c->execute({e.entry_id, e.worker_id, pop.statuses[i], e.start_date});
        ins_e->execute({e.entry_id, e.worker_id, e.employer, e.occupation_code,
                        e.place_division_code.empty() ? db::Value(nullptr) : db::Value(e.place_division_code),
                        e.place_province_code, e.start_date,
                        e.end_date.empty() ? db::Value(nullptr) : db::Value(e.end_date), int64_t{e.independent},
                        pop.statuses[i]});
      }
      int64_t pid = 0;
      conn->exec("INSERT INTO users (username, password_hash, role, display_name, created_at, password_changed_at) "
                 "VALUES ('m', 'x', 'province_admin', 'm', 't', 't')");
      int64_t user = conn->query("SELECT id FROM users WHERE username = 'm'")[0].get_int(0);
      int64_t batch = conn->insert(
          "INSERT INTO payment_batches (policy_id, rule_version, period, as_of, people, total_yuan, maker_user_id, "
          "maker_name, created_at) VALUES ('transport_subsidy', 1, '2024', 't', 0, 0, ?, 'm', 't')",
          {user});
      for (int64_t w : pop.paid)
        conn->exec("INSERT INTO subsidy_payments (batch_id, worker_id, policy_id, period, yuan, reference, status, "
                   "created_at) VALUES (?, ?, 'transport_subsidy', '2024', 1, ?, 'paid', 't')",
                   {batch, w, "R" + std::to_string(++pid)});
      tx.commit();
    }
    Rule rule = load_rule_file("data/policies/transport_subsidy.toml");
    Period period{"2024", "2024-01-01", "2024-12-31"};
    auto expected = oracle(pop, "2026-11-29");
    int64_t expected_yuan = 0;
    for (const auto& [_, y] : expected) expected_yuan += y;
    Store store(*conn);
    EXPECT_FALSE(pushdown_for(rule, period).employments_sql.empty());
    EXPECT_FALSE(pushdown_for(rule, period).workers_sql.empty());
    // "employment.domestic" fails without a record: workers are read through their employments only.
    EXPECT_TRUE(pushdown_for(rule, period).employment_required);
    EXPECT_FALSE(pushdown_for(load_rule_file("data/policies/startup_subsidy.toml"), period).employment_required);
    for (bool pd : {true, false}) {
      for (int64_t chunk : {64, 131072}) {
        Simulation all = run_rule(store, rule, period, "", "2026-11-29", SIZE_MAX, pd, chunk);
        EXPECT_EQ(all.total.people, static_cast<int64_t>(expected.size())) << "pushdown " << pd << " chunk " << chunk;
        EXPECT_EQ(all.total.yuan, expected_yuan);
        std::map<int64_t, int64_t> got;
        for (const auto& p : all.sample) got[p.worker_id] = p.yuan;
        EXPECT_EQ(got, expected);
        ASSERT_FALSE(all.sample.empty());
        // Evidence: each condition names the record it read.
        const auto& p = all.sample.front();
        ASSERT_TRUE(p.employment_entry_id.has_value());
        EXPECT_EQ(p.evidence[1].records, std::vector<std::string>{"employment " + std::to_string(*p.employment_entry_id)});
        EXPECT_EQ(p.evidence[0].records, std::vector<std::string>{"worker " + std::to_string(p.worker_id)});
      }
    }
    // One 市州 only.
    Simulation lz = run_rule(store, rule, period, "6201", "2026-11-29", 0);
    int64_t lz_expected = 0;
    for (const auto& w : pop.workers)
      if (w.prefecture_code == "6201" && expected.count(w.id)) ++lz_expected;
    EXPECT_EQ(lz.total.people, lz_expected);
    EXPECT_EQ(lz.by_prefecture.size(), lz_expected ? 1u : 0u);
  }
  fs::remove(path);
  fs::remove(path.string() + "-wal");
  fs::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace jz::subsidy
