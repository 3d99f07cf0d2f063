#include "matching/transfer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace jz::matching {
namespace {

// Exhaustive search over every assignment of tiny instances.
int64_t brute_force(const std::vector<Edge>& edges, const std::vector<int64_t>& cap) {
  std::vector<int64_t> workers;
  for (const auto& e : edges)
    if (std::find(workers.begin(), workers.end(), e.worker_id) == workers.end()) workers.push_back(e.worker_id);
  std::vector<int64_t> left = cap;
  int64_t best = 0;
  std::function<void(size_t, int64_t)> go = [&](size_t wi, int64_t total) {
    if (wi == workers.size()) {
      best = std::max(best, total);
      return;
    }
    go(wi + 1, total);  // unassigned
    for (const auto& e : edges)
      if (e.worker_id == workers[wi] && left[static_cast<size_t>(e.opening)] > 0) {
        --left[static_cast<size_t>(e.opening)];
        go(wi + 1, total + milli(e.score));
        ++left[static_cast<size_t>(e.opening)];
      }
  };
  go(0, 0);
  return best;
}

void expect_feasible(const std::vector<Edge>& edges, const std::vector<int64_t>& cap, const Assignment& a) {
  std::set<int64_t> seen;
  std::map<int, int64_t> used;
  for (size_t i : a.chosen) {
    EXPECT_TRUE(seen.insert(edges[i].worker_id).second) << "worker assigned twice";
    ++used[edges[i].opening];
  }
  for (const auto& [o, n] : used) EXPECT_LE(n, cap[static_cast<size_t>(o)]);
}

std::vector<Edge> random_edges(std::mt19937_64& rng, int workers, int openings, double density) {
  std::vector<Edge> edges;
  std::uniform_real_distribution<double> u(0, 1);
  for (int w = 1; w <= workers; ++w)
    for (int o = 0; o < openings; ++o)
      if (u(rng) < density) edges.push_back(Edge{w, o, std::round(u(rng) * 100 * 100) / 100});
  return edges;
}

TEST(TransferPlan, NetworkSimplexIsOptimalOnTinyCases) {
  std::mt19937_64 rng(1);
  for (int t = 0; t < 300; ++t) {
    int workers = 1 + static_cast<int>(rng() % 6), openings = 1 + static_cast<int>(rng() % 3);
    auto edges = random_edges(rng, workers, openings, 0.7);
    std::vector<int64_t> cap;
    for (int o = 0; o < openings; ++o) cap.push_back(static_cast<int64_t>(rng() % 3));
    auto a = assign_optimal(edges, cap);
    expect_feasible(edges, cap, a);
    EXPECT_EQ(a.total_milli, brute_force(edges, cap)) << "case " << t;
  }
}

TEST(TransferPlan, NetworkSimplexAgreesWithCostScalingAndBeatsGreedy) {
  std::mt19937_64 rng(2);
  for (int t = 0; t < 40; ++t) {
    int workers = 50 + static_cast<int>(rng() % 150), openings = 5 + static_cast<int>(rng() % 30);
    auto edges = random_edges(rng, workers, openings, 0.2);
    std::vector<int64_t> cap;
    for (int o = 0; o < openings; ++o) cap.push_back(1 + static_cast<int64_t>(rng() % 8));
    auto ns = assign_optimal(edges, cap);
    auto cs = assign_cost_scaling(edges, cap);
    auto greedy = assign_greedy(edges, cap);
    expect_feasible(edges, cap, ns);
    expect_feasible(edges, cap, greedy);
    EXPECT_EQ(ns.total_milli, cs.total_milli);
    EXPECT_GE(ns.total_milli, greedy.total_milli);
  }
}

TEST(TransferPlan, GreedyCanLoseWhereTheOptimumDoesNot) {
  // A takes X greedily (90) and leaves B nothing; the optimum sends A to Y and B to X (80 + 85).
  std::vector<Edge> edges{{1, 0, 90}, {1, 1, 80}, {2, 0, 85}};
  std::vector<int64_t> cap{1, 1};
  EXPECT_EQ(assign_greedy(edges, cap).total_milli, 90000);
  EXPECT_EQ(assign_optimal(edges, cap).total_milli, 165000);
}

TEST(TransferPlan, EmptyInputsGiveEmptyPlans) {
  EXPECT_TRUE(assign_optimal({}, {}).chosen.empty());
  EXPECT_TRUE(assign_optimal({{1, 0, 50}}, {0}).chosen.empty());
}

}  // namespace
}  // namespace jz::matching
