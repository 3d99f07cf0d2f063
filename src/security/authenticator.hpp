#pragma once
// Turns a request's credentials (session cookie or bearer token) into a Principal. Implemented by the
// accounts module; the HTTP dispatcher reads the credentials from the request and depends only on this
// interface (security/ knows nothing of HTTP).
#include <optional>
#include <string>

#include "security/roles.hpp"

namespace jz::security {

// The session token a request presented, and whether it came as the cookie (then writes need CSRF).
struct Credentials {
  std::string token;
  bool via_cookie = false;
  std::string path;  // the request's path: a session with a one-time password answers only a few paths
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The principal behind the credentials, or nullopt when they are empty, invalid, expired or revoked.
  // Blocking (database).
  virtual std::optional<Principal> authenticate(const Credentials& credentials) = 0;
};

}  // namespace jz::security
