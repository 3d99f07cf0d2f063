#pragma once
// Text clean-up shared by the validators: county offices and enterprises type identifiers with Chinese
// input methods, so digits and letters arrive as full-width forms (０-９, Ｘ) padded with ideographic
// spaces (U+3000). These helpers fold such input to plain ASCII before any format check.
#include <string>
#include <string_view>

namespace jz {

// Maps the full-width forms U+FF01..U+FF5E to ASCII U+0021..U+007E and U+3000 to an ASCII space; every
// other byte is copied unchanged (including bytes of malformed UTF-8, which the caller's own character
// check then rejects), so the result is never longer than the input.
[[nodiscard]] std::string normalize_halfwidth(std::string_view utf8);

// `text` without leading and trailing ASCII whitespace (space, \t, \n, \r, \f, \v).
[[nodiscard]] std::string_view trim_ascii(std::string_view text);

// normalize_halfwidth, then trim_ascii: the usual first step for a typed identifier, so that
// full-width spaces around it are trimmed too.
[[nodiscard]] std::string normalize_input(std::string_view utf8);

}  // namespace jz

namespace jz {

// `utf8` made fit for an XML 1.0 document (feeds, XLSX parts): C0 control characters other than tab, LF and
// CR (e.g. U+000B that Excel writes for Alt+Enter) become a space, U+FFFE/U+FFFF are dropped, and bytes that
// are not UTF-8 become U+FFFD. Text that is already fit comes back unchanged.
[[nodiscard]] std::string xml_safe(std::string_view utf8);

// At most `max_chars` UTF-8 characters of `utf8` (never cutting one in half), with "…" appended when cut:
// for values echoed back in reports.
[[nodiscard]] std::string truncate_utf8(std::string_view utf8, size_t max_chars);

}  // namespace jz
