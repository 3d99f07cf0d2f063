#pragma once
// 居民身份证号 (resident ID number, GB 11643-1999): normalising and checking what people and county
// offices type. Pure functions, no I/O. A failed check is a value with a stable `reason`, never an
// exception; routes map reasons to the error code "invalid_id_number".
#include <string>
#include <string_view>

namespace jz {

struct IdNumberInfo {
  std::string normalized;         // 18 characters, check character as upper-case 'X'
  std::string birth_date;         // YYYY-MM-DD
  char gender = '\0';             // 'M' or 'F' (17th digit odd = 'M')
  std::string division_code;      // first 6 digits: the county of issue, which may since have been abolished
  bool upgraded_from_15 = false;  // input was a first-generation 15-digit number
};

struct IdNumberCheck {
  bool valid = false;
  // "" when valid, else one of: empty, bad_length, bad_characters, unknown_province, unknown_area, bad_birth_date,
  // future_birth_date, bad_checksum. Checked in that order; the first failing rule is reported.
  std::string reason;
  IdNumberInfo info;  // filled only when valid: an invalid number is personal data we have no use for
};

// Checks `input` after normalisation: trims ASCII and full-width spaces, folds full-width digits and
// Ｘ/ｘ to ASCII and lower-case x to X. A 15-digit number is upgraded to 18 digits ("19" before the
// year, check character computed). Rules:
//   - 18 characters: 17 digits then a digit or X;
//   - the first two digits are a GB/T 2260 province code, and the first six a county-level code that
//     GB/T 2260 has had at any time since the 1980s (data/divisions/id_area_codes.csv: a number keeps the
//     code of the county that issued it, even after that county is abolished or renamed), or 810000,
//     820000, 830000 (residence permits of Hong Kong, Macao and Taiwan residents) or 710000;
//   - the birth date is a real calendar date from 1800-01-01 up to `today` inclusive. The lower bound is
//     1800, not 1900, because the standard's own example 440524188001010014 is born in 1880;
//   - the 18th character is the ISO 7064 MOD 11-2 check character.
// `today` is the caller's current date in Beijing (today_beijing() in common/time.hpp) as YYYY-MM-DD (passed in so the function stays pure and tests
// are stable); it is compared as text, so it must be in exactly that form.
[[nodiscard]] IdNumberCheck check_id_number(std::string_view input, std::string_view today);

// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') of the first 17 digits, or '\0' when
// `first17` is not exactly 17 ASCII digits.
[[nodiscard]] char id_number_check_char(std::string_view first17);

}  // namespace jz
