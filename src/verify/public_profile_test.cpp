#include "verify/public_profile.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <boost/json.hpp>

namespace jz::verify {
namespace {

const std::string kToday = "2026-11-29";

EntryFact entry(std::string kind, std::string on, std::optional<std::string> until, std::string details = "{}",
                bool independent = true) {
  return EntryFact{std::move(kind), "active", std::move(on), std::move(until), "summary", std::move(details),
                   "source", independent};
}

ProfileFacts green_worker() {
  ProfileFacts f;
  f.worker_id = 7;
  f.public_id = "k7mq2xw9ahd3";
  f.name = "张小花";
  f.gender = "F";
  f.birth_date = "1985-12-01";
  f.identity_status = "verified";
  f.enterprise_name = "兰州巾帼家政服务有限公司";
  f.occupations = {{"elderly_care", "养老护理", "Elderly care", 3}};
  f.entries = {entry("health_check", "2026-06-01", "2027-05-31"),
               entry("insurance", "2026-01-01", "2026-12-31", R"({"policy_kind":"accident","insurer":"人保"})"),
               entry("training", "2026-03-01", std::nullopt,
                     R"({"course":"养老护理员（中级）","hours":80,"assessment":"passed","certificate_no":"X1"})")};
  return f;
}

TEST(StatusLight, GreenWhenIdentityHealthAndInsuranceAreInDate) {
  auto p = build_public_profile(green_worker(), kToday, Lang::zh);
  auto l = status_light(&p, Verdict::valid);
  EXPECT_EQ(l.color, "green");
  EXPECT_EQ(p.health_check.status, "valid");
  EXPECT_EQ(p.health_check.date, "2027-05-31");
  EXPECT_EQ(p.insurance.status, "valid");
}

// Provenance (issue 10): an enterprise's own word on its worker's health or cover never turns the light green.
TEST(StatusLight, ClaimsOfHealthAndInsuranceNeverCount) {
  auto f = green_worker();
  f.entries[0].independent = false;  // the enterprise's "hospital" health check
  auto p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(p.health_check.status, "claimed");
  auto l = status_light(&p, Verdict::valid);
  EXPECT_EQ(l.color, "yellow");
  EXPECT_EQ(l.reasons, std::vector<std::string>{"health_check_claimed"});
  EXPECT_EQ(reason_text("health_check_claimed", Lang::zh), "体检记录仅为单位自述，尚未经体检机构核实");
  // An independent check beside the claim counts, with its level; lapsing within 30 days is flagged.
  f.entries.push_back(entry("health_check", "2025-12-20", "2026-12-19", R"({"level":"elderly_care"})"));
  p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(p.health_check.status, "valid");
  EXPECT_EQ(p.health_check.level, "elderly_care");
  EXPECT_TRUE(p.health_check.expiring_soon);
  EXPECT_EQ(status_light(&p, Verdict::valid).color, "green");
  f = green_worker();
  f.entries[1].independent = false;
  p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(status_light(&p, Verdict::valid).reasons, std::vector<std::string>{"insurance_claimed"});
  EXPECT_TRUE(p.policies.empty());
}

TEST(StatusLight, YellowWhenHealthCheckOrInsuranceIsMissingOrExpired) {
  auto f = green_worker();
  f.entries[0].valid_until = "2026-11-28";
  auto p = build_public_profile(f, kToday, Lang::zh);
  auto l = status_light(&p, Verdict::valid);
  EXPECT_EQ(l.color, "yellow");
  EXPECT_EQ(l.reasons, std::vector<std::string>{"health_check_expired"});
  f = green_worker();
  f.entries.erase(f.entries.begin() + 1);
  p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(status_light(&p, Verdict::valid).reasons, std::vector<std::string>{"insurance_missing"});
  // An unverified identity is not a failure, but not green either; nor is an expired certificate.
  f = green_worker();
  f.identity_status = "unverified";
  p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(status_light(&p, Verdict::valid).color, "yellow");
  p = build_public_profile(green_worker(), kToday, Lang::zh);
  EXPECT_EQ(status_light(&p, Verdict::expired).reasons, std::vector<std::string>{"certificate_expired"});
}

TEST(StatusLight, RedWhenIdentityOrBackgroundFailedOrRevokedOrForged) {
  auto f = green_worker();
  f.identity_status = "failed";
  auto p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(status_light(&p, Verdict::valid).color, "red");
  f = green_worker();
  f.entries.push_back(entry("background_check", "2026-05-01", std::nullopt, R"({"status":"failed"})"));
  p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(status_light(&p, Verdict::valid).reasons, std::vector<std::string>{"background_check_failed"});
  // A failed identity entry wins over a stale "verified" on the worker row.
  f = green_worker();
  f.entries.push_back(entry("identity_verification", "2026-05-01", std::nullopt, R"({"status":"failed"})"));
  p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(p.identity.status, "failed");
  p = build_public_profile(green_worker(), kToday, Lang::zh);
  EXPECT_EQ(status_light(&p, Verdict::revoked).color, "red");
  EXPECT_EQ(status_light(nullptr, Verdict::forged).reasons, std::vector<std::string>{"certificate_forged"});
}

TEST(PublicProfile, ShowsMaskedNameAgeAndNeverTheHealthResult) {
  auto f = green_worker();
  f.entries[0].details = R"({"institution":"兰州市第一人民医院"})";
  auto p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(p.name, "张*花");
  EXPECT_EQ(p.age, 40);
  EXPECT_EQ(p.photo_url, "");  // no photo on file: no link to a missing image
  f.has_photo = true;
  // Never by public id: the route sets the URL by certificate token when the photo digest still matches.
  EXPECT_EQ(build_public_profile(f, kToday, Lang::zh).photo_url, "");
  std::string json = boost::json::serialize(profile_json(p));
  EXPECT_EQ(json.find("张小花"), std::string::npos);
  EXPECT_EQ(json.find("1985"), std::string::npos);
  EXPECT_EQ(json.find("fit"), std::string::npos);
  EXPECT_NE(json.find("养老护理"), std::string::npos);
  ASSERT_EQ(p.training.size(), 1u);
  EXPECT_EQ(p.training[0].detail, "80 学时，考核合格，已取得证书");
  auto en = build_public_profile(f, kToday, Lang::en);
  EXPECT_EQ(en.occupations[0].name, "Elderly care");
  EXPECT_EQ(en.occupations[0].level_name, "senior");
  EXPECT_EQ(en.policies[0].kind, "Accident insurance");
}

TEST(PublicProfile, AgeCountsWholeYears) {
  EXPECT_EQ(age_on("1990-11-29", "2026-11-29"), 36);
  EXPECT_EQ(age_on("1990-11-30", "2026-11-29"), 35);
  EXPECT_FALSE(age_on("", "2026-11-29"));
}

TEST(PublicProfile, CreditReasonsAreTheLargestComponentsEitherWay) {
  std::string components = R"([
    {"key":"identity","label_zh":"实名认证","label_en":"Identity","points":15,"explanation":"已实名认证","explanation_en":"verified"},
    {"key":"training","label_zh":"技能培训","label_en":"Training","points":4.5,"explanation":"45 学时"},
    {"key":"complaints","label_zh":"投诉","label_en":"Complaints","points":-8,"explanation":"1 次投诉成立"},
    {"key":"insurance","label_zh":"保险","label_en":"Insurance","points":0}])";
  auto r = top_credit_reasons(components, Lang::zh);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].text, "实名认证：已实名认证");
  EXPECT_EQ(r[1].text, "投诉：1 次投诉成立");
  EXPECT_EQ(r[2].points, 4.5);
  EXPECT_EQ(top_credit_reasons(components, Lang::en)[0].text, "Identity: verified");
  EXPECT_TRUE(top_credit_reasons("not json", Lang::zh).empty());
}

}  // namespace
}  // namespace jz::verify

namespace jz::verify {
TEST(StatusLight, PendingIdentityIsNotLiftedByAnOlderVerifiedEntry) {
  // Her name or photo changed after she was verified: the worker row says pending, the file still holds the
  // official's earlier "verified" entry. The page must not turn green on that old word.
  auto f = green_worker();
  f.identity_status = "pending";
  f.entries.push_back(entry("identity_verification", "2026-05-01", std::nullopt, R"({"status":"verified"})"));
  auto p = build_public_profile(f, kToday, Lang::zh);
  EXPECT_EQ(p.identity.status, "pending");
  auto light = status_light(&p, Verdict::valid);
  EXPECT_EQ(light.color, "yellow");
  EXPECT_NE(std::find(light.reasons.begin(), light.reasons.end(), "identity_pending"), light.reasons.end());
  EXPECT_EQ(reason_text("identity_pending", Lang::zh), "身份信息已更改，等待官方重新核验");
}
}  // namespace jz::verify
