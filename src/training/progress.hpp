#pragma once
// The trainee-times (人次) figures of the target: counted the way the policy counts them — each completed
// course by a person once (one training_completions row per enrolment, one enrolment per worker and course)
// — over any period, by 市州, county, occupation and labour brand, with 脱贫人口 and women separately.
//
// ProgressIndex holds the completion facts in memory, 8 bytes each (10 million: 80 MB), dictionary-encoded,
// so the whole province's figures are one pass over an array instead of a GROUP BY over the table. It is
// filled from training_completions by id (append-only) and refreshed before each query with the rows added
// since (service.cpp). Thread-safe: a shared mutex, many readers, one refresher.
//
// Targets: a province admin sets them per 市州 and period; otherwise a yearly period (YYYY) gets the default
// split of kProvinceTarget by working-age population share (docs/training.md), by largest remainder so the
// parts add up exactly.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"

namespace jz::training {

inline constexpr int64_t kProvinceTarget = 140000;

// An inclusive range of days (days since 1970-01-01).
struct Period {
  std::string key;   // "2024", "2024-03", or "2024-01-01..2024-06-30"
  std::string from;  // YYYY-MM-DD
  std::string to;    // YYYY-MM-DD
  int64_t from_day = 0;
  int64_t to_day = 0;
  bool yearly = false;
};
// `period` YYYY or YYYY-MM, or `from`/`to` dates (both); invalid_field otherwise.
Result<Period> parse_period(const std::optional<std::string>& period, const std::optional<std::string>& from,
                            const std::optional<std::string>& to);

struct Counts {
  int64_t total = 0;
  int64_t women = 0;
  int64_t poverty_alleviated = 0;
  bool operator==(const Counts&) const = default;
};

struct Figures {
  Counts all;
  std::map<std::string, Counts> by_prefecture;
  std::map<std::string, Counts> by_county;
  std::map<std::string, Counts> by_occupation;
  std::map<std::string, Counts> by_brand;  // brand id as text; workers without a brand are not listed
};

struct CompletionFact {
  int64_t id = 0;
  int64_t day = 0;
  std::string county_code;
  std::string prefecture_code;
  std::string occupation_code;
  std::optional<int64_t> brand_id;
  bool woman = false;
  bool poverty_alleviated = false;
};

class ProgressIndex final {
 public:
  // Adds a fact unless its id was added before. Returns true when added.
  bool add(const CompletionFact& f);
  // The figures over [from_day, to_day]; `prefecture` (4 digits) restricts them to one 市州.
  Figures figures(int64_t from_day, int64_t to_day, const std::string& prefecture = {}) const;
  int64_t max_id() const;
  size_t size() const;

  // Rows may commit out of id order on PostgreSQL (sequence values are taken before commit); refresh reads
  // back this many ids below the highest seen and skips those already added.
  static constexpr int64_t kReadBack = 10000;

 private:
  struct Packed {
    uint16_t day;     // days since 1970-01-01 (to 2149)
    uint16_t county;  // index into counties_
    uint16_t brand;   // 0: none; else index into brands_
    uint8_t occupation;
    uint8_t flags;  // 1 woman, 2 poverty_alleviated
  };
  uint16_t intern(std::vector<std::string>& names, std::unordered_map<std::string, uint16_t>& index,
                  const std::string& name);

  mutable std::shared_mutex mu_;
  std::vector<Packed> facts_;  // guarded by mu_
  std::vector<std::string> counties_, occupations_, brands_, prefectures_;
  std::vector<uint16_t> county_prefecture_;  // county index → prefecture index
  std::unordered_map<std::string, uint16_t> county_index_, occupation_index_, brand_index_, prefecture_index_;
  int64_t max_id_ = 0;
  std::set<int64_t> recent_ids_;  // ids within kReadBack of max_id_
};

// Splits `total` by `weights` (code → weight) proportionally; the parts add up to `total` exactly (largest
// remainder, ties to the smaller code).
std::map<std::string, int64_t> split_by_share(int64_t total, const std::map<std::string, int64_t>& weights);

// At the pace so far (count over the days elapsed in the period as of `today_day`), the count at the end of
// the period. A period not started yet projects 0; a finished one its count.
int64_t project(int64_t count, const Period& p, int64_t today_day);

}  // namespace jz::training
