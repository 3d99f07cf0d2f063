#pragma once
// Random workers and demands for the matching tests (unit tests and the benchmark): a fixed seed gives the
// same population. Not used by the product.
#include <random>
#include <vector>

#include "matching/geo.hpp"
#include "matching/model.hpp"

namespace jz::matching::testing {

inline constexpr const char* kCities[] = {"天津", "北京", "厦门", "福州", "青岛", "上海"};

inline WorkerFacts random_worker(std::mt19937_64& rng, int64_t id, int32_t today) {
  const auto& counties = Geo::instance().county_codes();
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  WorkerFacts w;
  w.id = id;
  // Few counties so that same-county and ties occur often.
  w.county = counties[static_cast<size_t>(pick(6)) * 7 % counties.size()];
  w.prefecture = w.county.substr(0, 4);
  w.scope = static_cast<WorkScope>(pick(3));
  if (w.scope == WorkScope::cross_province) {
    int n = pick(3);
    for (int i = 0; i < n; ++i) {
      std::string c = kCities[pick(6)];
      if (std::find(w.preferred_cities.begin(), w.preferred_cities.end(), c) == w.preferred_cities.end())
        w.preferred_cities.push_back(c);
    }
  }
  w.live_in = pick(3) == 0;
  w.available = pick(10) != 0;
  w.poverty_alleviated = pick(3) == 0;
  w.monitored = !w.poverty_alleviated && pick(10) == 0;
  w.expected_wage = pick(4) == 0 ? 0 : 2500 + 500 * pick(8);
  w.credit_score = pick(5) == 0 ? -1 : 40 + 10 * pick(6);
  w.health_valid_until = pick(3) == 0 ? 0 : today - 200 + pick(600);
  w.experience_months = 12 * pick(6);
  w.rating = pick(3) == 0 ? 0 : 1.0 + pick(9) * 0.5;
  int n_occ = 1 + pick(3);
  for (int i = 0; i < n_occ; ++i) w.levels[static_cast<size_t>(pick(5))] = static_cast<uint8_t>(1 + pick(4));
  for (size_t o = 0; o < 5; ++o)
    if (w.levels[o] && pick(3) == 0) w.certificates |= static_cast<uint16_t>(1u << o);
  return w;
}

inline Demand random_demand(std::mt19937_64& rng, int32_t today) {
  const auto& counties = Geo::instance().county_codes();
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  Demand d;
  d.occupation = pick(5);
  d.min_level = 1 + pick(3);
  if (pick(4) == 0) {
    d.place.city = kCities[pick(6)];
    d.place.province_code = Geo::instance().city_province(d.place.city);
  } else {
    d.place.province_code = "62";
    d.place.division_code = counties[static_cast<size_t>(pick(6)) * 7 % counties.size()];
  }
  d.live_in = pick(4) == 0;
  d.wage_min = 3000;
  d.wage_max = pick(4) == 0 ? 0 : 3000 + 500 * pick(6);
  d.requires_health_check = pick(2) == 0;
  d.requires_certificate = pick(5) == 0;
  d.min_experience_years = pick(4) == 0 ? pick(3) : 0;
  d.on_day = today + pick(60);
  return d;
}

}  // namespace jz::matching::testing
