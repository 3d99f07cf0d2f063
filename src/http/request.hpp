#pragma once
// Plain request/response types shared by the network layer and the modules' routes. No Beast here:
// modules include this header, never Boost.Beast, so they compile fast and stay testable.
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace jz::http {

enum class Method { get, head, post, put, patch, del, options, other };
std::string_view method_name(Method m);
Method parse_method(std::string_view s);

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  Method method = Method::get;
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path
  std::map<std::string, std::string> query;
  Headers headers;
  std::string body;
  std::string remote_ip;  // the client: the peer, or behind a trusted proxy its X-Forwarded-For (client_address.hpp)
  bool https = false;     // the client's connection was HTTPS (X-Forwarded-Proto from a trusted proxy)
  std::string request_id;
  Lang lang = Lang::zh;
  std::map<std::string, std::string> path_params;  // filled by the router

  std::string_view header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::string_view cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool gzip_ok = true;  // the server may compress this body when the client accepts it
  void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// JSON helpers for routes.
Response json_response(const boost::json::value& v, int status = 200);
Response no_content();
Response error_response(const Error& e, Lang lang);
Response text_response(std::string body, std::string content_type, int status = 200);

// Parses the body as a JSON object or returns a bad_json / unsupported_media_type error.
Result<boost::json::object> parse_json_object(const Request& req);

// A positive decimal id ("42"); nullopt for anything else (sign, spaces, zero, more than 18 digits).
std::optional<int64_t> parse_id(std::string_view s);
// The path parameter `name` as an id: one that is not a positive number names nothing (404 not_found).
Result<int64_t> path_id(const Request& req, const std::string& name = "id");

// Field accessors for hand-written request conversion (clients may omit or add fields).
Result<std::string> required_string(const boost::json::object& o, std::string_view key, size_t max_len = 1000);
std::optional<std::string> optional_string(const boost::json::object& o, std::string_view key);
Result<bool> required_bool(const boost::json::object& o, std::string_view key);

// Thrown from deep inside a handler to end the request with this error (e.g. out_of_scope).
class RequestError : public std::exception {
 public:
  explicit RequestError(Error e) : error_(std::move(e)) {}
  const Error& error() const { return error_; }
  const char* what() const noexcept override { return error_.code.c_str(); }

 private:
  Error error_;
};

}  // namespace jz::http
