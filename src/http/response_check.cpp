#include "http/response_check.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#include "http/openapi.hpp"
#include "http/schema_check.hpp"

namespace jz::http {
namespace {

namespace json = boost::json;

std::string line(std::initializer_list<std::string_view> fields) {
  std::string out;
  for (auto f : fields) {
    if (!out.empty()) out += '\t';
    for (char c : f) out += (c == '\t' || c == '\n') ? ' ' : c;
  }
  return out + '\n';
}

bool declares_status(const Route& r, int status) {
  if (status == r.status) return true;
  for (int s : r.also_status)
    if (s == status) return true;
  return false;
}

}  // namespace

std::unique_ptr<ResponseCheck> ResponseCheck::from_env(const Router& router) {
  const char* file = std::getenv(kEnvVar);
  if (!file || !*file) return nullptr;
  const char* samples = std::getenv(kSamplesEnvVar);
  auto check = std::make_unique<ResponseCheck>(file, samples && *samples && *samples != '0');
  check->routes(router);
  return check;
}

void ResponseCheck::routes(const Router& router) const {
  std::string out;
  for (const auto& r : router.routes()) {
    std::string_view kind = r.status == 204       ? "empty"
                            : !r.produces.empty() ? "media"
                            : r.response          ? "schema"
                                                  : "json";
    out += line({"route", method_name(r.method), r.path, kind});
  }
  append(out);
}

void ResponseCheck::check(const Route& route, const Request& req, const Response& resp) const {
  std::string method(method_name(route.method)), status = std::to_string(resp.status);
  std::vector<std::string> problems;
  std::string_view verdict = "other";
  bool is_json = resp.content_type.starts_with("application/json");
  if (resp.status >= 400) {
    // Every refusal, whoever wrote it, is the platform's error body.
    static const json::object kErrorSchema = error_body_schema();
    bool page = route.produces.starts_with("text/html") && resp.content_type.starts_with("text/html");
    if (page) {
      // A page for people (the verify pages) says what went wrong as a page.
    } else if (!is_json) {
      problems.push_back("error answered as " + resp.content_type);
    } else {
      json::error_code ec;
      auto v = json::parse(resp.body, ec);
      if (ec)
        problems.push_back("error body is not JSON");
      else
        check_schema(v, kErrorSchema, {}, "$", problems);
    }
    verdict = "error";
  } else if (!declares_status(route, resp.status)) {
    problems.push_back("status " + status + " is not declared (the route declares " +
                       std::to_string(route.status) + ")");
  } else if (resp.status == 204) {
    if (!resp.body.empty()) problems.push_back("204 with a body");
  } else if (!route.produces.empty()) {
    std::string want = route.produces.substr(0, route.produces.find(';'));
    if (want.ends_with("/*")) want.pop_back();
    if (!resp.content_type.starts_with(want))
      problems.push_back("answered " + resp.content_type + ", declares " + route.produces);
  } else if (!is_json) {
    problems.push_back("answered " + resp.content_type + " but declares a JSON body");
  } else if (route.response) {
    json::error_code ec;
    auto v = json::parse(resp.body, ec);
    if (ec)
      problems.push_back("body is not JSON");
    else
      check_schema(v, *route.response, {}, "$", problems);
    verdict = "checked";
  } else {
    verdict = "undeclared";
  }
  std::string out = line({"seen", method, route.path, status, verdict});
  bool untyped = verdict == "undeclared" || (!route.request && !req.body.empty());
  if (samples_ && resp.status < 400 && untyped && resp.body.size() < 200000 && req.body.size() < 200000)
    out += line({"sample", method, route.path, status, req.body, resp.body});
  for (size_t i = 0; i < problems.size() && i < 5; ++i)
    out += line({"problem", method, route.path, status, problems[i]});
  append(out);
}

void ResponseCheck::append(const std::string& lines) const {
  // One write per call on an O_APPEND descriptor: lines of concurrent requests and of several servers
  // (the tests start more than one) never interleave.
  int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  [[maybe_unused]] auto n = ::write(fd, lines.data(), lines.size());
  ::close(fd);
}

}  // namespace jz::http
