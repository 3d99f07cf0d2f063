#pragma once
// Routes and their access rules. Each route declares method, path (with {param} segments), who may call
// it, whether it touches sensitive personal data, and whether it blocks (database work → worker pool).
// Deny by default: Router::add refuses a route without an Access, so such a server never starts.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/request.hpp"
#include "security/audit.hpp"
#include "security/roles.hpp"

namespace jz::http {

// What a handler sees of the request beyond the Request itself.
class Context {
 public:
  Context(const Request& req, const security::Principal* user) : req_(req), user_(user) {}
  const Request& req() const { return req_; }
  const security::Principal* user() const { return user_; }
  Lang lang() const { return req_.lang; }
  security::AuditActor actor() const;
  // Writes an audit entry on `conn` (inside the caller's transaction) and notes that this request audited.
  void audit(db::Connection& conn, const security::AuditEntry& entry);
  bool audited() const { return audited_; }
  // For services that audit inside their own transaction.
  void audit_done() { audited_ = true; }
  Response fail(const Error& e) const { return error_response(e, req_.lang); }
  const std::string& param(const std::string& name) const { return req_.path_params.at(name); }

 private:
  const Request& req_;
  const security::Principal* user_;
  bool audited_ = false;
};

using Handler = std::function<Response(Context&)>;

struct Route {
  Method method = Method::get;
  std::string path;                      // "/api/v1/divisions/{code}"
  std::optional<security::Access> access;  // required: no access rule → the route is refused
  bool sensitive = false;                // reads or writes personal data: every call is audited
  bool blocking = true;                  // false only for handlers that never block (no database)
  std::string summary;                   // one line for the OpenAPI document
  Handler handler;
};

struct RouteMatch {
  enum class Kind { found, not_found, method_not_allowed } kind = Kind::not_found;
  const Route* route = nullptr;
  size_t index = 0;  // position in the router, for metrics
  std::map<std::string, std::string> params;
  std::string allowed;  // Allow header value when method_not_allowed
};

class Router final {
 public:
  // Throws std::logic_error for a route without access rule, a malformed path or a duplicate.
  void add(Route route);
  [[nodiscard]] RouteMatch match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{name}" marks a parameter
  };
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace jz::http
