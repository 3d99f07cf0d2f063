#pragma once
// The public profile a household sees when it scans a certificate (家政信用查), and its 安心码 traffic light.
// Pure: built from ProfileFacts (read by the store) and today's date, no I/O, so every rule is unit-tested.
//
// What the public sees, and what it never sees:
//   name        masked (security::mask_name): "张*花"
//   photo       a URL by certificate token (/api/v1/verify/{token}/photo), only while the photo on file is
//               the one the certificate was issued with; never the image inline, never by public id
//   age         from the birth date; never the date itself
//   occupations with their skill levels
//   credit      the band (A–D) and the top reasons from credit_scores.components; never the raw score
//   health      "valid until <date>" / expired / none, and the level checked — never the result or notes
//               (those are encrypted health data the public profile cannot even read). Only independent
//               entries count (a provider's or an official's); an enterprise's claim shows as "claimed".
//   training    courses, assessments and skill-competition results, marked verified or self-reported
//   insurance   kind, insurer and cover dates
//   enterprise  the employer's name
//
// Status light (安心码):
//   red     identity verification failed, or the latest background check failed, or the certificate is
//           revoked (or forged — then there is no profile at all)
//   yellow  otherwise, when the health check or the insurance is missing or expired, the identity is not
//           yet verified, or the certificate itself has expired
//   green   identity verified and a health check and an insurance policy in force today, both asserted by an
//           independent party (credit/provenance.hpp) — an enterprise's own word never turns it green
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "verify/model.hpp"

namespace jz::verify {

struct PublicProfile {
  struct Occupation {
    std::string code, name;
    int level = 1;
    std::string level_name;
  };
  struct CreditReason {
    std::string text;
    std::optional<double> points;
  };
  struct Credit {
    std::string band;
    std::vector<CreditReason> reasons;
    std::string computed_at;
  };
  struct Dated {
    std::string status;  // valid | expired | claimed (only an enterprise's unverified word) | missing (health,
                         // insurance); verified | unverified | failed | pending (identity); passed | failed | none
                         // (background check)
    std::optional<std::string> date;  // valid_until (health, insurance) or the check's date
    std::string level;                // health: general | home | elderly_care | maternity, when the provider said
    bool expiring_soon = false;       // health, insurance: in date but lapsing within 30 days
  };
  struct Policy {
    std::string kind, insurer;
    std::optional<std::string> valid_until;
    std::string status;  // valid | expired | pending (starts later)
  };
  struct Training {
    std::string kind;  // training | competition
    std::string title;
    std::string detail;  // hours, assessment, level or award, as plain text
    std::string on;      // occurred_on
    std::string source;
    bool verified = false;  // from an independent source (not self-reported)
  };

  std::string public_id;
  std::string name;  // masked
  std::string photo_url;
  std::optional<int> age;
  std::vector<Occupation> occupations;
  std::optional<Credit> credit;
  Dated identity, background_check, health_check, insurance;
  std::vector<Policy> policies;
  std::vector<Training> training;
  std::optional<std::string> enterprise;
};

PublicProfile build_public_profile(const ProfileFacts& facts, const std::string& today, Lang lang);

struct StatusLight {
  std::string color;                 // green | yellow | red
  std::vector<std::string> reasons;  // codes; text via reason_text()
};
// `profile` is null for a forged certificate or one not on record.
StatusLight status_light(const PublicProfile* profile, Verdict verdict);

std::string_view reason_text(std::string_view code, Lang lang);
std::string_view level_name(int level, Lang lang);
// The top `n` reasons of a credit_scores.components document, largest contributions first.
std::vector<PublicProfile::CreditReason> top_credit_reasons(std::string_view components_json, Lang lang, size_t n = 3);
// Whole years between `birth_date` and `today`, or nullopt when either is not a date.
std::optional<int> age_on(std::string_view birth_date, std::string_view today);

boost::json::object profile_json(const PublicProfile& p);
boost::json::object light_json(const StatusLight& light, Lang lang);

}  // namespace jz::verify
