#pragma once
// The facts a rule reads, derived from the records: a worker (household flags, age, home county), one of her
// employment records (employments, kept in step with the credit file) or a business she founded. Pure: no
// SQL, no clock — the store loads the records, the caller names the evaluation date — so the same code serves
// the population scan, one worker's explanation and the brute-force oracle tests.
//
// Which candidate counts for a worker: among her candidates, an eligible one with the highest amount, the
// earliest started first (records come ordered by start date, then id); when none is eligible, the one that
// passed most conditions in order, so "which condition failed" names the most telling record.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"
#include "subsidy/rule.hpp"

namespace jz::subsidy {

struct WorkerRecord {
  int64_t id = 0;
  std::string name;
  std::string prefecture_code;       // her current 市州 (data scope, reporting)
  std::string native_division_code;  // her home county
  std::string gender;
  std::string birth_date;
  bool poverty_alleviated = false, monitored = false, relocated = false, rural_migrant = false,
       new_entrant = false, graduate = false, identity_verified = false;
  // The flags as independent facts (set, and asserted by an official: credit/provenance.hpp).
  bool poverty_alleviated_verified = false, monitored_verified = false;
};

struct EmploymentRecord {
  int64_t entry_id = 0;
  int64_t worker_id = 0;
  std::optional<int64_t> employer_enterprise_id;
  std::string employer;
  std::string occupation_code;
  std::string place_division_code;  // "" when not in Gansu
  std::string place_province_code;  // "62" Gansu, "61" Shaanxi …, "" unknown
  std::string start_date;
  std::string end_date;  // "" while ongoing
  int64_t monthly_wage = 0;
  bool independent = false;
};

struct FounderRecord {
  int64_t enterprise_id = 0;
  int64_t worker_id = 0;
  std::string enterprise_name;
  std::string founded_on;
  std::string prefecture_code;
};

// A rule's period: "2024" → 2024-01-01 … 2024-12-31.
struct Period {
  std::string key, start, end;
};
Result<Period> parse_period(std::string_view text);

struct FactContext {
  Period period;
  std::string as_of;  // the evaluation date: ongoing work counts up to it
  const std::unordered_set<std::string>* domestic_occupations = nullptr;
  const std::map<std::string, std::string>* province_names = nullptr;  // "61" → "陕西"
};

// Day number of a valid YYYY-MM-DD (days since 1970-01-01), or nullopt.
std::optional<int64_t> day_number(std::string_view date);
// Whole months from `start` to the day after `last` (2024-01-15 … 2024-04-14 → 3); 0 when last < start.
int64_t whole_months(std::string_view start, std::string_view last);
// Age in whole years on `date`.
int64_t age_on(std::string_view birth_date, std::string_view date);
// Where she works relative to her home county (see employment.place in rule.cpp).
std::string classify_place(const WorkerRecord& w, const EmploymentRecord& e);
// "陕西省" → "陕西", "宁夏回族自治区" → "宁夏".
std::string short_province_name(std::string name);

// Fills every slot for one candidate. `employment` / `founder` may be null (no record: the employment or
// enterprise facts are false/empty, so a condition on them fails and says so).
void fill_slots(Slots& slots, const WorkerRecord& w, const EmploymentRecord* employment, const FounderRecord* founder,
                bool paid, const FactContext& ctx);

struct Choice {
  bool eligible = false;
  int64_t yuan = 0;
  int amount_case = -1;
  int candidate = -1;  // index into the employments (subject employment) or founders, -1 for none
};
// Picks the candidate that counts for this worker (see the file comment). `scratch` is reused between calls.
Choice choose(const Rule& rule, const WorkerRecord& w, std::span<const EmploymentRecord> employments,
              std::span<const FounderRecord> founders, bool paid, const FactContext& ctx, Slots& scratch);

// The full evaluation with evidence of the chosen candidate.
Evaluation explain(const Rule& rule, const WorkerRecord& w, const Choice& c, std::span<const EmploymentRecord> employments,
                   std::span<const FounderRecord> founders, bool paid, const FactContext& ctx);

}  // namespace jz::subsidy
