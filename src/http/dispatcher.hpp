#pragma once
// Runs a matched route: authenticates the caller, enforces the route's access rule and CSRF protection,
// calls the handler, turns failures into JSON errors, and audits writes and sensitive reads that the
// handler did not audit itself. Blocking: called on the worker pool (or inline for non-blocking routes).
#include "db/database.hpp"
#include "http/response_check.hpp"
#include "http/router.hpp"
#include "security/authenticator.hpp"

namespace jz::http {

class Dispatcher final {
 public:
  Dispatcher(security::Authenticator& auth, db::Database& db) : auth_(auth), db_(db) {}
  [[nodiscard]] Response dispatch(Request& req, const RouteMatch& match);
  // Checks every answer against its route's declaration from now on (null: no check).
  void check_responses(const ResponseCheck* check) { check_ = check; }

 private:
  Response run(Request& req, const RouteMatch& match);
  const ResponseCheck* check_ = nullptr;
  security::Authenticator& auth_;
  db::Database& db_;
};

}  // namespace jz::http
