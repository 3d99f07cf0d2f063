#include "http/router.hpp"

#include <algorithm>
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

std::string Router::bucket_key(size_t count, std::string_view segment) {
  std::string key = std::to_string(count);
  key += '/';
  key += segment;
  return key;
}

void Router::add(Route route) {
  std::string where = std::string(method_name(route.method)) + " " + route.path;
  if (!route.access) throw std::logic_error("route without access rule (deny by default): " + where);
  if (route.path.empty() || route.path[0] != '/') throw std::logic_error("route path must start with '/': " + where);
  if (!route.handler) throw std::logic_error("route without handler: " + where);
  Compiled c{split_path(route.path), {}};
  for (const auto& p : c.segments) c.parameter.push_back(p.size() > 2 && p.front() == '{' && p.back() == '}');
  for (size_t i = 0; i < routes_.size(); ++i)
    if (routes_[i].method == route.method && compiled_[i].segments == c.segments)
      throw std::logic_error("duplicate route: " + where);
  const size_t n = c.segments.size(), k = key_segment(n), index = routes_.size();
  if (n == 0 || !c.parameter[k]) {
    buckets_[bucket_key(n, n ? std::string_view(c.segments[k]) : std::string_view())].push_back(index);
  } else {
    if (wild_.size() <= n) wild_.resize(n + 1);
    wild_[n].push_back(index);
  }
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

RouteMatch Router::match(Method method, std::string_view path) const {
  // The path's segments as views into `path` (no copies until the winner's parameters are taken).
  std::vector<std::string_view> segs;
  for (size_t i = 0; i < path.size();) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = std::min(path.find('/', i), path.size());
    segs.push_back(path.substr(i, j - i));
    i = j;
  }
  const size_t n = segs.size();
  static const std::vector<size_t> kNone;
  auto bucket = buckets_.find(bucket_key(n, n ? segs[key_segment(n)] : std::string_view()));
  const auto& literal = bucket == buckets_.end() ? kNone : bucket->second;
  const auto& wild = n < wild_.size() ? wild_[n] : kNone;

  RouteMatch best;
  int best_literals = -1;
  std::string allowed;
  auto consider = [&](size_t i) {
    const Compiled& c = compiled_[i];
    int literals = 0;
    for (size_t k = 0; k < n; ++k) {
      if (c.parameter[k]) {
        if (segs[k].empty()) return;
      } else if (c.segments[k] == segs[k]) {
        ++literals;
      } else {
        return;
      }
    }
    Method m = routes_[i].method;
    if (m != method && !(method == Method::head && m == Method::get)) {
      if (allowed.find(method_name(m)) == std::string::npos) {
        if (!allowed.empty()) allowed += ", ";
        allowed += method_name(m);
      }
      return;
    }
    if (literals > best_literals) {  // literal segments beat parameters: /workers/me before /workers/{id}
      best_literals = literals;
      best.kind = RouteMatch::Kind::found;
      best.route = &routes_[i];
      best.index = i;
    }
  };
  // Both lists in declaration order, merged, so ties go to the route declared first as they always have.
  for (size_t a = 0, b = 0; a < literal.size() || b < wild.size();)
    consider(b == wild.size() || (a < literal.size() && literal[a] < wild[b]) ? literal[a++] : wild[b++]);
  if (best.kind == RouteMatch::Kind::found) {
    const Compiled& c = compiled_[best.index];
    for (size_t k = 0; k < n; ++k)
      if (c.parameter[k]) best.params[c.segments[k].substr(1, c.segments[k].size() - 2)] = std::string(segs[k]);
  } else if (!allowed.empty()) {
    best.kind = RouteMatch::Kind::method_not_allowed;
    best.allowed = allowed;
  }
  return best;
}

}  // namespace jz::http
