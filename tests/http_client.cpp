#include "http_client.hpp"

#include "../src/http/beast_pch.hpp"

namespace jz::test {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string HttpResult::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (beast::iequals(k, name)) return v;
  return {};
}

std::vector<std::string> HttpResult::headers_named(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (beast::iequals(k, name)) out.push_back(v);
  return out;
}

boost::json::value HttpResult::json() const { return boost::json::parse(body); }

namespace {
std::string error_member(const std::string& body, const char* name) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  auto* err = v.as_object().if_contains("error");
  if (!err || !err->is_object()) return {};
  auto* m = err->as_object().if_contains(name);
  return m && m->is_string() ? std::string(m->as_string()) : std::string();
}
}  // namespace

std::string HttpResult::error_code() const { return error_member(body, "code"); }
std::string HttpResult::error_field() const { return error_member(body, "field"); }

HttpResult HttpClient::send(const HttpRequest& r) const {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address(host_), static_cast<unsigned short>(port_)));
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(r.method), r.target, 11};
  req.set(bhttp::field::host, host_);
  if (!r.body.empty() || r.method == "POST" || r.method == "PATCH" || r.method == "PUT")
    req.set(bhttp::field::content_type, "application/json");
  for (const auto& [k, v] : r.headers) req.set(k, v);
  if (!r.token.empty()) req.set(bhttp::field::authorization, "Bearer " + r.token);
  req.body() = r.body;
  req.prepare_payload();
  stream.expires_after(std::chrono::seconds(30));
  // A server may refuse a request before reading all of it (413, 431): a failed write is not the end, the
  // answer may be waiting to be read.
  beast::error_code write_ec;
  bhttp::write(stream, req, write_ec);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  if (r.method == "HEAD") parser.skip(true);
  bhttp::read(stream, buffer, parser);
  auto& res = parser.get();
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& h : res) out.headers.emplace_back(std::string(h.name_string()), std::string(h.value()));
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

HttpResult HttpClient::get(const std::string& target, const std::string& token) const {
  HttpRequest r;
  r.target = target;
  r.token = token;
  return send(r);
}

HttpResult HttpClient::post_json(const std::string& target, const std::string& body, const std::string& token) const {
  HttpRequest r;
  r.method = "POST";
  r.target = target;
  r.body = body;
  r.token = token;
  return send(r);
}

std::string HttpClient::send_raw(const std::string& bytes) const {
  asio::io_context ioc;
  tcp::socket sock(ioc);
  sock.connect(tcp::endpoint(asio::ip::make_address(host_), static_cast<unsigned short>(port_)));
  asio::write(sock, asio::buffer(bytes));
  std::string out;
  beast::error_code ec;
  char buf[4096];
  for (;;) {
    size_t n = sock.read_some(asio::buffer(buf), ec);
    if (ec) break;
    out.append(buf, n);
  }
  return out;
}

}  // namespace jz::test
