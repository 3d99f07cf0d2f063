#pragma once
// Routes and their access rules. Each route declares method, path (with {param} segments), who may call
// it, whether it touches sensitive personal data, and whether it blocks (database work → worker pool).
// Deny by default: Router::add refuses a route without an Access, so such a server never starts.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/database.hpp"
#include "http/json_struct.hpp"
#include "http/params.hpp"
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

  // Typed extractors. Each returns the value or throws RequestError, which the dispatcher answers with the
  // error's status and {"error": {code, message, field}}: a handler keeps only the lines that are its own.
  template <class T>
  T need(Result<T> r) const {
    if (!r) throw RequestError(r.error());
    return std::move(r).value();
  }
  void need(const Result<void>& r) const {
    if (!r) throw RequestError(r.error());
  }
  // The path parameter as a positive id; anything else names nothing (404 not_found).
  int64_t path_id(const std::string& name = "id") const;
  // The signed-in caller; 401 for an anonymous request (routes open to anyone that need a user).
  const security::Principal& caller() const;
  // The body as a JSON object (400 bad_json, 415 for another content type).
  boost::json::object body_object() const;
  // The body as a described struct (see json_struct.hpp): 400 naming the missing or wrong field.
  template <class T>
  T body() const {
    return need(from_json<T>(body_object()));
  }
  Page page(int64_t default_size = Page::kDefaultPageSize) const { return need(parse_page(req_, default_size)); }
  std::optional<int64_t> query_int(std::string_view name, int64_t min, int64_t max) const {
    return need(http::query_int(req_, name, min, max));
  }
  std::optional<std::string> query_text(std::string_view name, size_t max_bytes = 200) const {
    return need(http::query_text(req_, name, max_bytes));
  }
  std::optional<std::string> query_date(std::string_view name) const { return need(http::query_date(req_, name)); }
  std::optional<bool> query_bool(std::string_view name) const { return need(http::query_bool(req_, name)); }

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
  // For the OpenAPI document (all optional). With JZ_CHECK_RESPONSES set the dispatcher checks every answer
  // against them (http/response_check.hpp): status, content type, `response` schema. `paged` adds
  // page/page_size to `query`.
  std::vector<QueryParam> query{};
  bool paged = false;
  std::optional<boost::json::object> request{};   // schema of the JSON body, e.g. schema_of<DisputeInput>()
  std::optional<boost::json::object> response{};  // schema of the success body
  int status = 200;                               // the success status (201 created, 204 no content)
  std::vector<int> also_status{};                 // other success statuses, same body (200 when nothing was new)
  std::string produces{};                         // content type of the success body when it is not JSON
  Handler handler{};
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
  // A resource's routes as one table, in the order given.
  void add_all(std::vector<Route> routes);
  [[nodiscard]] RouteMatch match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{name}" marks a parameter
    std::vector<bool> parameter;        // per segment
  };
  // Candidates for a path: routes are bucketed by their segment count and the literal at their key segment (the
  // third, "/api/v1/<resource>", or the last of a shorter path); routes with a parameter there sit in `wild_` of
  // their count. Each list is in declaration order, which settles ties.
  static size_t key_segment(size_t count) { return count < 3 ? (count ? count - 1 : 0) : 2; }
  static std::string bucket_key(size_t count, std::string_view segment);
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
  std::unordered_map<std::string, std::vector<size_t>> buckets_;
  std::vector<std::vector<size_t>> wild_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace jz::http
