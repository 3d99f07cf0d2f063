#include "common/time.hpp"

#include <fmt/format.h>

#include <ctime>

namespace jz {

std::string format_utc(Clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

std::string today_utc() { return now_utc().substr(0, 10); }
std::string today_beijing() { return format_utc(Clock::now() + std::chrono::hours(8)).substr(0, 10); }

}  // namespace jz
