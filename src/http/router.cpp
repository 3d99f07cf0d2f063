#include "http/router.hpp"

#include <stdexcept>

namespace jz::http {

security::AuditActor Context::actor() const {
  security::AuditActor a;
  if (user_) {
    a.user_id = user_->user_id;
    a.username = user_->username;
    a.role = std::string(security::role_name(user_->role));
  }
  a.ip = req_.remote_ip;
  a.request_id = req_.request_id;
  return a;
}

void Context::audit(db::Connection& conn, const security::AuditEntry& entry) {
  security::write_audit(conn, actor(), entry);
  audited_ = true;
}

int64_t Context::path_id(const std::string& name) const { return need(http::path_id(req_, name)); }

const security::Principal& Context::caller() const {
  if (!user_) throw RequestError(make_error("unauthenticated"));
  return *user_;
}

boost::json::object Context::body_object() const { return need(parse_json_object(req_)); }

void Router::add_all(std::vector<Route> routes) {
  for (auto& r : routes) add(std::move(r));
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::add(Route route) {
  std::string where = std::string(method_name(route.method)) + " " + route.path;
  if (!route.access) throw std::logic_error("route without access rule (deny by default): " + where);
  if (route.path.empty() || route.path[0] != '/') throw std::logic_error("route path must start with '/': " + where);
  if (!route.handler) throw std::logic_error("route without handler: " + where);
  Compiled c{split_path(route.path)};
  for (size_t i = 0; i < routes_.size(); ++i)
    if (routes_[i].method == route.method && compiled_[i].segments == c.segments)
      throw std::logic_error("duplicate route: " + where);
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

RouteMatch Router::match(Method method, std::string_view path) const {
  auto segs = split_path(path);
  RouteMatch best;
  int best_literals = -1;
  std::string allowed;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const auto& pattern = compiled_[i].segments;
    if (pattern.size() != segs.size()) continue;
    int literals = 0;
    bool ok = true;
    std::map<std::string, std::string> params;
    for (size_t k = 0; k < segs.size() && ok; ++k) {
      const std::string& p = pattern[k];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (segs[k].empty()) ok = false;
        else params[p.substr(1, p.size() - 2)] = segs[k];
      } else if (p == segs[k]) {
        ++literals;
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    Method m = routes_[i].method;
    bool method_ok = m == method || (method == Method::head && m == Method::get);
    if (!method_ok) {
      if (allowed.find(method_name(m)) == std::string::npos) {
        if (!allowed.empty()) allowed += ", ";
        allowed += method_name(m);
      }
      continue;
    }
    if (literals > best_literals) {  // literal segments beat parameters: /workers/me before /workers/{id}
      best_literals = literals;
      best.kind = RouteMatch::Kind::found;
      best.route = &routes_[i];
      best.index = i;
      best.params = std::move(params);
    }
  }
  if (best.kind != RouteMatch::Kind::found && !allowed.empty()) {
    best.kind = RouteMatch::Kind::method_not_allowed;
    best.allowed = allowed;
  }
  return best;
}

}  // namespace jz::http
