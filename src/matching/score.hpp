#pragma once
// The matching rules as pure functions, shared by the in-memory engine, the transfer planner and the tests'
// brute-force oracle, so all three agree to the last bit:
//   * hard constraints (`eligible`): never traded for score;
//   * the score's components, each a fit in [0, 1], and the total Σ weight × fit.
// docs/matching.md describes exactly these rules; change both together.
#include <algorithm>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "matching/geo.hpp"
#include "matching/model.hpp"

namespace jz::matching {

// Why a worker fails a demand's hard constraints, or nullptr when she passes them all:
//   occupation (not her occupation or below the minimum level), unavailable, live_in, work_scope
//   (home_county worker outside her county; in_province worker outside Gansu), preferred_city (cross-province
//   worker who listed other cities), health_check (none valid on the start date), certificate, experience.
[[nodiscard]] const char* hard_constraint_failed(const WorkerFacts& w, const Demand& d);
[[nodiscard]] inline bool eligible(const WorkerFacts& w, const Demand& d) {
  return hard_constraint_failed(w, d) == nullptr;
}

// Region fit of a worker living in `county` (prefecture `prefecture`) for place `p`; `listed_city` is true
// when a cross-province worker named the place's city. Fills region, distance_km and region_reason.
void region_fit(std::string_view county, std::string_view prefecture, bool listed_city, const Place& p,
                const Geo& geo, Components& c);

// The other components, from the worker's facts as the engine stores them. Inline: the engine's scan calls
// it for every candidate.
inline void fill_components(int level, int credit_score, int64_t expected_wage, int experience_months, double rating,
                            bool priority, const Demand& d, Components& c) {
  c.skill = level / 4.0;
  c.credit = credit_score < 0 ? 0.0 : std::min(100, credit_score) / 100.0;
  if (d.wage_max <= 0 || expected_wage <= 0)
    c.wage = 0.5;
  else if (expected_wage <= d.wage_max)
    c.wage = 1.0;
  else
    c.wage = std::max(0.0, 1.0 - 2.0 * static_cast<double>(expected_wage - d.wage_max) / d.wage_max);
  c.experience = std::min(experience_months, 60) / 60.0;
  c.rating = rating > 0 ? (rating - 1.0) / 4.0 : 0.5;
  c.priority = priority ? 1.0 : 0.0;
}
[[nodiscard]] inline double total_score(const Components& c, const Weights& w) {
  return w.skill * c.skill + w.credit * c.credit + w.region * c.region + w.wage * c.wage +
         w.experience * c.experience + w.rating * c.rating + w.priority * c.priority;
}

// All components and the total for one eligible worker (the reference path; the engine computes the same
// from its columns).
[[nodiscard]] Scored score_worker(const WorkerFacts& w, const Demand& d, const Weights& weights, const Geo& geo);

// Ratings are kept to 1/50 of a star so that the engine's one-byte column holds them exactly.
[[nodiscard]] double quantize_rating(double r);

// "skill=20,credit=20,region=20,wage=15,experience=10,rating=10,priority=5" (any subset, each 0–100).
[[nodiscard]] Result<Weights> parse_weights(std::string_view text);
[[nodiscard]] std::string format_weights(const Weights& w);

}  // namespace jz::matching
