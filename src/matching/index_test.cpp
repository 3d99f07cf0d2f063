#include "matching/index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "matching/score.hpp"
#include "matching/testing.hpp"

namespace jz::matching {
namespace {

constexpr int32_t kToday = 20000;

// The brute force: every worker through the reference rules, sorted by score then id.
std::vector<Scored> oracle(const std::vector<WorkerFacts>& all, const Demand& d, size_t k, const Weights& w) {
  std::vector<Scored> out;
  for (const auto& f : all)
    if (eligible(f, d)) out.push_back(score_worker(f, d, w, Geo::instance()));
  std::sort(out.begin(), out.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.worker_id < b.worker_id;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

void expect_same(const std::vector<Scored>& got, const std::vector<Scored>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].worker_id, want[i].worker_id) << "rank " << i;
    EXPECT_DOUBLE_EQ(got[i].score, want[i].score) << "rank " << i;
    EXPECT_EQ(got[i].components.region_reason, want[i].components.region_reason);
  }
}

TEST(WorkerIndex, TopKEqualsBruteForceOnRandomData) {
  std::mt19937_64 rng(7);
  std::vector<WorkerFacts> all;
  WorkerIndex index(Geo::instance());
  for (int64_t id = 1; id <= 3000; ++id) {
    all.push_back(testing::random_worker(rng, id, kToday));
    index.upsert(all.back());
  }
  index.optimize();
  Weights w;
  for (int q = 0; q < 300; ++q) {
    Demand d = testing::random_demand(rng, kToday);
    size_t k = 1 + rng() % 40;
    QueryStats st;
    auto got = index.top_k(d, k, w, nullptr, &st);
    expect_same(got, oracle(all, d, k, w));
    for (const auto& s : got) {
      const auto& f = all[static_cast<size_t>(s.worker_id - 1)];
      EXPECT_EQ(hard_constraint_failed(f, d), nullptr) << "worker " << s.worker_id;
    }
  }
}

// The pruned ranking against the exhaustive one (the oracle) on random indexes and random demands: the same
// workers in the same order with bit-identical scores, and the same counts.
void expect_same_as_exhaustive(const WorkerIndex& index, const Demand& d, size_t k, const Weights& w,
                               const Roaring* cohort = nullptr) {
  QueryStats pruned, full;
  auto got = index.top_k(d, k, w, cohort, &pruned);
  auto want = index.top_k_exhaustive(d, k, w, cohort, &full);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].worker_id, want[i].worker_id) << "rank " << i;
    EXPECT_EQ(got[i].score, want[i].score) << "rank " << i;  // bit for bit
  }
  EXPECT_EQ(pruned.eligible, full.eligible);
  EXPECT_EQ(pruned.bitmap_candidates, full.bitmap_candidates);
  EXPECT_LE(pruned.scored, full.scored);
}

// A worker whose values come from few choices, so that many scores tie.
WorkerFacts tied_worker(std::mt19937_64& rng, int64_t id) {
  WorkerFacts w = testing::random_worker(rng, id, kToday);
  w.credit_score = rng() % 2 ? -1 : 80;
  w.experience_months = rng() % 2 ? 0 : 60;
  w.rating = 0;
  w.expected_wage = 3000;
  w.health_valid_until = 0;
  return w;
}

TEST(WorkerIndex, PrunedRankingEqualsExhaustiveOnRandomIndexes) {
  std::mt19937_64 rng(2024);
  for (int population = 0; population < 6; ++population) {
    bool ties = population % 2 == 1;
    size_t n = 2000 + rng() % 6000;
    WorkerIndex index(Geo::instance());
    index.set_exhaustive_below(0);  // always the cells
    std::vector<WorkerFacts> all;
    for (size_t i = 1; i <= n; ++i) {
      // Sparse, unordered ids: gaps and a stretch above 65,536 (another Roaring container).
      int64_t id = static_cast<int64_t>(i * 3 + (i > n / 2 ? 70000 : 0));
      all.push_back(ties ? tied_worker(rng, id) : testing::random_worker(rng, id, kToday));
      index.upsert(all.back());
    }
    if (population % 3 == 0) index.optimize();
    Weights weights[] = {Weights{}, Weights{5, 40, 10, 0, 30, 0, 15}, Weights{20, 0, 0, 15, 0, 0, 0}};
    for (int q = 0; q < 120; ++q) {
      Demand d = testing::random_demand(rng, kToday);
      size_t k = 1 + rng() % 60;
      const Weights& w = weights[q % 3];
      SCOPED_TRACE(::testing::Message() << "population " << population << " query " << q);
      expect_same_as_exhaustive(index, d, k, w);
      if (q % 10 == 0) expect_same(index.top_k(d, k, w), oracle(all, d, k, w));
    }
  }
}

TEST(WorkerIndex, PrunedRankingStaysExactUnderWrites) {
  std::mt19937_64 rng(99);
  WorkerIndex index(Geo::instance());
  index.set_exhaustive_below(0);
  std::vector<WorkerFacts> all;
  for (int64_t id = 1; id <= 4000; ++id) {
    all.push_back(testing::random_worker(rng, id, kToday));
    index.upsert(all.back());
  }
  index.optimize();
  Roaring cohort;
  for (int64_t id = 1; id <= 4000; id += 2) cohort.add(static_cast<uint32_t>(id));
  for (int round = 0; round < 300; ++round) {
    // Writes move workers between tiers, buckets and counties; removed workers leave their maxima behind.
    for (int wr = 0; wr < 5; ++wr) {
      auto& f = all[rng() % all.size()];
      if (rng() % 4 == 0) {
        index.remove(f.id);
        f.available = false;
        f.levels = {};
      } else {
        f = testing::random_worker(rng, f.id, kToday);
        if (rng() % 3 == 0) f.credit_score = 100, f.experience_months = 120, f.rating = 5;
        index.upsert(f);
      }
    }
    Demand d = testing::random_demand(rng, kToday);
    size_t k = 1 + rng() % 30;
    SCOPED_TRACE(::testing::Message() << "round " << round);
    expect_same_as_exhaustive(index, d, k, Weights{});
    expect_same_as_exhaustive(index, d, k, Weights{}, &cohort);
    if (round % 20 == 0) expect_same(index.top_k(d, k, Weights{}), oracle(all, d, k, Weights{}));
  }
}

TEST(WorkerIndex, PrunedRankingScoresFewOfABroadDemand) {
  std::mt19937_64 rng(1);
  WorkerIndex index(Geo::instance());
  index.set_exhaustive_below(1000);  // the default sends sets this small to the exhaustive scan
  for (int64_t id = 1; id <= 40000; ++id) index.upsert(testing::random_worker(rng, id, kToday));
  index.optimize();
  Demand d;
  d.occupation = 0;
  d.place.province_code = "62";
  d.place.division_code = Geo::instance().county_codes()[0];
  d.wage_max = 5000;
  d.on_day = kToday;
  QueryStats st;
  auto top = index.top_k(d, 20, Weights{}, nullptr, &st);
  ASSERT_EQ(top.size(), 20u);
  EXPECT_GT(st.eligible, 4000u);
  EXPECT_LT(st.scored * 4, st.eligible) << st.scored << " of " << st.eligible << " scored";
  expect_same_as_exhaustive(index, d, 20, Weights{});
}

TEST(WorkerIndex, FollowsUpdatesAndRemovals) {
  std::mt19937_64 rng(11);
  std::vector<WorkerFacts> all;
  WorkerIndex index(Geo::instance());
  for (int64_t id = 1; id <= 800; ++id) {
    all.push_back(testing::random_worker(rng, id, kToday));
    index.upsert(all.back());
  }
  Weights w;
  for (int round = 0; round < 200; ++round) {
    auto& f = all[rng() % all.size()];
    if (rng() % 5 == 0) {
      index.remove(f.id);
      f.available = false;  // the oracle's way of saying "gone": never eligible
      f.levels = {};
    } else {
      int64_t id = f.id;
      f = testing::random_worker(rng, id, kToday);
      index.upsert(f);
    }
    Demand d = testing::random_demand(rng, kToday);
    expect_same(index.top_k(d, 15, w), oracle(all, d, 15, w));
  }
}

TEST(WorkerIndex, FactsRoundTrip) {
  std::mt19937_64 rng(3);
  WorkerIndex index(Geo::instance());
  auto f = testing::random_worker(rng, 42, kToday);
  f.scope = WorkScope::cross_province;
  f.preferred_cities = {"天津", "厦门"};
  f.rating = 4.37;
  index.upsert(f);
  auto back = index.facts(42);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->county, f.county);
  EXPECT_EQ(back->preferred_cities, f.preferred_cities);
  EXPECT_DOUBLE_EQ(back->rating, quantize_rating(4.37));
  EXPECT_EQ(back->levels, f.levels);
  EXPECT_EQ(back->certificates, f.certificates);
  EXPECT_EQ(back->poverty_alleviated, f.poverty_alleviated);
  EXPECT_EQ(back->monitored, f.monitored);
  index.remove(42);
  EXPECT_FALSE(index.facts(42));
  EXPECT_EQ(index.size(), 0u);
}

TEST(WorkerIndex, CohortRestrictsCandidates) {
  std::mt19937_64 rng(5);
  std::vector<WorkerFacts> all;
  WorkerIndex index(Geo::instance());
  Roaring cohort;
  for (int64_t id = 1; id <= 1000; ++id) {
    all.push_back(testing::random_worker(rng, id, kToday));
    index.upsert(all.back());
    if (id % 3 == 0) cohort.add(static_cast<uint32_t>(id));
  }
  std::vector<WorkerFacts> members;
  for (const auto& f : all)
    if (f.id % 3 == 0) members.push_back(f);
  Weights w;
  for (int q = 0; q < 50; ++q) {
    Demand d = testing::random_demand(rng, kToday);
    expect_same(index.top_k(d, 25, w, &cohort), oracle(members, d, 25, w));
  }
}

}  // namespace
}  // namespace jz::matching
