// The working-day calendar: the State Council's holiday notices for 2025 and 2026 (data/calendar/holidays.csv).
#include "services/calendar.hpp"

#include <gtest/gtest.h>

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "credit/dates.hpp"

namespace jz::services {
namespace {

bool working(std::string_view date) {
  return WorkingCalendar::official().is_working_day(*credit::day_number(date));
}
std::string plus(std::string_view date, int n) { return WorkingCalendar::official().add_working_days(date, n); }

// 国庆 2026: 10-01 (Thursday) to 10-07 off; Sunday 09-20 and Saturday 10-10 worked (调休上班). 中秋 09-25..27.
TEST(WorkingCalendar, NationalDay2026SkipsTheHolidayAndCountsTheMakeUpWeekendDays) {
  EXPECT_TRUE(working("2026-09-20"));   // Sunday, worked
  EXPECT_FALSE(working("2026-09-25"));  // Friday, 中秋
  EXPECT_FALSE(working("2026-10-01"));
  EXPECT_FALSE(working("2026-10-05"));  // Monday within the week off
  EXPECT_FALSE(working("2026-10-07"));
  EXPECT_TRUE(working("2026-10-08"));
  EXPECT_TRUE(working("2026-10-10"));  // Saturday, worked
  EXPECT_FALSE(working("2026-10-11"));  // an ordinary Sunday
  // A complaint filed on Wednesday 30 September: due on the 3rd working day after it, 8, 9 and 10 October.
  EXPECT_EQ(plus("2026-09-30", 3), "2026-10-10");
  EXPECT_EQ(plus("2026-09-30", 1), "2026-10-08");
  // Filed on Friday 18 September: Sunday 20th counts, so Mon 21, Sun 20 … the 3rd is Tuesday 22nd.
  EXPECT_EQ(plus("2026-09-18", 3), "2026-09-22");
  // Filed during the holiday: 8, 9, 10 October.
  EXPECT_EQ(plus("2026-10-03", 3), "2026-10-10");
  // Across 中秋: Thursday 24 September → Mon 28, Tue 29, Wed 30.
  EXPECT_EQ(plus("2026-09-24", 3), "2026-09-30");
}

TEST(WorkingCalendar, SpringFestivalAndNewYear) {
  EXPECT_EQ(plus("2026-02-13", 1), "2026-02-14");  // Saturday 14 February worked
  EXPECT_EQ(plus("2026-02-14", 1), "2026-02-24");  // 15–23 February off
  EXPECT_EQ(plus("2025-12-31", 1), "2026-01-04");  // 1–3 January off, Sunday 4 January worked
  EXPECT_EQ(plus("2025-01-27", 3), "2025-02-07");  // 2025: 28 January – 4 February off
}

TEST(WorkingCalendar, OrdinaryWeeksAndUncoveredYearsCountMondayToFriday) {
  EXPECT_EQ(plus("2026-12-07", 3), "2026-12-10");  // Monday → Thursday
  EXPECT_EQ(plus("2026-12-04", 3), "2026-12-09");  // Friday → Wednesday
  EXPECT_EQ(plus("2026-12-05", 3), "2026-12-09");  // Saturday → Wednesday
  // 2027's notice is not in the table yet: weekdays only (1 January 2027 is a Friday).
  EXPECT_TRUE(working("2027-01-01"));
  EXPECT_EQ(plus("2026-12-30", 3), "2027-01-04");
}

// Every row of the table: a real date, rest or work, the work days weekends and the rest days not duplicated
// as work days, each naming its notice.
TEST(WorkingCalendar, TheTableIsWellFormed) {
  auto rows = parse_csv(*embedded_file("data/calendar/holidays.csv"));
  ASSERT_GT(rows.size(), 60u);
  EXPECT_EQ(rows[0], (CsvRow{"date", "kind", "holiday", "source", "verified"}));
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    ASSERT_EQ(r.size(), 5u) << i;
    auto day = credit::day_number(r[0]);
    ASSERT_TRUE(day) << r[0];
    const int64_t weekday = ((*day % 7) + 10) % 7;
    if (r[1] == "work") {
      EXPECT_GE(weekday, 5) << r[0] << " is a make-up working day, so a weekend day";
    } else {
      EXPECT_EQ(r[1], "rest") << r[0];
    }
    EXPECT_FALSE(r[3].empty()) << r[0];
  }
  EXPECT_THROW(WorkingCalendar::parse("date,kind\n2026-02-30,rest\n"), std::runtime_error);
  EXPECT_THROW(WorkingCalendar::parse("date,kind\n2026-02-03,off\n"), std::runtime_error);
}

}  // namespace
}  // namespace jz::services
