#pragma once
// Accounts: users with a role, server-side sessions, login throttling.
#include <cstdint>
#include <optional>
#include <string>

#include "security/roles.hpp"

namespace jz::accounts {

struct User {
  int64_t id = 0;
  std::string username;
  std::string password_hash;
  security::Role role = security::Role::consumer;
  std::string division_code;
  std::string display_name;
  std::string department;
  std::optional<int64_t> enterprise_id, institution_id, worker_id;
  bool disabled = false;
  std::string created_at;
  // Set by an official (created with, or reset to, a one-time password) and not changed since: every request
  // but /me, /me/password and logout is refused until the user sets her own (docs/supervision.md).
  bool must_change_password = false;
};

struct NewUser {
  std::string username;
  std::string password;
  security::Role role = security::Role::consumer;
  std::string division_code;  // required for city_officer (a 市州 code)
  std::string display_name;
  std::string department;
  std::optional<int64_t> enterprise_id, institution_id, worker_id;
  bool must_change_password = false;  // the password is a one-time password an official handed over
};

struct LoginResult {
  std::string token;
  std::string csrf_token;
  User user;
  int64_t expires_in_s = 0;
};

// Throttling: failures counted over a window, per account and per address.
struct ThrottlePolicy {
  int window_s = 15 * 60;
  int max_per_account = 5;
  int max_per_address = 20;
};

}  // namespace jz::accounts
