#pragma once
// Working days in mainland China: Monday to Friday, except the public holidays (放假) and plus the weekend days
// worked instead (调休上班) that the State Council's yearly notice on holiday arrangements lists
// (data/calendar/holidays.csv, data/README.md names the notices). Used for deadlines counted in working days
// (a complaint's reply is due in 3 working days, docs/services.md).
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace jz::services {

class WorkingCalendar final {
 public:
  // The calendar of data/calendar/holidays.csv, parsed once (a malformed row is a build-time data error: it
  // throws std::runtime_error naming the row).
  static const WorkingCalendar& official();
  // A calendar from CSV text `date,kind,holiday,source,verified` with kind `rest` or `work`.
  static WorkingCalendar parse(std::string_view csv);

  // True for a working day. A year with no row in the table (no notice loaded yet) counts Monday to Friday.
  [[nodiscard]] bool is_working_day(int64_t day_number) const;
  // The date `n` working days after `date` (YYYY-MM-DD, valid; n ≥ 0): the n-th working day strictly after it.
  [[nodiscard]] std::string add_working_days(std::string_view date, int n) const;

 private:
  std::set<int64_t> rest_, work_;  // day numbers of public holidays, of weekend days worked instead
};

}  // namespace jz::services
