#include "common/text.hpp"

#include "common/free_text.hpp"

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

std::string trim_text(std::string_view text) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::string_view v = text;
  for (bool changed = true; changed;) {
    changed = false;
    v = trim_ascii(v);
    if (v.substr(0, 3) == kIdeographicSpace) v.remove_prefix(3), changed = true;
    if (v.size() >= 3 && v.substr(v.size() - 3) == kIdeographicSpace) v.remove_suffix(3), changed = true;
  }
  return std::string(v);
}

bool text_fits(std::string_view utf8, size_t max_chars) {
  size_t n = 0;
  for (unsigned char c : utf8) {
    if (c < 0x20 || c == 0x7F) return false;
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n <= max_chars;
}

}  // namespace jz

namespace jz {

namespace {
// Length of the valid UTF-8 sequence at s[i] and its code point, or 0 when the bytes there are not UTF-8.
size_t utf8_sequence(std::string_view s, size_t i, char32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < n; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}
}  // namespace

std::string xml_safe(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    size_t n = utf8_sequence(utf8, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') out += ' ';
    else if (cp != 0xFFFE && cp != 0xFFFF) out.append(utf8.substr(i, n));
    i += n;
  }
  return out;
}

std::string truncate_utf8(std::string_view utf8, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < utf8.size(); ++chars) {
    if (chars == max_chars) return std::string(utf8.substr(0, i)) + "…";
    char32_t cp = 0;
    size_t n = utf8_sequence(utf8, i, cp);
    i += n == 0 ? 1 : n;
  }
  return std::string(utf8);
}

}  // namespace jz
