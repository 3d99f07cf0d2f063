#pragma once
// Request and response bodies of the reference routes that have no row type of their own (validate).
// Declared on the routes (`.request`, `.response`) for the OpenAPI document and the response check
// (http/response_check.hpp); first proposed by scripts/openapi-types.py from real answers.
#include <boost/describe.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::reference::api {

struct ValidateInput {
  std::string kind;
  std::string value;
};
BOOST_DESCRIBE_STRUCT(ValidateInput, (), (kind, value))

struct ValidateResultDerived {
  std::optional<std::string> normalized;
  std::optional<std::string> birth_date;
  std::optional<std::string> gender;
  std::optional<std::string> division_code;
  std::optional<std::string> division_name;
  std::optional<bool> upgraded_from_15;
  std::optional<bool> checksum_ok;
};
BOOST_DESCRIBE_STRUCT(ValidateResultDerived, (),
                      (normalized, birth_date, gender, division_code, division_name, upgraded_from_15,
                       checksum_ok))

struct ValidateResult {
  bool valid{};
  std::string reason;
  ValidateResultDerived derived;
};
BOOST_DESCRIBE_STRUCT(ValidateResult, (), (valid, reason, derived))

}  // namespace jz::reference::api
