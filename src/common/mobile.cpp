#include "common/mobile.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace jz {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

MobileCheck fail(std::string reason) {
  MobileCheck check;
  check.reason = std::move(reason);
  return check;
}

}  // namespace

MobileCheck check_mobile(std::string_view input) {
  const std::string trimmed = normalize_input(input);
  std::string s;
  s.reserve(trimmed.size());
  for (char c : trimmed) {
    if (c != ' ' && c != '-' && c != '\t') s.push_back(c);
  }
  if (s.empty()) return fail("empty");

  bool plus = false;
  std::string_view digits = s;
  if (digits.front() == '+') {
    plus = true;
    digits.remove_prefix(1);
  }
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit)) return fail("bad_characters");

  if (plus) {
    if (!digits.starts_with("86")) return fail("bad_prefix");
    digits.remove_prefix(2);
  } else if (digits.size() == 15 && digits.starts_with("0086")) {
    digits.remove_prefix(4);
  } else if (digits.size() == 13 && digits.starts_with("86")) {
    digits.remove_prefix(2);
  }

  if (digits.size() != 11) return fail("bad_length");
  if (digits[0] != '1' || digits[1] < '3') return fail("bad_prefix");

  MobileCheck check;
  check.valid = true;
  check.normalized = std::string(digits);
  return check;
}

}  // namespace jz
