#pragma once
// Test support for the subsidy tests (not compiled into the product): random populations of workers and
// employment records, and the brute-force oracle — the 2024 transport subsidy stated plainly, with std::chrono
// calendar arithmetic and its own place classification, independent of the rule engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/embedded.hpp"
#include "subsidy/facts.hpp"

namespace jz::subsidy::test_support {

inline Rule load_rule_file(const char* path) {
  auto text = embedded_file(path);
  EXPECT_TRUE(text.has_value()) << path;
  auto parsed = parse_rule_toml(*text);
  for (const auto& p : parsed.problems) ADD_FAILURE() << path << " " << p.line << ":" << p.column << " " << p.message;
  return *parsed.rule;
}

inline const std::unordered_set<std::string> kDomestic = {"housekeeping", "maternal_infant_care", "elderly_care"};
inline const std::map<std::string, std::string> kProvinces = {{"62", "甘肃"}, {"61", "陕西"}, {"64", "宁夏"}, {"12", "天津"},
                                                       {"44", "广东"}};
// Counties of two 市州 (兰州 6201, 天水 6205), and the 市州 codes themselves.
inline const std::vector<std::string> kCounties = {"620102", "620103", "620123", "620502", "620521"};
inline const std::vector<std::string> kPlaces = {"620102", "620103", "620123", "620502", "620521", "6201", "6205", ""};

struct Population {
  std::vector<WorkerRecord> workers;
  std::vector<EmploymentRecord> employments;  // by worker, start, entry
  std::vector<std::string> statuses;          // per employment: active / withdrawn / disputed
  std::unordered_set<int64_t> paid;
};

inline std::string random_date(std::mt19937_64& rng, int y0, int y1) {
  std::uniform_int_distribution<int> y(y0, y1), m(1, 12), d(1, 28);
  char buf[11];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y(rng), m(rng), d(rng));
  return buf;
}

inline Population random_population(uint64_t seed, int n_workers) {
  std::mt19937_64 rng(seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&](const auto& v) { return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)]; };
  Population pop;
  int64_t entry = 1;
  for (int i = 1; i <= n_workers; ++i) {
    WorkerRecord w;
    w.id = i;
    w.name = "W" + std::to_string(i);
    w.native_division_code = pick(kCounties);
    w.prefecture_code = chance(0.8) ? w.native_division_code.substr(0, 4) : "6205";
    w.gender = chance(0.85) ? "F" : "M";
    w.birth_date = random_date(rng, 1965, 2004);
    w.poverty_alleviated = chance(0.4);
    w.monitored = chance(0.15);
    // Most flags came from the monitoring list (an official: independent); some only from an enterprise (a claim).
    w.poverty_alleviated_verified = w.poverty_alleviated && chance(0.8);
    w.monitored_verified = w.monitored && chance(0.8);
    w.graduate = chance(0.1);
    w.new_entrant = chance(0.1);
    pop.workers.push_back(w);
    if (chance(0.1)) pop.paid.insert(w.id);
    int n = std::uniform_int_distribution<int>(0, 4)(rng);
    std::vector<EmploymentRecord> mine;
    for (int k = 0; k < n; ++k) {
      EmploymentRecord e;
      e.entry_id = entry++;
      e.worker_id = w.id;
      e.employer = "E";
      e.occupation_code = chance(0.9) ? pick(std::vector<std::string>(kDomestic.begin(), kDomestic.end())) : "driver";
      std::string province = pick(std::vector<std::string>{"62", "62", "62", "61", "64", "12", "44", ""});
      e.place_province_code = province;
      if (province == "62") e.place_division_code = pick(kPlaces);
      e.start_date = random_date(rng, 2023, 2025);
      if (chance(0.5)) {
        e.end_date = random_date(rng, 2023, 2026);
        if (chance(0.3)) e.end_date = e.start_date;  // a one-day job
      }
      e.independent = chance(0.8);
      e.monthly_wage = chance(0.7) ? 3000 : 0;
      mine.push_back(e);
    }
    std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) {
      return std::tie(a.start_date, a.entry_id) < std::tie(b.start_date, b.entry_id);
    });
    for (auto& e : mine) {
      pop.employments.push_back(e);
      pop.statuses.push_back(chance(0.85) ? "active" : chance(0.5) ? "withdrawn" : "disputed");
    }
  }
  return pop;
}

// --- The oracle: the 2024 transport subsidy stated plainly ---
inline std::chrono::sys_days days(const std::string& s) {
  return std::chrono::sys_days(std::chrono::year_month_day(std::chrono::year(std::stoi(s.substr(0, 4))),
                                                           std::chrono::month(std::stoi(s.substr(5, 2))),
                                                           std::chrono::day(std::stoi(s.substr(8, 2)))));
}
inline int64_t months_in_work(const std::string& start, const std::string& last) {
  if (last < start) return 0;
  std::chrono::year_month_day a(days(start)), b(days(last) + std::chrono::days(1));
  int64_t m = (int(b.year()) - int(a.year())) * 12 + (int(unsigned(b.month())) - int(unsigned(a.month())));
  if (unsigned(b.day()) < unsigned(a.day())) --m;
  return m;
}
inline int64_t oracle_amount(const WorkerRecord& w, const EmploymentRecord& e, const std::string& status, bool paid,
                      const std::string& as_of) {
  if (!((w.poverty_alleviated && w.poverty_alleviated_verified) || (w.monitored && w.monitored_verified)) || paid ||
      status != "active")
    return 0;
  if (!kDomestic.count(e.occupation_code) || !e.independent) return 0;
  if (e.start_date < "2024-01-01" || e.start_date > "2024-12-31") return 0;
  std::string last = e.end_date.empty() || e.end_date > as_of ? as_of : e.end_date;
  if (months_in_work(e.start_date, last) < 3) return 0;
  const std::string home_pref = w.native_division_code.substr(0, 4);
  if (e.place_province_code.empty()) return 0;
  if (e.place_province_code != "62") return e.place_province_code == "61" || e.place_province_code == "64" ? 400 : 600;
  if (e.place_division_code.empty()) return 0;
  if (e.place_division_code.substr(0, 4) != home_pref) return 300;
  if (e.place_division_code.size() == 6 && e.place_division_code != w.native_division_code) return 200;
  return 0;
}
inline std::map<int64_t, int64_t> oracle(const Population& pop, const std::string& as_of) {
  std::map<int64_t, int64_t> out;
  std::map<int64_t, const WorkerRecord*> by_id;
  for (const auto& w : pop.workers) by_id[w.id] = &w;
  for (size_t i = 0; i < pop.employments.size(); ++i) {
    const auto& e = pop.employments[i];
    int64_t y = oracle_amount(*by_id[e.worker_id], e, pop.statuses[i], pop.paid.count(e.worker_id) > 0, as_of);
    if (y > 0) out[e.worker_id] = std::max(out[e.worker_id], y);
  }
  return out;
}

inline FactContext context(const std::string& as_of) {
  return FactContext{Period{"2024", "2024-01-01", "2024-12-31"}, as_of, &kDomestic, &kProvinces};
}

}  // namespace jz::subsidy::test_support
