#include "matching/score.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace jz::matching {

int occupation_index(std::string_view code) {
  for (size_t i = 0; i < kOccupations.size(); ++i)
    if (code == kOccupations[i]) return static_cast<int>(i);
  return -1;
}

std::optional<WorkScope> parse_scope(std::string_view s) {
  if (s == "home_county") return WorkScope::home_county;
  if (s == "in_province") return WorkScope::in_province;
  if (s == "cross_province") return WorkScope::cross_province;
  return std::nullopt;
}

const char* scope_name(WorkScope s) {
  switch (s) {
    case WorkScope::home_county: return "home_county";
    case WorkScope::in_province: return "in_province";
    case WorkScope::cross_province: return "cross_province";
  }
  return "in_province";
}

const char* hard_constraint_failed(const WorkerFacts& w, const Demand& d) {
  if (d.occupation < 0 || d.occupation >= static_cast<int>(kOccupations.size())) return "occupation";
  int level = w.levels[static_cast<size_t>(d.occupation)];
  if (level == 0 || level < std::max(1, d.min_level)) return "occupation";
  if (!w.available) return "unavailable";
  if (d.live_in && !w.live_in) return "live_in";
  if (d.place.in_gansu()) {
    if (w.scope == WorkScope::home_county && w.county != d.place.division_code) return "work_scope";
  } else {
    if (w.scope != WorkScope::cross_province) return "work_scope";
    if (!w.preferred_cities.empty() &&
        std::find(w.preferred_cities.begin(), w.preferred_cities.end(), d.place.city) == w.preferred_cities.end())
      return "preferred_city";
  }
  if (d.requires_health_check && w.health_valid_until < d.on_day) return "health_check";
  if (d.requires_certificate && !(w.certificates & (1u << d.occupation))) return "certificate";
  if (d.min_experience_years > 0 && w.experience_months < 12 * d.min_experience_years) return "experience";
  return nullptr;
}

void region_fit(std::string_view county, std::string_view prefecture, bool listed_city, const Place& p,
                const Geo& geo, Components& c) {
  auto from = geo.division(county);
  if (p.in_gansu()) {
    auto to = geo.division(p.division_code);
    c.distance_km = from && to ? Geo::distance_km(*from, *to) : 0;
    if (county == p.division_code) {
      c.region = 1.0;
      c.region_reason = "same_county";
    } else if (!prefecture.empty() && p.division_code.compare(0, 4, prefecture) == 0) {
      c.region = 0.8;
      c.region_reason = "same_prefecture";
    } else {
      double d = from && to ? c.distance_km : 600.0;
      c.region = 0.6 * std::max(0.0, 1.0 - d / 1200.0);
      c.region_reason = "in_province";
    }
  } else {
    auto to = geo.city(p.city);
    c.distance_km = from && to ? Geo::distance_km(*from, *to) : 0;
    c.region = listed_city ? 1.0 : 0.6;
    c.region_reason = listed_city ? "preferred_city" : "cross_province";
  }
}

Scored score_worker(const WorkerFacts& w, const Demand& d, const Weights& weights, const Geo& geo) {
  Scored s;
  s.worker_id = w.id;
  bool listed = !d.place.in_gansu() &&
                std::find(w.preferred_cities.begin(), w.preferred_cities.end(), d.place.city) != w.preferred_cities.end();
  region_fit(w.county, w.prefecture, listed, d.place, geo, s.components);
  fill_components(w.levels[static_cast<size_t>(d.occupation)], w.credit_score, w.expected_wage, w.experience_months,
                  w.rating, w.poverty_alleviated || w.monitored, d, s.components);
  s.score = total_score(s.components, weights);
  return s;
}

double quantize_rating(double r) {
  if (r <= 0) return 0;
  return static_cast<double>(std::lround(std::min(5.0, r) * 50.0)) / 50.0;
}

Result<Weights> parse_weights(std::string_view text) {
  Weights w;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(pos, end - pos);
    pos = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) return make_error("invalid_field", "matching_weights", "name=number expected");
    std::string_view name = item.substr(0, eq), value = item.substr(eq + 1);
    double v = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || p != value.data() + value.size() || v < 0 || v > 100)
      return make_error("invalid_field", "matching_weights", std::string(name) + ": a number 0–100 expected");
    double* slot = name == "skill" ? &w.skill
                   : name == "credit" ? &w.credit
                   : name == "region" ? &w.region
                   : name == "wage" ? &w.wage
                   : name == "experience" ? &w.experience
                   : name == "rating" ? &w.rating
                   : name == "priority" ? &w.priority
                                        : nullptr;
    if (!slot) return make_error("invalid_field", "matching_weights", "unknown component " + std::string(name));
    *slot = v;
  }
  return w;
}

std::string format_weights(const Weights& w) {
  return fmt::format("skill={},credit={},region={},wage={},experience={},rating={},priority={}", w.skill, w.credit,
                     w.region, w.wage, w.experience, w.rating, w.priority);
}

}  // namespace jz::matching
