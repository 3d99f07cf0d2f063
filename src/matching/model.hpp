#pragma once
// Plain types of supply and demand (product section 3): job postings, recruitment events, consumer service
// requests, the facts of a worker the matching engine keeps in memory, a demand to match against, the
// score with its components, and labour-transfer plans. No I/O here.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::matching {

// The occupations of data/occupations.csv in file order; the engine packs one level per occupation.
inline constexpr std::array<const char*, 12> kOccupations = {
    "housekeeping",   "deep_cleaning", "appliance_cleaning", "laundry_care", "maternity_care", "infant_care",
    "elderly_care",   "patient_escort", "home_cooking",      "organizing",   "home_decor",     "appliance_repair"};
// Index of an occupation code in kOccupations, or -1.
int occupation_index(std::string_view code);

enum class WorkScope : uint8_t { home_county = 0, in_province = 1, cross_province = 2 };
std::optional<WorkScope> parse_scope(std::string_view s);
const char* scope_name(WorkScope s);

// What the engine knows about one worker: every fact a hard constraint or a score component reads.
struct WorkerFacts {
  int64_t id = 0;
  std::string county;      // current_division_code (6 digits)
  std::string prefecture;  // 4 digits
  WorkScope scope = WorkScope::in_province;
  std::vector<std::string> preferred_cities;  // normalised city names ("天津"), for cross-province work
  bool live_in = false;                       // willing to live in
  bool available = true;                      // hours_per_week > 0 and identity not failed
  bool poverty_alleviated = false;
  bool monitored = false;
  int64_t expected_wage = 0;                  // yuan per month, 0 = not said
  int credit_score = -1;                      // 0–100, -1 = none computed
  int32_t health_valid_until = 0;             // day number of the latest valid health check, 0 = none
  int experience_months = 0;
  double rating = 0;                          // mean review 1–5, 0 = no reviews
  std::array<uint8_t, kOccupations.size()> levels{};  // 0 = not her occupation, else 1–4
  uint16_t certificates = 0;                  // bit i: a training certificate for occupation i
};

// Where a job is: a Gansu county, or another province and city (East–West cooperation).
struct Place {
  std::string division_code;  // Gansu county (6 digits) or empty
  std::string province_code;  // "62" for Gansu, "12" 天津 …
  std::string city;           // outside Gansu: normalised city name ("天津")
  bool in_gansu() const { return province_code == "62"; }
};

// Something to match workers against: a job posting, a service request or an ad-hoc demand.
struct Demand {
  int occupation = 0;  // index in kOccupations
  int min_level = 1;
  Place place;
  bool live_in = false;
  int64_t wage_min = 0, wage_max = 0;
  bool requires_health_check = false;
  bool requires_certificate = false;
  int min_experience_years = 0;
  int32_t on_day = 0;  // the job's start date (day number): health checks must be valid then
};

// The weights of the score's components (points at full fit). Configured by `matching_weights`.
struct Weights {
  double skill = 20, credit = 20, region = 20, wage = 15, experience = 10, rating = 10, priority = 5;
};

// Each component's fit in [0, 1]; the score is Σ weight × fit.
struct Components {
  double skill = 0, credit = 0, region = 0, wage = 0, experience = 0, rating = 0, priority = 0;
  double distance_km = 0;  // between the worker's county and the place (0 when unknown)
  std::string region_reason;  // same_county | same_prefecture | in_province | preferred_city | cross_province
};

struct Scored {
  int64_t worker_id = 0;
  double score = 0;
  Components components;
};

// ---- Postings ------------------------------------------------------------------------------------------

struct Job {
  int64_t id = 0;
  std::optional<int64_t> enterprise_id;
  std::string employer;  // enterprise name, or the organiser for event postings
  std::optional<int64_t> event_id;
  std::string title, occupation;
  Place place;
  std::string place_name;         // readable: county name, or "天津市 天津"
  std::string prefecture_code;    // Gansu 市州 of the place ("" outside Gansu)
  bool live_in = false;
  int64_t wage_min = 0, wage_max = 0, openings = 1;
  int min_level = 1;
  bool requires_certificate = false, requires_health_check = false;
  int min_experience_years = 0;
  std::string valid_from, valid_until;  // YYYY-MM-DD
  std::string status = "open";          // open | closed
  std::string description;
  int64_t created_by = 0;
  std::string created_by_role;
  std::string created_at, updated_at;
};

struct JobFilter {
  std::string prefecture, occupation, status = "open";
  std::optional<int64_t> enterprise_id, event_id;
  bool only_current = true;  // valid today
  int64_t page = 1, page_size = 20;
};

struct RecruitmentEvent {
  int64_t id = 0;
  std::string name, kind;  // job_fair | campus
  std::string division_code, prefecture_code, starts_on, ends_on, description;
  int64_t organiser_user_id = 0;
  int64_t job_count = 0;
  std::string created_at;
};

struct ServiceRequest {
  int64_t id = 0;
  int64_t consumer_user_id = 0;
  std::string occupation, county_code, prefecture_code, schedule;
  int64_t budget = 0;
  bool live_in = false;
  std::string status = "open";  // open | closed
  std::string created_at;
};

// ---- Labour transfer -----------------------------------------------------------------------------------

struct PlanPair {
  int64_t worker_id = 0, job_id = 0;
  double score = 0;
  std::optional<int64_t> entry_id;  // employment credit entry once approved
};

struct PlanOpening {
  int64_t job_id = 0;
  int64_t headcount = 0, assigned = 0, eligible = 0;
  std::string reason;  // why not full: no_eligible_worker | fewer_eligible_than_openings | taken_by_better_fits
};

struct TransferPlan {
  int64_t id = 0;
  std::string name, status = "draft";  // draft | approved
  std::optional<int64_t> base_id;
  std::string prefecture_code;  // scope of the plan: the base's 市州 or the filter's
  std::string cohort_json;       // how the cohort was chosen
  int64_t cohort_size = 0;
  double total_score = 0, greedy_score = 0;
  int64_t greedy_pairs = 0;
  double solve_ms = 0;
  std::vector<PlanPair> pairs;
  std::vector<PlanOpening> openings;
  int64_t created_by = 0, approved_by = 0;
  std::string created_at, approved_at;
};

}  // namespace jz::matching
