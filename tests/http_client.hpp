#pragma once
// A small synchronous HTTP/1.1 client for the integration tests: real sockets against the real server.
#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace jz::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string& name) const;  // first match, case-insensitive; "" when absent
  std::vector<std::string> headers_named(const std::string& name) const;
  boost::json::value json() const;  // throws on invalid JSON
  std::string error_code() const;   // body.error.code or ""
  std::string error_field() const;  // body.error.field or ""
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  std::map<std::string, std::string> headers;
  std::string token;  // sent as Authorization: Bearer
};

class HttpClient {
 public:
  HttpClient(std::string host, int port) : host_(std::move(host)), port_(port) {}
  HttpResult send(const HttpRequest& req) const;
  HttpResult get(const std::string& target, const std::string& token = "") const;
  HttpResult post_json(const std::string& target, const std::string& body, const std::string& token = "") const;
  // Sends raw bytes and returns whatever the server answers (for malformed requests).
  std::string send_raw(const std::string& bytes) const;
  int port() const { return port_; }

 private:
  std::string host_;
  int port_;
};

}  // namespace jz::test
