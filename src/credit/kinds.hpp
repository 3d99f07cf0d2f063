#pragma once
// The kinds of credit entry: which fields each carries, who may record it, and the one-line summary it
// shows. Pure (no I/O): the reference data it checks against is passed in, so the route, the training
// module and the demo generator accept and refuse exactly the same entries.
//
// `details` fields per kind (strings unless noted; ≤ n = at most n characters):
//   identity_verification  status: verified|failed; method: document_check|face_match|external_service|
//                          in_person; verifier ≤100 (optional; the office that checked)
//   background_check       status: passed|failed; provider ≤100 (who ran the external check);
//                          reference ≤64 (optional; its report number). valid_until optional.
//   health_check           institution ≤100; level: general|home|elderly_care|maternity (optional, the
//                          scope after 商服贸规函〔2020〕191号); result: fit|unfit|recheck and notes ≤500
//                          (optional) are HEALTH DATA: they go to details_enc, never to details. valid_until (required when fit) is
//                          the certificate's expiry; it is cleared when unfit.
//   training               course ≤100; hours (number, 0 < h ≤ 2000); assessment: passed|failed|none
//                          (default none); score (number 0–100, optional); certificate_no ≤64 (optional);
//                          occupation (occupation code, optional); level (integer 1–4, optional);
//                          provider ≤100 (optional; the school, for self-claims and officials)
//   employment             employer ≤100; employer_enterprise_id (integer, optional); exactly one of
//                          place_division_code (a Gansu division) or place_other ≤100 (another province or
//                          city); occupation (code); end_date (YYYY-MM-DD ≥ occurred_on, optional — absent
//                          while the job lasts); monthly_wage (integer yuan 0–100000, optional).
//                          place_other may not name Gansu (a Gansu place is a division code).
//                          Derived: cross_province (true when place_other is given), place_province_code
//                          ('62' in Gansu; the province place_other names, '' if none). occurred_on = start.
//   insurance              policy_kind: liability|employer_liability|work_injury|accident; insurer ≤100;
//                          policy_no ≤64 (optional); coverage (integer yuan, optional). valid_until required.
//   competition            competition ≤100; award ≤50; level: national|provincial|city|county;
//                          occupation (optional)
//   review                 skill, attitude, punctuality, hygiene (integers 1–5); review_id (integer);
//                          order_id (integer, the service order; absent on reviews from before orders)
//                          — written only by Service::add_review
//   complaint              complaint_id (integer); findings ≤2000 — written only when a complaint is upheld
// Unknown fields are dropped. occurred_on is never after today (insurance: up to a year ahead).
#include <map>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "credit/model.hpp"
#include "reference/divisions.hpp"
#include "security/roles.hpp"

namespace jz::credit {

// Reference data the checks need.
struct KindRefs {
  const reference::DivisionCatalog* divisions = nullptr;  // for place_division_code
  std::map<std::string, std::string> occupations;         // code → Chinese name
  std::string today;                                      // YYYY-MM-DD
};

// An employment entry as the row of the `employments` table (007_employments.sql).
struct EmploymentFacts {
  std::string employer;
  std::optional<int64_t> employer_enterprise_id;
  std::string occupation_code;
  std::optional<std::string> place_division_code;
  std::string place_province_code;  // "62" in Gansu, the other province's code, or "" when unknown
  std::optional<std::string> place_other;
  std::string start_date;
  std::optional<std::string> end_date;
  std::optional<int64_t> monthly_wage;
};

// A new entry after validation: normalised public details, the health data to encrypt (health checks
// only), the employment row (employment entries only), the effective valid_until and the generated summary.
struct PreparedEntry {
  boost::json::object details;
  std::optional<boost::json::object> health;
  std::optional<EmploymentFacts> employment;
  std::optional<std::string> valid_until;
  std::string summary;
};

// Checks occurred_on, valid_until, evidence and the kind's details. The first problem is returned as an
// Error (missing_field / invalid_field with the field named as "details.<name>").
[[nodiscard]] Result<PreparedEntry> prepare_entry(const NewEntry& e, const KindRefs& refs);

// How a principal of role `role` records `kind` — the source the entry will carry — or nullopt when the
// role may not record that kind at all. Read from the assertion table of credit/provenance.hpp, which also
// says whether the entry counts as independent. Data scope is checked separately.
[[nodiscard]] std::optional<SourceType> recording_source(security::Role role, EntryKind kind);

// The employment row of an entry's stored (normalised) details, e.g. when rebuilding the table.
[[nodiscard]] EmploymentFacts employment_facts(const boost::json::object& details, const std::string& start_date);

// Number of Unicode characters (code points) in UTF-8 text.
[[nodiscard]] size_t utf8_length(std::string_view s);

}  // namespace jz::credit
