#pragma once
// The pieces of a signed token's text and payload that service certificates (verify/token.cpp) and training
// certificates (training/certificate.cpp) share.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jz::verify {

// base64url without padding (RFC 4648 section 5), and back: only the one canonical spelling decodes (nullopt
// otherwise), so an altered string never passes as the same token.
[[nodiscard]] std::string base64url_encode(std::string_view bytes);
[[nodiscard]] std::optional<std::string> base64url_decode(std::string_view text);

// The big-endian unsigned number of `n` bytes (at most 4) of `s` from `at`.
[[nodiscard]] uint32_t read_be(std::string_view s, size_t at, size_t n);
// Whether every character is printable ASCII other than the space (a public id in a payload).
[[nodiscard]] bool printable_ascii(std::string_view s);
// 2026-11-29 → 20261129, as serial numbers carry the day of issue.
[[nodiscard]] std::string compact_date(std::string_view date);

}  // namespace jz::verify
