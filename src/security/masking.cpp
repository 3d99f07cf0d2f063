#include "security/masking.hpp"

#include <vector>

namespace jz::security {
namespace {

// Length in bytes of the UTF-8 sequence starting at s[i], or 1 if it is not a valid sequence.
size_t sequence_length(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  size_t len = 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    len = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    len = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    len = 4;
  if (i + len > s.size()) return 1;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return len;
}

std::vector<std::string_view> characters(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    const size_t len = sequence_length(s, i);
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string keep_ends(const std::vector<std::string_view>& chars, size_t front, size_t back) {
  std::string out;
  for (size_t i = 0; i < chars.size(); ++i) {
    if (i < front || i + back >= chars.size()) {
      out += chars[i];
    } else {
      out += '*';
    }
  }
  return out;
}

// Long enough: keep `front` and `back`; otherwise keep the last 2 but never reveal a value of 1–2 characters.
std::string mask_number(std::string_view value, size_t min_long, size_t front, size_t back) {
  const auto chars = characters(value);
  if (chars.size() >= min_long) return keep_ends(chars, front, back);
  if (chars.size() <= 2) return keep_ends(chars, 0, 0);
  return keep_ends(chars, 0, 2);
}

}  // namespace

std::string mask_name(std::string_view name) {
  const auto chars = characters(name);
  if (chars.size() <= 1) return std::string(name);
  if (chars.size() == 2) return keep_ends(chars, 1, 0);
  return keep_ends(chars, 1, 1);
}

std::string mask_id_number(std::string_view id_number) {
  return mask_number(id_number, 15, 4, 2);
}

std::string mask_phone(std::string_view phone) {
  return mask_number(phone, 11, 3, 4);
}

}  // namespace jz::security
