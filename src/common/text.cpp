#include "common/text.hpp"

namespace jz {
namespace {

// UTF-8 of U+FF01..U+FF5E: EF BC 81..BF (U+FF01..U+FF3F) and EF BD 80..9E (U+FF40..U+FF5E).
// UTF-8 of U+3000: E3 80 80.
constexpr unsigned char kFullwidthLead = 0xEF;
constexpr unsigned char kIdeographicLead = 0xE3;

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string normalize_halfwidth(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    if (i + 2 < utf8.size()) {
      const auto b1 = static_cast<unsigned char>(utf8[i + 1]);
      const auto b2 = static_cast<unsigned char>(utf8[i + 2]);
      if (b0 == kFullwidthLead && b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        out.push_back(static_cast<char>(b2 - 0x81 + 0x21));  // U+FF01 '！' .. U+FF3F '＿'
        i += 3;
        continue;
      }
      if (b0 == kFullwidthLead && b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        out.push_back(static_cast<char>(b2 - 0x80 + 0x60));  // U+FF40 '｀' .. U+FF5E '～'
        i += 3;
        continue;
      }
      if (b0 == kIdeographicLead && b1 == 0x80 && b2 == 0x80) {
        out.push_back(' ');
        i += 3;
        continue;
      }
    }
    out.push_back(static_cast<char>(b0));
    ++i;
  }
  return out;
}

std::string_view trim_ascii(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string normalize_input(std::string_view utf8) {
  return std::string(trim_ascii(normalize_halfwidth(utf8)));
}

}  // namespace jz
