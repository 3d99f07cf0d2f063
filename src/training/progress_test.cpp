// The in-memory trainee-times figures equal a brute-force count over random facts, for any period and
// 市州; the default split adds up; the projection.
#include "training/progress.hpp"

#include <gtest/gtest.h>

#include <random>

namespace jz::training {
namespace {

std::vector<CompletionFact> random_facts(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::vector<std::pair<std::string, std::string>> counties = {
      {"620102", "6201"}, {"620103", "6201"}, {"620502", "6205"}, {"621102", "6211"}, {"623001", "6230"}};
  const std::vector<std::string> occupations = {"elderly_care", "infant_care", "housekeeping", "organizing"};
  std::vector<CompletionFact> out;
  for (size_t i = 0; i < n; ++i) {
    CompletionFact f;
    f.id = static_cast<int64_t>(i + 1);
    f.day = 19723 + static_cast<int64_t>(rng() % 1000);  // 2024-01-01 + up to 1000 days
    auto& c = counties[rng() % counties.size()];
    f.county_code = c.first;
    f.prefecture_code = c.second;
    f.occupation_code = occupations[rng() % occupations.size()];
    if (rng() % 3) f.brand_id = static_cast<int64_t>(rng() % 4 + 1);
    f.woman = rng() % 10 < 8;
    f.poverty_alleviated = rng() % 10 < 3;
    out.push_back(f);
  }
  return out;
}

TEST(ProgressIndex, FiguresEqualABruteForceCount) {
  auto facts = random_facts(20000, 7);
  ProgressIndex index;
  for (const auto& f : facts) ASSERT_TRUE(index.add(f));
  std::mt19937_64 rng(11);
  for (int round = 0; round < 20; ++round) {
    int64_t a = 19723 + static_cast<int64_t>(rng() % 1000), b = a + static_cast<int64_t>(rng() % 400);
    std::string only = round % 3 == 0 ? "6201" : "";
    Figures expect;
    for (const auto& f : facts) {
      if (f.day < a || f.day > b || (!only.empty() && f.prefecture_code != only)) continue;
      for (Counts* c : {&expect.all, &expect.by_prefecture[f.prefecture_code],
                        &expect.by_county[f.county_code], &expect.by_occupation[f.occupation_code]}) {
        ++c->total;
        c->women += f.woman;
        c->poverty_alleviated += f.poverty_alleviated;
      }
      if (f.brand_id) {
        Counts& c = expect.by_brand[std::to_string(*f.brand_id)];
        ++c.total;
        c.women += f.woman;
        c.poverty_alleviated += f.poverty_alleviated;
      }
    }
    Figures got = index.figures(a, b, only);
    EXPECT_EQ(got.all, expect.all);
    EXPECT_EQ(got.by_prefecture, expect.by_prefecture);
    EXPECT_EQ(got.by_county, expect.by_county);
    EXPECT_EQ(got.by_occupation, expect.by_occupation);
    EXPECT_EQ(got.by_brand, expect.by_brand);
  }
}

TEST(ProgressIndex, AFactIsCountedOnceHoweverOftenItIsRead) {
  auto facts = random_facts(100, 3);
  ProgressIndex index;
  for (const auto& f : facts) index.add(f);
  // A refresh reads back the last ids (rows committed out of order on PostgreSQL): nothing doubles.
  for (const auto& f : facts) EXPECT_FALSE(index.add(f));
  EXPECT_EQ(index.size(), 100u);
  // A row that committed late, below the highest id seen, is still taken.
  CompletionFact late = facts[0];
  late.id = 1000;
  EXPECT_TRUE(index.add(late));
  late.id = 500;
  EXPECT_TRUE(index.add(late));
  EXPECT_FALSE(index.add(late));
  EXPECT_EQ(index.figures(0, 70000).all.total, 102);
}

TEST(Targets, DefaultSplitAddsUpExactly) {
  std::map<std::string, int64_t> w = {
      {"6201", 2964423}, {"6202", 212611}, {"6203", 298009}, {"6230", 470429}};
  auto parts = split_by_share(140000, w);
  int64_t sum = 0;
  for (const auto& [code, n] : parts) sum += n;
  EXPECT_EQ(sum, 140000);
  EXPECT_GT(parts["6201"], parts["6230"]);
  EXPECT_EQ(split_by_share(10, {{"a", 1}, {"b", 1}, {"c", 1}}),
            (std::map<std::string, int64_t>{{"a", 4}, {"b", 3}, {"c", 3}}));
}

TEST(Targets, ProjectionAtTheCurrentPace) {
  auto p = *parse_period(std::string("2024"), std::nullopt, std::nullopt);
  EXPECT_EQ(p.from, "2024-01-01");
  EXPECT_EQ(p.to, "2024-12-31");
  EXPECT_EQ(project(100, p, p.from_day - 1), 0);
  EXPECT_EQ(project(100, p, p.to_day + 10), 100);
  EXPECT_EQ(project(61, p, p.from_day + 60), 366);  // 61 in the first 61 days of a 366-day year
  auto m = *parse_period(std::string("2024-02"), std::nullopt, std::nullopt);
  EXPECT_EQ(m.to, "2024-02-29");
  EXPECT_FALSE(parse_period(std::string("24"), std::nullopt, std::nullopt));
  EXPECT_FALSE(parse_period(std::nullopt, std::string("2024-05-01"), std::string("2024-04-01")));
  EXPECT_TRUE(parse_period(std::nullopt, std::string("2024-01-01"), std::string("2024-06-30")));
}

}  // namespace
}  // namespace jz::training
