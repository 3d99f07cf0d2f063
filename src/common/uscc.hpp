#pragma once
// 统一社会信用代码 (unified social credit code, GB 32100-2015) of enterprises and institutions:
// normalising and checking what is typed or pasted from a business licence. Pure functions, no I/O;
// failures are values with a stable `reason` (routes: "invalid_uscc").
#include <string>
#include <string_view>

namespace jz {

struct UsccCheck {
  bool valid = false;
  // "" when valid, else one of: empty, bad_characters, bad_length, bad_authority, bad_entity_type,
  // bad_division, bad_checksum (checked in that order).
  std::string reason;
  // The normalised code and its characters 3-8 (the registering authority's division code). Filled
  // whenever length and characters are fine, i.e. also for bad_checksum, so a form can show the
  // code it read back to the user.
  std::string normalized;
  std::string division_code;
  // The check character matches. False whenever the check was not reached; false with length and
  // characters fine means reason == "bad_checksum".
  bool checksum_ok = false;
};

// Checks `input` after trimming (ASCII and full-width spaces), folding full-width forms to ASCII and
// upper-casing: 18 characters from 0-9 and A-Z without I, O, Z, S, V; the 1st a registration authority
// and the 2nd an entity type that authority registers (GB 32100 table 1); the 3rd-8th digits (the
// division code); the 18th is the GB 32100 check
// character (weights 3^i mod 31, check = 31 - sum mod 31, 31 -> '0').
[[nodiscard]] UsccCheck check_uscc(std::string_view input);

// The check character of the first 17 characters, or '\0' when `first17` is not 17 characters of
// the code's alphabet (upper-case only).
[[nodiscard]] char uscc_check_char(std::string_view first17);

}  // namespace jz
