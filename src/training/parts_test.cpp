// Parts of at most 15 minutes, studied in order; a course's hours are the sum of its units.
#include "training/parts.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace jz::training {
namespace {

TEST(Parts, SplitsIntoTheFewestPartsOfAtMostFifteenMinutes) {
  EXPECT_EQ(split_minutes(45), (std::vector<int>{15, 15, 15}));
  EXPECT_EQ(split_minutes(40), (std::vector<int>{14, 13, 13}));
  EXPECT_EQ(split_minutes(16), (std::vector<int>{8, 8}));
  EXPECT_EQ(split_minutes(1), (std::vector<int>{1}));
  EXPECT_TRUE(split_minutes(0).empty());
  for (int m = 1; m <= 6000; ++m) {
    auto parts = split_minutes(m);
    ASSERT_EQ(std::accumulate(parts.begin(), parts.end(), 0), m) << m;
    for (int p : parts) ASSERT_TRUE(p >= 1 && p <= kMaxPartMinutes) << m;
    ASSERT_EQ(static_cast<int>(parts.size()), (m + 14) / 15) << m;
  }
}

TEST(Parts, AUnitWithoutStoredPartsIsReadAsEvenParts) {
  Unit u;
  u.title = "生活照料";
  u.minutes = 45;
  u.content = "要点";
  auto parts = study_parts(u);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1].position, 2);
  EXPECT_EQ(parts[1].title, "生活照料（2/3）");
  EXPECT_EQ(parts[2].body, "要点");
  u.parts = {Part{1, "手卫生", 10, "正文", "", "", ""}};
  u.minutes = 10;
  EXPECT_EQ(study_parts(u).size(), 1u);
}

TEST(Parts, SpansFollowEachOtherAndTheCurrentPartIsTheFirstNotDone) {
  std::vector<Part> parts{Part{1, "a", 10, "", "", "", ""}, Part{2, "b", 15, "", "", "", ""},
                          Part{3, "c", 5, "", "", "", ""}};
  EXPECT_EQ(part_span(parts, 1).end, 600);
  EXPECT_EQ(part_span(parts, 2).start, 600);
  EXPECT_EQ(part_span(parts, 2).end, 1500);
  EXPECT_EQ(part_span(parts, 4).end, 0);
  EXPECT_EQ(current_part(parts, 0), 1);
  EXPECT_EQ(current_part(parts, 599), 1);
  EXPECT_EQ(current_part(parts, 600), 2);
  EXPECT_EQ(current_part(parts, 1800), 3);  // all done: the last
}

TEST(Parts, HoursAreTheMinutesInSixtiesToOneDecimal) {
  EXPECT_DOUBLE_EQ(hours_of(105), 1.8);
  EXPECT_DOUBLE_EQ(hours_of(2400), 40);
  EXPECT_DOUBLE_EQ(hours_of(180), 3);
  EXPECT_DOUBLE_EQ(hours_of(1), 0.1);
  EXPECT_DOUBLE_EQ(hours_of(0), 0);
}

}  // namespace
}  // namespace jz::training
