#pragma once
// The credit score (信用分): a pure function from a worker's credit entries to a score of 0–100, a band
// (A/B/C/D) and the components that add up to it, each with its weight, cap, points, the entries behind it
// and a plain explanation. No I/O, no clock: `today` is an argument, so the same file always gives the same
// score and tests can pin dates. docs/credit-score.md is the human description of exactly these rules;
// change both together.
//
// Stored as credit_scores.components (JSON array, see components_json) so that pages explain a score
// without recomputing it.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credit/model.hpp"

namespace jz::credit {

// The facts of one entry that the score uses (extracted from the stored row by to_score_entry).
struct ScoreEntry {
  int64_t id = 0;
  EntryKind kind = EntryKind::training;
  EntryStatus status = EntryStatus::active;
  bool independent = true;
  std::string occurred_on;                 // YYYY-MM-DD
  std::optional<std::string> valid_until;  // YYYY-MM-DD
  std::string outcome;                     // identity: verified|failed; background: passed|failed;
                                           // training: passed|failed|none (the assessment)
  double hours = 0;                        // training
  bool certificate = false;                // training: a certificate number and an assessment not failed
  std::optional<std::string> end_date;     // employment; absent while the job lasts
  double rating = 0;                       // review: mean of skill, attitude, punctuality, hygiene (1–5)
  bool tied_to_order = false;              // review: about a service order (details.order_id)
  std::string level;                       // competition: national|provincial|city|county
};

// Builds the score facts of a stored entry from its columns and public details.
[[nodiscard]] ScoreEntry to_score_entry(int64_t id, EntryKind kind, EntryStatus status, bool independent,
                                        std::string occurred_on, std::optional<std::string> valid_until,
                                        const boost::json::object& details);

// Every constant of the score in one place (documented in docs/credit-score.md).
struct ScoreRules {
  double self_claim_factor =
      0.3;  // a self-claimed month, hour or award counts this much of an independent one

  double identity_points = 15;

  double background_points = 10;
  int64_t background_fresh_days = 3 * 365;  // older passed checks count at background_stale_factor
  double background_stale_factor = 0.5;

  double health_points = 10;

  double training_points_per_hour = 0.1;
  double training_certificate_hours = 30;  // a certificate counts as this many hours
  double training_cap = 15;

  double employment_points_per_month = 0.5;
  double employment_cap = 20;
  double days_per_month = 30.44;

  double rating_prior_mean = 4.0;   // C: what we assume of a worker before her reviews say otherwise
  double rating_prior_weight = 10;  // m: the prior counts as this many reviews
  double rating_cap = 20;           // points range from -rating_cap (Bayesian mean 1) to +rating_cap (5)
  double orderless_review_weight = 0.5;  // a review not tied to a service order counts as half a review

  double complaint_points = 10;           // an upheld complaint filed today costs this many points
  double complaint_half_life_days = 365;  // and half as many a year later
  double complaint_cap = 30;              // complaints never take more than this

  double insurance_points = 5;

  double competition_national = 5, competition_provincial = 3, competition_city = 2, competition_county = 1;
  double competition_cap = 5;

  int band_a = 75, band_b = 55, band_c = 30;  // score ≥ band_a → A, ≥ band_b → B, ≥ band_c → C, else D
};

struct ScoreComponent {
  std::string key;  // identity, background_check, health_check, training, employment, ratings, complaints,
                    // insurance, competition
  std::string label_zh;
  std::string label_en;
  double weight = 0;  // points per unit (per month, hour, complaint, award point, …; 1 unit for yes/no facts)
  double cap = 0;     // the most this component can add (for complaints: take away; ratings: ±cap)
  double points = 0;             // this worker's points, rounded to 0.1
  std::vector<int64_t> records;  // the entries behind the points (for ratings: every review counted)
  std::string explanation_zh;
  std::string explanation_en;
};

struct ScoreResult {
  int score = 0;  // 0–100: the rounded sum of the components' points, clamped
  char band = 'D';
  std::vector<ScoreComponent> components;
};

// The score of a worker whose file holds `entries` (any order; withdrawn ones are ignored, disputed ones
// count until an official resolves the dispute), on day `today` (YYYY-MM-DD).
[[nodiscard]] ScoreResult compute_score(const std::vector<ScoreEntry>& entries, std::string_view today,
                                        const ScoreRules& rules = {});

[[nodiscard]] char band_for(int score, const ScoreRules& rules = {});
[[nodiscard]] std::string_view band_label_zh(char band);
[[nodiscard]] std::string_view band_label_en(char band);

// The stored form: [{key, label_zh, label_en, weight, cap, points, records: [ids], explanation,
// explanation_en}], `explanation` being Chinese.
[[nodiscard]] boost::json::array components_json(const std::vector<ScoreComponent>& components);

}  // namespace jz::credit
