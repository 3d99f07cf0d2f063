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
