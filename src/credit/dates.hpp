#pragma once
// Calendar dates (YYYY-MM-DD, proleptic Gregorian, as the platform stores them) as day numbers, for the
// credit file's arithmetic: ages of complaints, months of employment, days until a health check lapses.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jz::credit {

// Days since 1970-01-01, or nullopt when `date` is not a real YYYY-MM-DD date (2024-02-30 is not).
[[nodiscard]] std::optional<int64_t> day_number(std::string_view date);
// The YYYY-MM-DD date of a day number.
[[nodiscard]] std::string date_of_day(int64_t day);
[[nodiscard]] inline bool is_date(std::string_view date) {
  return day_number(date).has_value();
}
// `date` plus `days` (may be negative). `date` must be valid.
[[nodiscard]] std::string add_days(std::string_view date, int64_t days);

}  // namespace jz::credit
