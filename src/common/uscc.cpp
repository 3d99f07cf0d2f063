#include "common/uscc.hpp"

#include <algorithm>
#include <array>

#include "common/text.hpp"

namespace jz {
namespace {

// The 31 characters of GB 32100 in value order: digits, then Latin capitals without I, O, Z, S, V
// (too easily read as 1, 0, 2, 5, U).
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

// Value of `c` in the alphabet, or -1.
int value_of(char c) {
  const auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

char uscc_check_char(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const int v = value_of(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  const int check = 31 - sum % 31;
  return kAlphabet[check == 31 ? 0 : check];
}

UsccCheck check_uscc(std::string_view input) {
  UsccCheck check;
  std::string s = normalize_input(input);
  if (s.empty()) {
    check.reason = "empty";
    return check;
  }
  std::transform(s.begin(), s.end(), s.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
  if (!std::all_of(s.begin(), s.end(), [](char c) { return value_of(c) >= 0; })) {
    check.reason = "bad_characters";
    return check;
  }
  if (s.size() != 18) {
    check.reason = "bad_length";
    return check;
  }
  check.division_code = s.substr(2, 6);
  check.checksum_ok = s[17] == uscc_check_char(std::string_view(s).substr(0, 17));
  check.normalized = std::move(s);
  check.valid = check.checksum_ok;
  if (!check.checksum_ok) check.reason = "bad_checksum";
  return check;
}

}  // namespace jz
