#pragma once
// UTC time as the platform stores it: ISO-8601 text with milliseconds and 'Z', which sorts correctly
// as text in both databases.
#include <chrono>
#include <string>

namespace jz {

using Clock = std::chrono::system_clock;

std::string format_utc(Clock::time_point t);       // 2026-11-29T09:00:00.123Z
inline std::string now_utc() { return format_utc(Clock::now()); }
std::string today_utc();                           // 2026-11-29
std::string today_beijing();                       // the date in China (UTC+8): a birth "today" is Beijing's today

}  // namespace jz
