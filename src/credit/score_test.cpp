// The credit score as data: each case is a file of entries on a fixed day and what the score must say.
#include "credit/score.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>

#include "credit/dates.hpp"

namespace jz::credit {
namespace {

constexpr const char* kToday = "2025-06-01";

// Small builders for entries; ids are assigned in order of creation.
struct File {
  std::vector<ScoreEntry> entries;
  int64_t next = 1;
  ScoreEntry& add(EntryKind k, std::string occurred, bool independent = true) {
    ScoreEntry e;
    e.id = next++;
    e.kind = k;
    e.occurred_on = std::move(occurred);
    e.independent = independent;
    entries.push_back(e);
    return entries.back();
  }
  File& identity(std::string on = "2024-01-10", std::string outcome = "verified") {
    add(EntryKind::identity_verification, on).outcome = outcome;
    return *this;
  }
  File& background(std::string on, std::string outcome = "passed") {
    add(EntryKind::background_check, on).outcome = outcome;
    return *this;
  }
  File& health(std::string on, std::string until) {
    add(EntryKind::health_check, on).valid_until = until;
    return *this;
  }
  File& insurance(std::string on, std::string until) {
    add(EntryKind::insurance, on).valid_until = until;
    return *this;
  }
  File& job(std::string from, std::optional<std::string> to, bool independent = true) {
    add(EntryKind::employment, from, independent).end_date = to;
    return *this;
  }
  File& training(double hours, bool certificate, bool independent = true) {
    auto& e = add(EntryKind::training, "2024-05-01", independent);
    e.hours = hours;
    e.certificate = certificate;
    e.outcome = certificate ? "passed" : "none";
    return *this;
  }
  // Reviews of service orders; `tied = false`: reviews from before reviews needed an order.
  File& reviews(int n, double mean, std::string on = "2025-01-01", bool tied = true) {
    for (int i = 0; i < n; ++i) {
      auto& e = add(EntryKind::review, on);
      e.rating = mean;
      e.tied_to_order = tied;
    }
    return *this;
  }
  File& complaint(std::string on) {
    add(EntryKind::complaint, on);
    return *this;
  }
  File& award(std::string level, bool independent = true) {
    add(EntryKind::competition, "2024-09-01", independent).level = level;
    return *this;
  }
  ScoreResult score(std::string today = kToday) const { return compute_score(entries, today); }
};

double points(const ScoreResult& r, const std::string& key) {
  for (const auto& c : r.components)
    if (c.key == key) return c.points;
  ADD_FAILURE() << "no component " << key;
  return 0;
}
const ScoreComponent& comp(const ScoreResult& r, const std::string& key) {
  for (const auto& c : r.components)
    if (c.key == key) return c;
  throw std::runtime_error("no component " + key);
}

// --- One component at a time, as a table: the file, the component, its expected points.
struct Case {
  const char* name;
  std::function<File()> file;
  const char* key;
  double expected;
};

class ComponentTable : public ::testing::TestWithParam<Case> {};

TEST_P(ComponentTable, GivesTheDocumentedPoints) {
  const Case& c = GetParam();
  auto r = c.file().score();
  EXPECT_NEAR(points(r, c.key), c.expected, 0.051) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Score, ComponentTable,
    ::testing::Values(
        Case{"empty_file_has_no_identity", [] { return File(); }, "identity", 0},
        Case{"verified_identity", [] { return File().identity(); }, "identity", 15},
        Case{"failed_identity", [] { return File().identity("2024-01-10", "failed"); }, "identity", 0},
        Case{"latest_identity_wins",
             [] { return File().identity("2023-01-01", "failed").identity("2024-01-01"); }, "identity", 15},
        Case{"recent_background_check", [] { return File().background("2024-06-01"); }, "background_check",
             10},
        Case{"background_check_older_than_3_years_counts_half",
             [] { return File().background("2021-06-01"); }, "background_check", 5},
        Case{"failed_background_check", [] { return File().background("2024-06-01", "failed"); },
             "background_check", 0},
        Case{"valid_health_check", [] { return File().health("2025-01-01", "2026-01-01"); }, "health_check",
             10},
        Case{"health_check_valid_until_today_counts", [] { return File().health("2024-06-01", kToday); },
             "health_check", 10},
        Case{"lapsed_health_check", [] { return File().health("2024-01-01", "2025-05-31"); }, "health_check",
             0},
        Case{"training_hours", [] { return File().training(40, false); }, "training", 4},
        Case{"certificate_worth_30_hours", [] { return File().training(40, true); }, "training", 7},
        Case{"self_claimed_training_at_30_percent", [] { return File().training(40, false, false); },
             "training", 1.2},
        Case{"training_capped", [] { return File().training(400, true); }, "training", 15},
        Case{"two_years_verified_employment", [] { return File().job("2023-06-01", "2025-05-31"); },
             "employment", 12.0},
        Case{"self_claimed_employment_at_30_percent",
             [] { return File().job("2023-06-01", "2025-05-31", false); }, "employment", 3.6},
        Case{"self_claim_covering_a_verified_period_adds_nothing",
             [] { return File().job("2023-06-01", "2025-05-31").job("2023-06-01", "2025-05-31", false); },
             "employment", 12.0},
        Case{"duplicate_records_of_one_job_count_once",
             [] { return File().job("2023-06-01", "2025-05-31").job("2024-01-01", "2025-05-31"); },
             "employment", 12.0},
        Case{"ongoing_job_counts_to_today", [] { return File().job("2024-06-01", std::nullopt); },
             "employment", 6.0},
        Case{"employment_capped", [] { return File().job("2015-01-01", std::nullopt); }, "employment", 20},
        Case{"no_reviews_is_neutral", [] { return File(); }, "ratings", 0},
        Case{"reviews_at_the_prior_mean_are_neutral", [] { return File().reviews(50, 4.0); }, "ratings", 0},
        Case{"many_perfect_reviews_approach_the_cap", [] { return File().reviews(990, 5.0); }, "ratings",
             19.8},
        Case{"poor_reviews_cost_points", [] { return File().reviews(90, 2.0); }, "ratings", -12},
        Case{"one_complaint_today", [] { return File().complaint(kToday); }, "complaints", -10},
        Case{"complaint_one_half_life_old", [] { return File().complaint("2024-06-01"); }, "complaints", -5},
        Case{"complaint_two_half_lives_old", [] { return File().complaint("2023-06-02"); }, "complaints",
             -2.5},
        Case{"complaints_capped",
             [] { return File().complaint(kToday).complaint(kToday).complaint(kToday).complaint(kToday); },
             "complaints", -30},
        Case{"insurance_in_force", [] { return File().insurance("2025-01-01", "2025-12-31"); }, "insurance",
             5},
        Case{"insurance_not_started", [] { return File().insurance("2025-07-01", "2026-06-30"); },
             "insurance", 0},
        Case{"insurance_lapsed", [] { return File().insurance("2024-01-01", "2024-12-31"); }, "insurance", 0},
        Case{"provincial_award", [] { return File().award("provincial"); }, "competition", 3},
        Case{"awards_capped", [] { return File().award("national").award("provincial"); }, "competition", 5},
        Case{"self_claimed_award_at_30_percent", [] { return File().award("provincial", false); },
             "competition", 0.9}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST(Score, ThreeFiveStarReviewsDoNotBeatThreeHundredAveraging4_8) {
  auto few = File().reviews(3, 5.0).score();
  auto many = File().reviews(300, 4.8).score();
  EXPECT_LT(points(few, "ratings"), points(many, "ratings"));
  EXPECT_LT(few.score, many.score);
  // The explanation shows the Bayesian average the points come from: (10×4 + 3×5) / 13 = 4.23.
  EXPECT_NE(comp(few, "ratings").explanation_zh.find("4.23"), std::string::npos)
      << comp(few, "ratings").explanation_zh;
  EXPECT_EQ(comp(many, "ratings").records.size(), 300u);
}

TEST(Score, OneBadReviewAmongFewWeighsLessThanTheRawAverageSuggests) {
  // A single 1-star review moves the Bayesian mean from 4.0 to 3.73, not to 1.
  auto r = File().reviews(1, 1.0).score();
  EXPECT_NEAR(points(r, "ratings"), -1.8, 0.051);
}

TEST(Score, AReviewNotTiedToAnOrderWeighsHalfOfOneThatIs) {
  // Two 1-star reviews without an order weigh as one with an order: (10×4 + 1) / 11 either way.
  auto orderless = File().reviews(2, 1.0, "2025-01-01", false).score();
  auto tied = File().reviews(1, 1.0).score();
  EXPECT_NEAR(points(orderless, "ratings"), points(tied, "ratings"), 1e-9);
  EXPECT_NE(comp(orderless, "ratings").explanation_zh.find("未关联服务订单"), std::string::npos);
  EXPECT_EQ(comp(orderless, "ratings").records.size(), 2u);
}

TEST(Score, ComplaintsDecayWithAge) {
  double previous = -100;
  for (const char* on : {"2025-06-01", "2025-01-01", "2024-06-01", "2023-06-01", "2020-06-01"}) {
    double p = points(File().complaint(on).score(), "complaints");
    EXPECT_GT(p, previous) << on;
    previous = p;
  }
  EXPECT_GT(previous, -0.4);  // five years on, an upheld complaint has all but faded
}

TEST(Score, SelfClaimsWeighLessThanIndependentRecords) {
  auto verified = File().job("2022-06-01", "2025-05-31").training(60, true).score();
  auto claimed = File().job("2022-06-01", "2025-05-31", false).training(60, true, false).score();
  EXPECT_GT(verified.score, claimed.score);
  EXPECT_NEAR(points(claimed, "employment"), points(verified, "employment") * 0.3, 0.11);
  EXPECT_NEAR(points(claimed, "training"), points(verified, "training") * 0.3, 0.11);
}

TEST(Score, SelfClaimsNeverCountForIdentityHealthOrInsurance) {
  File f;
  f.add(EntryKind::identity_verification, "2024-01-01", false).outcome = "verified";
  f.add(EntryKind::health_check, "2025-01-01", false).valid_until = "2026-01-01";
  f.add(EntryKind::insurance, "2025-01-01", false).valid_until = "2026-01-01";
  auto r = f.score();
  EXPECT_EQ(r.score, 0);
}

TEST(Score, WithdrawnEntriesDoNotCountButDisputedOnesDoUntilResolved) {
  File f;
  f.identity().complaint(kToday);
  f.entries[1].status = EntryStatus::disputed;
  EXPECT_EQ(f.score().score, 5);
  f.entries[1].status = EntryStatus::withdrawn;
  EXPECT_EQ(f.score().score, 15);
  EXPECT_TRUE(comp(f.score(), "complaints").records.empty());
}

TEST(Score, EveryPointTracesToItsRecords) {
  File f;
  f.identity()
      .health("2025-01-01", "2026-01-01")
      .job("2023-01-01", std::nullopt)
      .reviews(2, 4.5)
      .complaint("2025-03-01");
  auto r = f.score();
  EXPECT_EQ(comp(r, "identity").records, std::vector<int64_t>{1});
  EXPECT_EQ(comp(r, "health_check").records, std::vector<int64_t>{2});
  EXPECT_EQ(comp(r, "employment").records, std::vector<int64_t>{3});
  EXPECT_EQ(comp(r, "ratings").records, (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(comp(r, "complaints").records, std::vector<int64_t>{6});
  for (const auto& c : r.components) {
    EXPECT_FALSE(c.explanation_zh.empty()) << c.key;
    EXPECT_FALSE(c.explanation_en.empty()) << c.key;
    if (c.records.empty()) {
      EXPECT_EQ(c.points, 0) << c.key;
    }
  }
}

TEST(Score, PositiveCapsAddUpToOneHundred) {
  File f;
  f.identity().background("2025-01-01").health("2025-01-01", "2026-01-01").training(400, true);
  f.job("2015-01-01", std::nullopt)
      .reviews(5000, 5.0)
      .insurance("2025-01-01", "2026-01-01")
      .award("national");
  auto r = f.score();
  double caps = 0;
  for (const auto& c : r.components)
    if (c.key != "complaints") caps += c.cap;
  EXPECT_EQ(caps, 100);
  EXPECT_EQ(r.score, 100);
  EXPECT_EQ(r.band, 'A');
}

TEST(Score, ScoreIsClampedAtZero) {
  File f;
  f.reviews(200, 1.0).complaint(kToday).complaint(kToday).complaint(kToday);
  EXPECT_EQ(f.score().score, 0);
  EXPECT_EQ(f.score().band, 'D');
}

TEST(Score, BandBoundaries) {
  struct B {
    int score;
    char band;
  };
  for (auto [s, b] :
       {B{100, 'A'}, B{75, 'A'}, B{74, 'B'}, B{55, 'B'}, B{54, 'C'}, B{30, 'C'}, B{29, 'D'}, B{0, 'D'}})
    EXPECT_EQ(band_for(s), b) << s;
}

TEST(Score, TypicalFilesLandInBelievableBands) {
  // Verified, healthy, insured, three years with an employer, well reviewed, trained: A.
  File a;
  a.identity()
      .background("2024-09-01")
      .health("2025-02-01", "2026-02-01")
      .insurance("2025-01-01", "2025-12-31");
  a.job("2022-06-01", std::nullopt).training(80, true).reviews(40, 4.8);
  EXPECT_EQ(a.score().band, 'A') << a.score().score;
  // Verified with a valid health check and a year of work: C.
  File c;
  c.identity().health("2025-02-01", "2026-02-01").job("2024-06-01", std::nullopt).reviews(3, 4.7);
  EXPECT_EQ(c.score().band, 'C') << c.score().score;
  // Only her own claims: D.
  File d;
  d.job("2020-01-01", std::nullopt, false).training(100, false, false);
  EXPECT_EQ(d.score().band, 'D') << d.score().score;
}

TEST(Score, ToScoreEntryReadsTheStoredDetails) {
  auto d =
      boost::json::parse(R"({"skill":5,"attitude":4,"punctuality":5,"hygiene":4,"review_id":3})").as_object();
  auto e = to_score_entry(7, EntryKind::review, EntryStatus::active, true, "2025-01-01", std::nullopt, d);
  EXPECT_DOUBLE_EQ(e.rating, 4.5);
  auto t =
      boost::json::parse(R"({"course":"母婴护理","hours":64,"assessment":"passed","certificate_no":"C1"})")
          .as_object();
  auto te = to_score_entry(8, EntryKind::training, EntryStatus::active, true, "2025-01-01", std::nullopt, t);
  EXPECT_DOUBLE_EQ(te.hours, 64);
  EXPECT_TRUE(te.certificate);
  auto j = boost::json::parse(R"({"employer":"x","end_date":"2024-12-31"})").as_object();
  EXPECT_EQ(to_score_entry(9, EntryKind::employment, EntryStatus::active, true, "2024-01-01", std::nullopt, j)
                .end_date,
            "2024-12-31");
}

TEST(Score, ComponentsJsonCarriesEveryDocumentedKey) {
  auto r = File().identity().score();
  auto arr = components_json(r.components);
  ASSERT_EQ(arr.size(), 9u);
  for (const char* k :
       {"key", "label_zh", "label_en", "weight", "cap", "points", "records", "explanation", "explanation_en"})
    EXPECT_TRUE(arr[0].as_object().contains(k)) << k;
  EXPECT_EQ(arr[0].at("records").as_array().size(), 1u);
}

TEST(Dates, DayNumbersRoundTripAndRejectImpossibleDates) {
  EXPECT_EQ(day_number("1970-01-01"), 0);
  EXPECT_EQ(day_number("2024-03-01").value() - day_number("2024-02-28").value(), 2);
  EXPECT_EQ(date_of_day(day_number("2024-02-29").value()), "2024-02-29");
  EXPECT_EQ(add_days("2024-12-31", 1), "2025-01-01");
  EXPECT_EQ(add_days("2025-03-01", -1), "2025-02-28");
  EXPECT_FALSE(day_number("2025-02-29"));
  EXPECT_FALSE(day_number("2025-13-01"));
  EXPECT_FALSE(day_number("2025-1-01"));
  EXPECT_FALSE(day_number("abcd-ef-gh"));
}

}  // namespace
}  // namespace jz::credit
