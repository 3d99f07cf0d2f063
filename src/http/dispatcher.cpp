#include "http/dispatcher.hpp"

#include <spdlog/spdlog.h>

namespace jz::http {
namespace {

bool is_write(Method m) { return m == Method::post || m == Method::put || m == Method::patch || m == Method::del; }

// The bearer token, else the session cookie.
security::Credentials credentials_of(const Request& req) {
  std::string_view auth = req.header("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return {std::string(auth.substr(7)), false, req.path};
  if (auto c = req.cookie("jz_session"); !c.empty()) return {std::string(c), true, req.path};
  return {{}, false, req.path};
}

}  // namespace

Response Dispatcher::dispatch(Request& req, const RouteMatch& match) {
  Response resp = run(req, match);
  if (check_) check_->check(*match.route, req, resp);
  return resp;
}

Response Dispatcher::run(Request& req, const RouteMatch& match) {
  const Route& route = *match.route;
  req.path_params = match.params;
  try {
    std::optional<security::Principal> principal;
    bool has_credentials = !req.header("Authorization").empty() || !req.cookie("jz_session").empty();
    if (route.blocking && has_credentials) principal = auth_.authenticate(credentials_of(req));
    const security::Principal* user = principal ? &*principal : nullptr;

    if (!route.access->admits(user))
      return error_response(make_error(user ? "forbidden" : (has_credentials ? "session_expired" : "unauthenticated")),
                            req.lang);
    if (user && user->via_cookie && is_write(req.method) && req.header("X-CSRF-Token") != user->csrf_token)
      return error_response(make_error("csrf_failed"), req.lang);

    Context ctx(req, user);
    Response resp = route.handler(ctx);
    bool success = resp.status < 400;
    if (success && !ctx.audited() && (is_write(req.method) || route.sensitive)) {
      // A write or sensitive read the handler did not describe itself: record at least who did what to which object.
      security::AuditEntry entry;
      entry.action = std::string(method_name(req.method)) + " " + route.path;
      for (const auto& [k, v] : req.path_params) {
        if (!entry.object_id.empty()) entry.object_id += ",";
        entry.object_id += v;
      }
      entry.sensitive = route.sensitive;
      auto conn = db_.acquire();
      security::write_audit(*conn, ctx.actor(), entry);
    }
    return resp;
  } catch (const RequestError& e) {
    return error_response(e.error(), req.lang);
  } catch (const db::ConstraintError& e) {
    spdlog::warn("request {} constraint violation: {}", req.request_id, e.what());
    return error_response(make_error("conflict", "", "constraint"), req.lang);
  } catch (const std::exception& e) {
    spdlog::error("request {} failed: {}", req.request_id, e.what());
    return error_response(make_error("internal"), req.lang);
  }
}

}  // namespace jz::http
