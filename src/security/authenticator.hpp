#pragma once
// Turns a request's credentials (session cookie or bearer token) into a Principal. Implemented by the
// accounts module; the HTTP dispatcher depends only on this interface.
#include <optional>

#include "http/request.hpp"
#include "security/roles.hpp"

namespace jz::security {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The principal behind the request's credentials, or nullopt when there are none or they are invalid,
  // expired or revoked. Blocking (database).
  virtual std::optional<Principal> authenticate(const http::Request& req) = 0;
};

}  // namespace jz::security
