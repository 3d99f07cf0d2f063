#pragma once
// The response check: when the server runs with JZ_CHECK_RESPONSES=<file> (the integration tests set it), the
// dispatcher checks every answer of a route against what the route declares for the OpenAPI document —
// the success status, the content type, the response schema, the error body — and appends to <file> one
// line per route at start and one per answer:
//   route\tGET\t/api/v1/x\t<schema|json|media|empty>        what the route declares
//   seen\tGET\t/api/v1/x\t200\t<checked|undeclared|other>   an answer, and whether a schema judged it
//   problem\tGET\t/api/v1/x\t200\t<what is wrong>
// With JZ_CHECK_SAMPLES=1 as well, a successful answer of a route without a schema adds
//   sample\tGET\t/api/v1/x\t200\t<request body>\t<response body>
// (or of a route without a request schema) from which scripts/openapi-types.py proposes the described structs
// to declare. tests/openapi_api_test.cpp reads the file when the suite ends: a problem fails it, and it
// prints which routes declare a schema and which of them the suites exercised.
#include <memory>
#include <string>

#include "http/router.hpp"

namespace jz::http {

class ResponseCheck final {
 public:
  static constexpr const char* kEnvVar = "JZ_CHECK_RESPONSES";
  static constexpr const char* kSamplesEnvVar = "JZ_CHECK_SAMPLES";
  // nullptr unless JZ_CHECK_RESPONSES names a file; else writes the route lines of `router`.
  static std::unique_ptr<ResponseCheck> from_env(const Router& router);
  explicit ResponseCheck(std::string file, bool samples = false)
      : file_(std::move(file)), samples_(samples) {}
  void routes(const Router& router) const;
  // Checks one answer of `route` and appends its lines.
  void check(const Route& route, const Request& req, const Response& resp) const;

 private:
  void append(const std::string& lines) const;
  std::string file_;
  bool samples_ = false;
};

}  // namespace jz::http
