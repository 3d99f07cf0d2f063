#pragma once
// Free text as people type it (names, addresses, reasons): trimmed and measured, never folded, since Chinese
// text rightly keeps its full-width punctuation. Identifiers go through common/text.hpp's normalize_input.
#include <cstddef>
#include <string>
#include <string_view>

namespace jz {

// Free text (names, addresses, reasons) trimmed of ASCII and ideographic spaces only: Chinese text rightly
// keeps its full-width punctuation ("投诉查实，停业整顿").
[[nodiscard]] std::string trim_text(std::string_view text);

// Whether `utf8` has at most `max_chars` code points and no control character.
[[nodiscard]] bool text_fits(std::string_view utf8, size_t max_chars);

}  // namespace jz
