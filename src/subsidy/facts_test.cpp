// Eligibility against a brute-force oracle: random populations of workers and employment records, the transport
// rule evaluated by the engine (facts → slots → conditions → amount cases, and through the store with the SQL
// pre-filter on a real SQLite database) and by a plain re-statement of the policy written independently here
// (std::chrono calendar arithmetic, its own place classification). Same people, same amounts, or the test fails.
#include "subsidy/facts.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "common/embedded.hpp"
#include "subsidy/population_test_util.hpp"

namespace jz::subsidy {
namespace {

using namespace test_support;


TEST(SubsidyFacts, DerivesMonthsAgeAndPlace) {
  EXPECT_EQ(whole_months("2024-01-15", "2024-04-14"), 3);
  EXPECT_EQ(whole_months("2024-01-15", "2024-04-13"), 2);
  EXPECT_EQ(whole_months("2024-01-31", "2024-02-29"), 1);
  EXPECT_EQ(whole_months("2024-03-01", "2024-02-01"), 0);
  EXPECT_EQ(age_on("2000-06-01", "2024-05-31"), 23);
  EXPECT_EQ(age_on("2000-06-01", "2024-06-01"), 24);
  WorkerRecord w;
  w.native_division_code = "620123";
  EmploymentRecord e;
  e.place_province_code = "61";
  EXPECT_EQ(classify_place(w, e), "cross_province");
  e.place_province_code = "62";
  e.place_division_code = "620502";
  EXPECT_EQ(classify_place(w, e), "in_province_other_prefecture");
  e.place_division_code = "620102";
  EXPECT_EQ(classify_place(w, e), "in_prefecture_other_county");
  e.place_division_code = "620123";
  EXPECT_EQ(classify_place(w, e), "home_county");
  e.place_division_code = "6201";
  EXPECT_EQ(classify_place(w, e), "unknown");
  e.place_province_code = "";
  EXPECT_EQ(classify_place(w, e), "unknown");
  EXPECT_EQ(short_province_name("宁夏回族自治区"), "宁夏");
  EXPECT_EQ(short_province_name("陕西省"), "陕西");
}

TEST(SubsidyFacts, EverySlotIsFilledWithItsType) {
  WorkerRecord w;
  w.native_division_code = "620123";
  w.birth_date = "1990-01-01";
  EmploymentRecord e;
  e.start_date = "2024-01-01";
  FounderRecord f;
  for (auto [emp, fd] : {std::pair{&e, (FounderRecord*)nullptr}, std::pair{(EmploymentRecord*)nullptr, &f},
                         std::pair{(EmploymentRecord*)nullptr, (FounderRecord*)nullptr}}) {
    Slots s;
    fill_slots(s, w, emp, fd, false, context("2026-11-29"));
    ASSERT_EQ(s.size(), field_count());
    for (const auto& [field, type] : field_types()) {
      const Value& v = s[static_cast<size_t>(field_slot(field))];
      bool ok = type == Type::boolean ? std::holds_alternative<bool>(v)
                : type == Type::integer ? std::holds_alternative<int64_t>(v)
                                        : std::holds_alternative<std::string>(v);
      EXPECT_TRUE(ok) << field;
    }
  }
}

TEST(SubsidyEligibility, MatchesTheOracleOnRandomPopulations) {
  Rule rule = load_rule_file("data/policies/transport_subsidy.toml");
  for (uint64_t seed : {1u, 2u, 3u, 42u}) {
    Population pop = random_population(seed, 3000);
    const std::string as_of = seed == 3 ? "2024-06-30" : "2026-11-29";
    auto expected = oracle(pop, as_of);
    ASSERT_GT(expected.size(), 20u) << "the population should have eligible people";
    // The engine sees only active records, as the store loads them.
    std::vector<EmploymentRecord> active;
    for (size_t i = 0; i < pop.employments.size(); ++i)
      if (pop.statuses[i] == "active") active.push_back(pop.employments[i]);
    std::map<int64_t, int64_t> got;
    Slots scratch;
    size_t ei = 0;
    FactContext ctx = context(as_of);
    for (const auto& w : pop.workers) {
      size_t ee = ei;
      while (ee < active.size() && active[ee].worker_id == w.id) ++ee;
      std::span<const EmploymentRecord> mine(active.data() + ei, ee - ei);
      ei = ee;
      Choice c = choose(rule, w, mine, {}, pop.paid.count(w.id) > 0, ctx, scratch);
      if (c.eligible) {
        got[w.id] = c.yuan;
        // The full evaluation agrees with the quick one and names the record.
        Evaluation ev = explain(rule, w, c, mine, {}, pop.paid.count(w.id) > 0, ctx);
        EXPECT_TRUE(ev.eligible);
        EXPECT_EQ(ev.yuan, c.yuan);
      } else if (c.candidate >= 0) {
        Evaluation ev = explain(rule, w, c, mine, {}, pop.paid.count(w.id) > 0, ctx);
        EXPECT_FALSE(ev.eligible);
      }
    }
    EXPECT_EQ(got, expected) << "seed " << seed;
  }
}

TEST(SubsidyEligibility, SlotAndMapEvaluationAgree) {
  Rule rule = load_rule_file("data/policies/transport_subsidy.toml");
  Population pop = random_population(7, 300);
  FactContext ctx = context("2026-11-29");
  std::map<int64_t, const WorkerRecord*> by_id;
  for (const auto& w : pop.workers) by_id[w.id] = &w;
  for (const auto& e : pop.employments) {
    Slots s;
    fill_slots(s, *by_id[e.worker_id], &e, nullptr, false, ctx);
    Facts f;
    for (const auto& [field, _] : field_types()) f[field] = s[static_cast<size_t>(field_slot(field))];
    auto a = evaluate(rule, f), b = evaluate_slots(rule, s);
    EXPECT_EQ(a.eligible, b.eligible);
    EXPECT_EQ(a.yuan, b.yuan);
    EXPECT_EQ(a.first_failed, b.first_failed);
    ASSERT_EQ(a.conditions.size(), b.conditions.size());
    for (size_t i = 0; i < a.conditions.size(); ++i) EXPECT_EQ(a.conditions[i].values, b.conditions[i].values);
  }
}

}  // namespace
}  // namespace jz::subsidy
