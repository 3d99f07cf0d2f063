// Kind-specific validation of credit entries and who may record which kind.
#include "credit/kinds.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace jz::credit {
namespace {

namespace json = boost::json;
using security::Role;

KindRefs refs() {
  KindRefs r;
  r.occupations = {{"housekeeping", "家政服务员"}, {"maternity_care", "母婴护理员"}};
  r.today = "2025-06-01";
  return r;  // no division catalog: place_division_code is refused, place_other works
}

NewEntry entry(EntryKind kind, const char* details, std::string occurred = "2025-01-10",
               std::optional<std::string> until = std::nullopt) {
  NewEntry e;
  e.worker_id = 1;
  e.kind = kind;
  e.occurred_on = std::move(occurred);
  e.valid_until = std::move(until);
  e.details = json::parse(details).as_object();
  return e;
}

struct Bad {
  const char* name;
  EntryKind kind;
  const char* details;
  const char* occurred;
  std::optional<std::string> until;
  const char* code;
  const char* field;
};

class RejectsBadEntries : public ::testing::TestWithParam<Bad> {};

TEST_P(RejectsBadEntries, WithTheFieldAtFault) {
  const Bad& b = GetParam();
  auto r = prepare_entry(entry(b.kind, b.details, b.occurred, b.until), refs());
  ASSERT_FALSE(r.ok()) << b.name;
  EXPECT_EQ(r.error().code, b.code) << b.name;
  EXPECT_EQ(r.error().field, b.field) << b.name;
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, RejectsBadEntries,
    ::testing::Values(
        Bad{"identity_without_method", EntryKind::identity_verification, R"({"status":"verified"})",
            "2025-01-10", std::nullopt, "missing_field", "details.method"},
        Bad{"identity_unknown_status", EntryKind::identity_verification,
            R"({"status":"maybe","method":"document_check"})", "2025-01-10", std::nullopt, "invalid_field",
            "details.status"},
        Bad{"future_date", EntryKind::identity_verification, R"({"status":"verified","method":"in_person"})",
            "2025-06-02", std::nullopt, "invalid_field", "occurred_on"},
        Bad{"not_a_date", EntryKind::identity_verification, R"({"status":"verified","method":"in_person"})",
            "2025-02-30", std::nullopt, "invalid_field", "occurred_on"},
        Bad{"background_without_provider", EntryKind::background_check, R"({"status":"passed"})",
            "2025-01-10", std::nullopt, "missing_field", "details.provider"},
        Bad{"health_without_result", EntryKind::health_check, R"({"institution":"兰州市第一人民医院"})",
            "2025-01-10", std::string("2026-01-10"), "missing_field", "details.result"},
        Bad{"fit_health_without_expiry", EntryKind::health_check,
            R"({"institution":"兰州市第一人民医院","result":"fit"})", "2025-01-10", std::nullopt,
            "missing_field", "valid_until"},
        Bad{"expiry_before_check", EntryKind::health_check, R"({"institution":"医院","result":"fit"})",
            "2025-01-10", std::string("2025-01-09"), "invalid_field", "valid_until"},
        Bad{"training_without_hours", EntryKind::training, R"({"course":"母婴护理"})", "2025-01-10",
            std::nullopt, "missing_field", "details.hours"},
        Bad{"training_hours_as_text", EntryKind::training, R"({"course":"母婴护理","hours":"64"})",
            "2025-01-10", std::nullopt, "invalid_field", "details.hours"},
        Bad{"training_too_many_hours", EntryKind::training, R"({"course":"母婴护理","hours":5000})",
            "2025-01-10", std::nullopt, "invalid_field", "details.hours"},
        Bad{"training_unknown_occupation", EntryKind::training,
            R"({"course":"母婴护理","hours":64,"occupation":"astronaut"})", "2025-01-10", std::nullopt,
            "invalid_field", "details.occupation"},
        Bad{"employment_without_place", EntryKind::employment,
            R"({"employer":"兰州巾帼家政","occupation":"housekeeping"})", "2024-01-10", std::nullopt,
            "missing_field", "details.place_division_code"},
        Bad{"employment_two_places", EntryKind::employment,
            R"({"employer":"x","occupation":"housekeeping","place_division_code":"620102","place_other":"天津市"})",
            "2024-01-10", std::nullopt, "invalid_field", "details.place_other"},
        Bad{"employment_unknown_division", EntryKind::employment,
            R"({"employer":"x","occupation":"housekeeping","place_division_code":"999999"})", "2024-01-10",
            std::nullopt, "unknown_division", "details.place_division_code"},
        Bad{"employment_ends_before_it_starts", EntryKind::employment,
            R"({"employer":"x","occupation":"housekeeping","place_other":"天津市","end_date":"2023-12-31"})",
            "2024-01-10", std::nullopt, "invalid_field", "details.end_date"},
        Bad{"employment_negative_wage", EntryKind::employment,
            R"({"employer":"x","occupation":"housekeeping","place_other":"天津市","monthly_wage":-5})",
            "2024-01-10", std::nullopt, "invalid_field", "details.monthly_wage"},
        Bad{"insurance_without_expiry", EntryKind::insurance,
            R"({"policy_kind":"accident","insurer":"人保"})", "2025-01-10", std::nullopt, "missing_field",
            "valid_until"},
        Bad{"insurance_unknown_kind", EntryKind::insurance, R"({"policy_kind":"life","insurer":"人保"})",
            "2025-01-10", std::string("2026-01-10"), "invalid_field", "details.policy_kind"},
        Bad{"competition_unknown_level", EntryKind::competition,
            R"({"competition":"陇原巧手大赛","award":"一等奖","level":"galactic"})", "2025-01-10",
            std::nullopt, "invalid_field", "details.level"},
        Bad{"review_out_of_range", EntryKind::review,
            R"({"skill":6,"attitude":5,"punctuality":5,"hygiene":5,"review_id":1})", "2025-01-10",
            std::nullopt, "invalid_field", "details.skill"},
        Bad{"complaint_without_findings", EntryKind::complaint, R"({"complaint_id":1})", "2025-01-10",
            std::nullopt, "missing_field", "details.findings"}),
    [](const ::testing::TestParamInfo<Bad>& info) { return std::string(info.param.name); });

TEST(Kinds, HealthResultsNeverReachThePublicDetailsOrTheSummary) {
  auto r = prepare_entry(entry(EntryKind::health_check,
                               R"({"institution":"兰州市第一人民医院","result":"fit","notes":"血压偏高"})",
                               "2025-01-10", std::string("2026-01-10")),
                         refs());
  ASSERT_TRUE(r.ok()) << r.error().code << r.error().field;
  EXPECT_FALSE(r->details.contains("result"));
  EXPECT_FALSE(r->details.contains("notes"));
  ASSERT_TRUE(r->health);
  EXPECT_EQ(r->health->at("result").as_string(), "fit");
  EXPECT_EQ(r->health->at("notes").as_string(), "血压偏高");
  EXPECT_EQ(r->valid_until, "2026-01-10");
  EXPECT_EQ(r->summary.find("血压"), std::string::npos);
  EXPECT_NE(r->summary.find("2026-01-10"), std::string::npos);
}

TEST(Kinds, AnUnfitHealthCheckHasNoValidity) {
  auto r = prepare_entry(entry(EntryKind::health_check, R"({"institution":"医院","result":"unfit"})",
                               "2025-01-10", std::string("2026-01-10")),
                         refs());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->valid_until);
  EXPECT_EQ(r->summary, "健康体检（医院）");
}

TEST(Kinds, EmploymentIsNormalisedAndCrossProvinceDerived) {
  auto r = prepare_entry(
      entry(EntryKind::employment,
            R"({"employer":"  天津家政公司 ","occupation":"maternity_care","place_other":"天津市",
                                   "monthly_wage":6500,"unknown":"dropped"})",
            "2024-03-01"),
      refs());
  ASSERT_TRUE(r.ok()) << r.error().field;
  EXPECT_EQ(r->details.at("employer").as_string(), "天津家政公司");
  EXPECT_TRUE(r->details.at("cross_province").as_bool());
  EXPECT_EQ(r->details.at("monthly_wage").as_int64(), 6500);
  EXPECT_FALSE(r->details.contains("unknown"));
  EXPECT_EQ(r->summary, "从业：天津家政公司，母婴护理员，天津市，2024-03-01 至 今");
}

TEST(Kinds, TrainingDefaultsToNoAssessmentAndSummarisesTheCertificate) {
  auto r = prepare_entry(
      entry(EntryKind::training, R"({"course":"母婴护理","hours":64,"certificate_no":"GS-2025-1"})"), refs());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->details.at("assessment").as_string(), "none");
  EXPECT_EQ(r->summary, "培训：母婴护理，64 学时，证书 GS-2025-1");
}

TEST(Kinds, InsuranceMayStartUpToAYearAhead) {
  auto r = prepare_entry(entry(EntryKind::insurance, R"({"policy_kind":"accident","insurer":"人保财险"})",
                               "2025-07-01", std::string("2026-06-30")),
                         refs());
  EXPECT_TRUE(r.ok());
}

TEST(Kinds, LongTextIsMeasuredInCharactersNotBytes) {
  std::string course;
  for (int i = 0; i < 100; ++i) course += "护";
  auto ok = prepare_entry(entry(EntryKind::training, (R"({"course":")" + course + R"(","hours":8})").c_str()),
                          refs());
  EXPECT_TRUE(ok.ok());
  auto too_long = prepare_entry(
      entry(EntryKind::training, (R"({"course":")" + course + R"(护","hours":8})").c_str()), refs());
  EXPECT_FALSE(too_long.ok());
  EXPECT_EQ(utf8_length("护理"), 2u);
}

TEST(Kinds, WhoRecordsWhat) {
  using K = EntryKind;
  using S = SourceType;
  // Workers: only their own employment and training, as self-claims.
  EXPECT_EQ(recording_source(Role::worker, K::employment), S::self);
  EXPECT_EQ(recording_source(Role::worker, K::training), S::self);
  EXPECT_FALSE(recording_source(Role::worker, K::health_check));
  EXPECT_FALSE(recording_source(Role::worker, K::identity_verification));
  // Enterprises: employment, insurance and health checks, all in their own name (claims where they gain).
  EXPECT_EQ(recording_source(Role::enterprise, K::employment), S::enterprise);
  EXPECT_EQ(recording_source(Role::enterprise, K::insurance), S::enterprise);
  EXPECT_EQ(recording_source(Role::enterprise, K::health_check), S::enterprise);  // a claim (credit/provenance.cpp)
  EXPECT_FALSE(recording_source(Role::enterprise, K::identity_verification));
  EXPECT_FALSE(recording_source(Role::enterprise, K::training));
  // Institutions: training and competitions.
  EXPECT_EQ(recording_source(Role::institution, K::training), S::institution);
  EXPECT_EQ(recording_source(Role::institution, K::competition), S::institution);
  EXPECT_FALSE(recording_source(Role::institution, K::employment));
  // Officials who edit: identity, background and every other kind but reviews and complaints.
  for (Role r : {Role::city_officer, Role::province_admin}) {
    EXPECT_EQ(recording_source(r, K::identity_verification), S::official);
    EXPECT_EQ(recording_source(r, K::background_check), S::official);
    EXPECT_EQ(recording_source(r, K::health_check), S::hospital);
    EXPECT_EQ(recording_source(r, K::insurance), S::official);
    EXPECT_FALSE(recording_source(r, K::review));
    EXPECT_FALSE(recording_source(r, K::complaint));
  }
  for (K k : kAllKinds) {
    EXPECT_FALSE(recording_source(Role::department, k));
    EXPECT_FALSE(recording_source(Role::consumer, k));
  }
}

}  // namespace
}  // namespace jz::credit
