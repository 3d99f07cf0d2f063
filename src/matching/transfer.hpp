#pragma once
// The assignment of a labour-transfer plan (劳务输转): each worker to at most one opening, each opening up
// to its head-count, maximising the total fit over the given worker–opening pairs (which the caller has
// already limited to pairs satisfying every hard constraint). Solved exactly as a min-cost flow with LEMON's
// NetworkSimplex:
//   source →(cap 1)→ worker →(cap 1, cost −fit)→ opening →(cap head-count)→ sink, and source → sink at cost 0
// so that leaving a worker unassigned is always possible. Fits are scored in 1/1000 points (integers) so the
// optimum is exact. A greedy assignment (best pair first) is computed too, to show what the optimum gains.
// Pure: no I/O.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace jz::matching {

struct Edge {
  int64_t worker_id = 0;
  int opening = 0;  // index into the capacities
  double score = 0;
};

struct Assignment {
  std::vector<size_t> chosen;  // indices into the edges
  int64_t total_milli = 0;     // Σ fit in 1/1000 points
};

[[nodiscard]] inline int64_t milli(double score) { return static_cast<int64_t>(score * 1000.0 + 0.5); }

[[nodiscard]] Assignment assign_optimal(const std::vector<Edge>& edges, const std::vector<int64_t>& capacity);
// The same problem solved with LEMON's CostScaling (for the tests' cross-check).
[[nodiscard]] Assignment assign_cost_scaling(const std::vector<Edge>& edges, const std::vector<int64_t>& capacity);
[[nodiscard]] Assignment assign_greedy(const std::vector<Edge>& edges, const std::vector<int64_t>& capacity);

}  // namespace jz::matching
