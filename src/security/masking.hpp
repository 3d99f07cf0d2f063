#pragma once
// Masked forms of personal data for lists, logs and roles that may see that a value exists but not the value.
// Pure string functions over UTF-8, counting characters (code points), never bytes, so a Chinese name is
// never cut inside a character. Bytes that are not valid UTF-8 are each treated as one character.
#include <string>
#include <string_view>

namespace jz::security {

// Keeps the first and last character, one '*' per hidden character: "张小花" → "张*花", "欧阳小花" →
// "欧**花"; two characters keep the first: "张花" → "张*"; a single character is returned unchanged.
[[nodiscard]] std::string mask_name(std::string_view name);

// From 15 characters up (both resident ID lengths) keeps the first 4 (the prefecture) and only the last 2:
// "620102199001011234" → "6201************34". Never more: with the birth date and the native county the last
// 4 would rebuild the whole number (docs/api.md, "Masks"). Shorter values (passport and permit numbers, typos) keep only
// the last 2, so at least half stays hidden; values of 1–2 characters are masked entirely.
[[nodiscard]] std::string mask_id_number(std::string_view id_number);

// From 11 characters up keeps the first 3 and last 4: "13812345678" → "138****5678". Shorter numbers keep
// only the last 2; values of 1–2 characters are masked entirely.
[[nodiscard]] std::string mask_phone(std::string_view phone);

}  // namespace jz::security
