#include "matching/score.hpp"

#include <gtest/gtest.h>

namespace jz::matching {
namespace {

WorkerFacts worker() {
  WorkerFacts w;
  w.id = 1;
  w.county = "621126";  // 岷县
  w.prefecture = "6211";
  w.scope = WorkScope::home_county;
  w.levels[static_cast<size_t>(occupation_index("elderly_care"))] = 3;
  w.health_valid_until = 100;
  return w;
}

Demand job_in(const std::string& county) {
  Demand d;
  d.occupation = occupation_index("elderly_care");
  d.place.province_code = "62";
  d.place.division_code = county;
  d.on_day = 50;
  return d;
}

Demand job_in_city(const std::string& province, const std::string& city) {
  Demand d = job_in("");
  d.place.province_code = province;
  d.place.division_code.clear();
  d.place.city = city;
  return d;
}

TEST(MatchingRules, HomeCountyWorkerStaysInHerCounty) {
  auto w = worker();
  EXPECT_TRUE(eligible(w, job_in("621126")));
  EXPECT_STREQ(hard_constraint_failed(w, job_in("620102")), "work_scope");
  EXPECT_STREQ(hard_constraint_failed(w, job_in_city("12", "天津")), "work_scope");
}

TEST(MatchingRules, InProvinceWorkerIsNeverSentOutOfGansu) {
  auto w = worker();
  w.scope = WorkScope::in_province;
  EXPECT_TRUE(eligible(w, job_in("620102")));
  EXPECT_STREQ(hard_constraint_failed(w, job_in_city("12", "天津")), "work_scope");
}

TEST(MatchingRules, CrossProvinceWorkerGoesOnlyToHerListedCities) {
  auto w = worker();
  w.scope = WorkScope::cross_province;
  EXPECT_TRUE(eligible(w, job_in_city("12", "天津")));  // no list: anywhere
  w.preferred_cities = {"厦门"};
  EXPECT_STREQ(hard_constraint_failed(w, job_in_city("12", "天津")), "preferred_city");
  EXPECT_TRUE(eligible(w, job_in_city("35", "厦门")));
  EXPECT_TRUE(eligible(w, job_in("620102")));
}

TEST(MatchingRules, ExpiredHealthCheckNeverMatchesAJobThatRequiresOne) {
  auto w = worker();
  auto d = job_in("621126");
  d.requires_health_check = true;
  d.on_day = 100;
  EXPECT_TRUE(eligible(w, d));
  d.on_day = 101;  // the check lapses the day before the job starts
  EXPECT_STREQ(hard_constraint_failed(w, d), "health_check");
  d.requires_health_check = false;
  EXPECT_TRUE(eligible(w, d));
}

TEST(MatchingRules, LevelLiveInCertificateExperience) {
  auto w = worker();
  auto d = job_in("621126");
  d.min_level = 4;
  EXPECT_STREQ(hard_constraint_failed(w, d), "occupation");
  d.min_level = 3;
  d.live_in = true;
  EXPECT_STREQ(hard_constraint_failed(w, d), "live_in");
  w.live_in = true;
  d.requires_certificate = true;
  EXPECT_STREQ(hard_constraint_failed(w, d), "certificate");
  w.certificates = static_cast<uint16_t>(1u << d.occupation);
  d.min_experience_years = 2;
  w.experience_months = 23;
  EXPECT_STREQ(hard_constraint_failed(w, d), "experience");
  w.experience_months = 24;
  EXPECT_TRUE(eligible(w, d));
  w.available = false;
  EXPECT_STREQ(hard_constraint_failed(w, d), "unavailable");
}

TEST(MatchingRules, ComponentsAndTotal) {
  auto w = worker();
  w.credit_score = 80;
  w.expected_wage = 5000;
  w.experience_months = 30;
  w.rating = 5;
  w.poverty_alleviated = true;
  auto d = job_in("621126");
  d.wage_max = 4000;
  Weights weights;
  auto s = score_worker(w, d, weights, Geo::instance());
  EXPECT_DOUBLE_EQ(s.components.skill, 0.75);
  EXPECT_DOUBLE_EQ(s.components.credit, 0.8);
  EXPECT_DOUBLE_EQ(s.components.region, 1.0);
  EXPECT_EQ(s.components.region_reason, "same_county");
  EXPECT_DOUBLE_EQ(s.components.wage, 0.5);  // asks 25% above the top of the range
  EXPECT_DOUBLE_EQ(s.components.experience, 0.5);
  EXPECT_DOUBLE_EQ(s.components.rating, 1.0);
  EXPECT_DOUBLE_EQ(s.components.priority, 1.0);
  EXPECT_DOUBLE_EQ(s.score, 20 * 0.75 + 20 * 0.8 + 20 + 15 * 0.5 + 10 * 0.5 + 10 + 5);
  // Farther is worse; same 市州 beats the far end of the province.
  auto near = score_worker(w, job_in("621102"), weights, Geo::instance());  // 安定区, same 市州
  auto far = score_worker(w, job_in("620982"), weights, Geo::instance());   // 敦煌
  EXPECT_EQ(near.components.region_reason, "same_prefecture");
  EXPECT_GT(near.components.region, far.components.region);
  EXPECT_GT(far.components.distance_km, 1000);
}

TEST(MatchingRules, WeightsParseAndRejectUnknownNames) {
  auto w = parse_weights("skill=30, priority=12.5");
  ASSERT_TRUE(w);
  EXPECT_DOUBLE_EQ(w->skill, 30);
  EXPECT_DOUBLE_EQ(w->priority, 12.5);
  EXPECT_DOUBLE_EQ(w->credit, 20);
  EXPECT_FALSE(parse_weights("charm=5"));
  EXPECT_FALSE(parse_weights("skill=-1"));
  EXPECT_FALSE(parse_weights("skill"));
  EXPECT_TRUE(parse_weights(format_weights(Weights{})));
}

TEST(Geo, CentroidsCoverEveryGansuCounty) {
  EXPECT_EQ(Geo::instance().county_codes().size(), 87u);
  EXPECT_TRUE(Geo::instance().city("天津"));
  EXPECT_EQ(Geo::instance().city_province("厦门"), "35");
  EXPECT_EQ(normalize_city(" 天津市 "), "天津");
  auto lz = Geo::instance().division("620102");
  auto tj = Geo::instance().city("天津");
  EXPECT_NEAR(Geo::distance_km(*lz, *tj), 1225, 60);  // great circle, not road
}

}  // namespace
}  // namespace jz::matching
