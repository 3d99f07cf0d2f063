#include "services/calendar.hpp"

#include <stdexcept>

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "credit/dates.hpp"

namespace jz::services {

const WorkingCalendar& WorkingCalendar::official() {
  static const WorkingCalendar calendar = parse(embedded_file("data/calendar/holidays.csv").value_or(""));
  return calendar;
}

WorkingCalendar WorkingCalendar::parse(std::string_view csv) {
  WorkingCalendar c;
  auto rows = parse_csv(csv);
  for (size_t i = 1; i < rows.size(); ++i) {  // row 0 is the header
    const auto& r = rows[i];
    auto day = r.size() >= 2 ? credit::day_number(r[0]) : std::nullopt;
    if (!day || (r[1] != "rest" && r[1] != "work"))
      throw std::runtime_error("data/calendar/holidays.csv row " + std::to_string(i + 1) + ": date,rest|work,…");
    (r[1] == "rest" ? c.rest_ : c.work_).insert(*day);
  }
  return c;
}

bool WorkingCalendar::is_working_day(int64_t day) const {
  if (rest_.count(day)) return false;
  if (work_.count(day)) return true;
  const int64_t weekday = ((day % 7) + 10) % 7;  // 1970-01-01 (day 0) was a Thursday: 0 = Monday … 6 = Sunday
  return weekday < 5;
}

std::string WorkingCalendar::add_working_days(std::string_view date, int n) const {
  int64_t day = credit::day_number(date).value();
  while (n > 0) {
    ++day;
    if (is_working_day(day)) --n;
  }
  return credit::date_of_day(day);
}

}  // namespace jz::services
