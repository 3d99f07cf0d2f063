#include "http/request.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "common/error_catalog.hpp"

namespace jz::http {

std::string_view method_name(Method m) {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::options: return "OPTIONS";
    case Method::other: return "OTHER";
  }
  return "OTHER";
}

Method parse_method(std::string_view s) {
  if (s == "GET") return Method::get;
  if (s == "HEAD") return Method::head;
  if (s == "POST") return Method::post;
  if (s == "PUT") return Method::put;
  if (s == "PATCH") return Method::patch;
  if (s == "DELETE") return Method::del;
  if (s == "OPTIONS") return Method::options;
  return Method::other;
}

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int ca = std::tolower(static_cast<unsigned char>(a[i])), cb = std::tolower(static_cast<unsigned char>(b[i]));
    if (ca != cb) return ca < cb;
  }
  return a.size() < b.size();
}

std::string_view Request::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view{} : std::string_view(it->second);
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string_view Request::cookie(std::string_view name) const {
  std::string_view all = header("Cookie");
  while (!all.empty()) {
    size_t semi = all.find(';');
    std::string_view item = all.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    size_t eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) return item.substr(eq + 1);
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return {};
}

Response json_response(const boost::json::value& v, int status) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response error_response(const Error& e, Lang lang) {
  boost::json::object err{{"code", e.code}, {"message", error_message(e, lang)}};
  err["field"] = e.field.empty() ? boost::json::value(nullptr) : boost::json::value(e.field);
  return json_response(boost::json::object{{"error", std::move(err)}}, error_spec(e.code).http_status);
}

Response text_response(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

Result<boost::json::object> parse_json_object(const Request& req) {
  std::string_view ct = req.header("Content-Type");
  if (!ct.empty() && ct.find("application/json") == std::string_view::npos)
    return make_error("unsupported_media_type");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec);
  if (ec) return make_error("bad_json", "", ec.message());
  if (!v.is_object()) return make_error("bad_json", "", "expected an object");
  return std::move(v.as_object());
}

Result<std::string> required_string(const boost::json::object& o, std::string_view key, size_t max_len) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return make_error("missing_field", std::string(key));
  if (!it->value().is_string()) return make_error("invalid_field", std::string(key), "string expected");
  const auto& s = it->value().as_string();
  if (s.empty()) return make_error("missing_field", std::string(key));
  if (s.size() > max_len) return make_error("invalid_field", std::string(key), "too long");
  return std::string(s);
}

std::optional<std::string> optional_string(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

Result<bool> required_bool(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return make_error("missing_field", std::string(key));
  if (!it->value().is_bool()) return make_error("invalid_field", std::string(key), "true or false expected");
  return it->value().as_bool();
}

std::optional<int64_t> parse_id(std::string_view s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v > 0 ? std::optional<int64_t>(v) : std::nullopt;
}

Result<int64_t> path_id(const Request& req, const std::string& name) {
  auto it = req.path_params.find(name);
  if (it == req.path_params.end()) return make_error("not_found", name);
  auto id = parse_id(it->second);
  if (!id) return make_error("not_found", name);
  return *id;
}

}  // namespace jz::http
