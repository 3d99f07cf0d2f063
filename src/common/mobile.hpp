#pragma once
// Mainland China mobile numbers as workers and consumers type them: normalising and checking. Pure
// functions, no I/O; failures are values with a stable `reason` (routes: "invalid_mobile"). Only the
// shape is checked (11 digits, 1[3-9]); whether the number is in service is the SMS provider's business.
#include <string>
#include <string_view>

namespace jz {

struct MobileCheck {
  bool valid = false;
  // "" when valid, else one of: empty, bad_characters, bad_length, bad_prefix (checked in that order).
  std::string reason;
  std::string normalized;  // the 11 digits, filled only when valid
};

// Accepts full-width digits, spaces and hyphens anywhere (they are dropped), and a country prefix
// "+86", "0086" or "86" (the bare "86" only when 13 digits remain, so a local number is never cut).
// Any other "+" prefix is bad_prefix: only mainland numbers are accepted.
[[nodiscard]] MobileCheck check_mobile(std::string_view input);

}  // namespace jz
