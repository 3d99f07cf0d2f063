#include "common/id_number.hpp"

#include <algorithm>
#include <array>

#include <unordered_set>

#include "common/embedded.hpp"
#include "common/text.hpp"

namespace jz {
namespace {

// GB/T 2260 province-level codes, including 71 台湾, 81 香港, 82 澳门 (their residents on the mainland
// may hold numbers with these prefixes), and 83, the prefix of Taiwan residents' residence permits (830000).
constexpr std::array<int, 35> kProvinceCodes = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                                35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                                53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};

// Weight of position i (0-based) is 2^(17-i) mod 11.
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
// Check character for (weighted sum mod 11).
constexpr std::string_view kCheckChars = "10X98765432";

constexpr std::string_view kEarliestBirthDate = "1800-01-01";

// Every area code an ID number may carry (data/divisions/id_area_codes.csv, compiled in): GB/T 2260
// county-level codes in force at any time since the 1980s, and the residence-permit codes.
const std::unordered_set<int>& area_codes() {
  static const std::unordered_set<int> codes = [] {
    std::unordered_set<int> out;
    auto csv = embedded_file("data/divisions/id_area_codes.csv");
    if (!csv) return out;
    std::string_view rest = *csv;
    rest.remove_prefix(std::min(rest.size(), rest.find('\n') + 1));  // header
    while (!rest.empty()) {
      if (rest.size() >= 6 && std::all_of(rest.begin(), rest.begin() + 6, [](char c) { return c >= '0' && c <= '9'; }))
        out.insert(std::stoi(std::string(rest.substr(0, 6))));
      auto nl = rest.find('\n');
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    }
    return out;
  }();
  return codes;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_digit);
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool is_leap_year(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

// `yyyymmdd` is 8 digits.
bool is_real_date(std::string_view yyyymmdd) {
  const int y = to_int(yyyymmdd.substr(0, 4));
  const int m = to_int(yyyymmdd.substr(4, 2));
  const int d = to_int(yyyymmdd.substr(6, 2));
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

IdNumberCheck fail(std::string reason) {
  IdNumberCheck check;
  check.reason = std::move(reason);
  return check;
}

}  // namespace

char id_number_check_char(std::string_view first17) {
  if (first17.size() != 17 || !all_digits(first17)) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckChars[sum % 11];
}

IdNumberCheck check_id_number(std::string_view input, std::string_view today) {
  std::string s = normalize_input(input);
  if (s.empty()) return fail("empty");
  std::replace(s.begin(), s.end(), 'x', 'X');

  // Characters before length: "11010519491231002十" is a typo in a character, not a length problem.
  if (!std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || c == 'X'; })) {
    return fail("bad_characters");
  }
  if (s.size() != 15 && s.size() != 18) return fail("bad_length");

  bool upgraded = false;
  if (s.size() == 15) {
    if (!all_digits(s)) return fail("bad_characters");  // first-generation numbers have no check char
    // First-generation numbers were issued to people born in the 1900s; the year lost its century.
    std::string first17 = s.substr(0, 6) + "19" + s.substr(6);
    s = first17 + id_number_check_char(first17);
    upgraded = true;
  } else if (!all_digits(std::string_view(s).substr(0, 17))) {
    return fail("bad_characters");  // X is allowed only as the check character
  }

  const int province = to_int(std::string_view(s).substr(0, 2));
  if (std::find(kProvinceCodes.begin(), kProvinceCodes.end(), province) == kProvinceCodes.end()) {
    return fail("unknown_province");
  }
  if (!area_codes().contains(to_int(std::string_view(s).substr(0, 6)))) return fail("unknown_area");

  const std::string_view birth = std::string_view(s).substr(6, 8);
  if (!is_real_date(birth)) return fail("bad_birth_date");
  std::string birth_date = std::string(birth.substr(0, 4)) + "-" + std::string(birth.substr(4, 2)) + "-" +
                           std::string(birth.substr(6, 2));
  if (birth_date < kEarliestBirthDate) return fail("bad_birth_date");
  if (birth_date > today) return fail("future_birth_date");

  if (s[17] != id_number_check_char(std::string_view(s).substr(0, 17))) return fail("bad_checksum");

  IdNumberCheck check;
  check.valid = true;
  check.info.division_code = s.substr(0, 6);
  check.info.gender = (s[16] - '0') % 2 == 1 ? 'M' : 'F';
  check.info.birth_date = std::move(birth_date);
  check.info.upgraded_from_15 = upgraded;
  check.info.normalized = std::move(s);
  return check;
}

}  // namespace jz
