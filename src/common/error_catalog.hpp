#pragma once
// The one table of error codes: each stable code with its HTTP status and its message in Chinese and
// English. `{detail}` in a message is replaced by Error::detail, `{field}` by Error::field.
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace jz {

struct ErrorSpec {
  std::string_view code;
  int http_status;
  std::string_view zh;
  std::string_view en;
};

// The spec for `code`; unknown codes map to a 500 "internal" spec so that a missing row is visible.
const ErrorSpec& error_spec(std::string_view code);
// True when `code` has a row of its own (used by a unit test over every code the sources mention).
bool error_code_known(std::string_view code);
// The user-facing message for `error` in `lang`, with placeholders filled in.
std::string error_message(const Error& error, Lang lang);
// Picks zh or en from an Accept-Language header value (q-values honoured; zh-CN is the default).
Lang parse_accept_language(std::string_view header);

}  // namespace jz
