#pragma once
// Request and response bodies of the accounts routes (login, me, users, signup).
// Declared on the routes (`.request`, `.response`) for the OpenAPI document and the response check
// (http/response_check.hpp); first proposed by scripts/openapi-types.py from real answers.
#include <boost/describe.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::accounts::api {

struct UserBody {
  int64_t id{};
  std::string username;
  std::string role;
  std::string display_name;
  std::optional<std::string> division_code;
  std::optional<std::string> division_name;
  std::optional<bool> must_change_password;
  std::optional<std::string> organization_name;
  std::optional<std::string> worker_name;
};
BOOST_DESCRIBE_STRUCT(UserBody, (),
                      (id, username, role, display_name, division_code, division_name, must_change_password,
                       organization_name, worker_name))

struct MeView {
  UserBody user;
  std::string csrf_token;
};
BOOST_DESCRIBE_STRUCT(MeView, (), (user, csrf_token))

struct AuthLoginInput {
  std::string username;
  std::string password;
};
BOOST_DESCRIBE_STRUCT(AuthLoginInput, (), (username, password))

struct AuthLoginResult {
  std::string token;
  std::string csrf_token;
  int64_t expires_in{};
  UserBody user;
};
BOOST_DESCRIBE_STRUCT(AuthLoginResult, (), (token, csrf_token, expires_in, user))

struct AuthSignupInput {
  std::string phone;
  std::string code;
  std::string password;
  std::optional<std::string> display_name;
};
BOOST_DESCRIBE_STRUCT(AuthSignupInput, (), (phone, code, password, display_name))

struct AuthSignupResult {
  int64_t id{};
  std::string role;
  std::string display_name;
  std::string phone_mask;
};
BOOST_DESCRIBE_STRUCT(AuthSignupResult, (), (id, role, display_name, phone_mask))

struct SignupCodeInput {
  std::string phone;
};
BOOST_DESCRIBE_STRUCT(SignupCodeInput, (), (phone))

struct SignupCodeResult {
  int64_t expires_in{};
  int64_t resend_after{};
};
BOOST_DESCRIBE_STRUCT(SignupCodeResult, (), (expires_in, resend_after))

struct MePasswordInput {
  std::string current_password;
  std::string new_password;
};
BOOST_DESCRIBE_STRUCT(MePasswordInput, (), (current_password, new_password))

struct UserInput {
  std::string username;
  std::string password;
  std::string role;
  std::optional<std::string> display_name;
  std::optional<std::string> division_code;
};
BOOST_DESCRIBE_STRUCT(UserInput, (), (username, password, role, display_name, division_code))

}  // namespace jz::accounts::api
