#pragma once
// Content digests anyone can recompute with standard tools.
#include <string>
#include <string_view>

namespace jz::security {

// Lower-case hex of the SHA-256 of `bytes` (a service certificate records the one of the photo it was issued
// with, docs/api.md "Identity stays bound").
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace jz::security
