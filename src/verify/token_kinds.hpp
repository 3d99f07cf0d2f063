#pragma once
// Other kinds of tokens signed with the same key that the public verification routes (/v/{token},
// /api/v1/verify/{token}) accept beside service certificates (payload version 1, token.hpp). A module
// registers a handler for its payload version at start-up — training certificates are version 2
// (training/certificate.hpp). A token whose first payload byte names a registered version goes to that
// handler; when the handler does not vouch for it (nullopt) the route answers as for any other token
// (forged), so version-1 tokens and every existing answer are unchanged.
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace jz::verify {

struct OtherTokenAnswer {
  boost::json::value json;  // the body of /api/v1/verify/{token}
  std::string page;         // where /v/{token} sends the browser (a public page of the module)
};
using OtherTokenHandler = std::function<std::optional<OtherTokenAnswer>(std::string_view token)>;

// Registers (or replaces) the handler of payload `version` (not 1). Call before serving.
void register_token_kind(unsigned char version, OtherTokenHandler handler);
// The handler of `token`'s payload version, or nullptr (version 1, unregistered, or not a token at all).
const OtherTokenHandler* token_kind_handler(std::string_view token);

}  // namespace jz::verify
