#pragma once
// Accounts: users with a role, server-side sessions, login throttling.
#include <algorithm>
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
  std::optional<int64_t> issuer_id;  // health_provider / insurer accounts (issuers table, migration 012)
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
  std::optional<int64_t> issuer_id;  // health_provider / insurer accounts (issuers table, migration 012)
  bool must_change_password = false;  // the password is a one-time password an official handed over
};

struct LoginResult {
  std::string token;
  std::string csrf_token;
  User user;
  int64_t expires_in_s = 0;
};

// Throttling: failures counted over a window, per account and per address.
// Failed logins slow further attempts down instead of locking anyone out: after `free_*` failures in the
// window, each attempt must wait base_delay_s × 2^(failures − free) seconds after the latest failure, at most
// max_delay_s. An attacker guessing from one address, or at one account, gets a few tries a minute; the
// owner typing the right password waits at most max_delay_s, never the whole window.
struct ThrottlePolicy {
  int window_s = 15 * 60;
  int free_per_account = 5;
  int free_per_address = 20;
  int base_delay_s = 1;
  int max_delay_s = 60;
  // Argon2id verifications at once, and callers that may wait for one; past that, login answers 503 busy.
  int password_concurrency = 2;
  int password_queue = 32;
  // Seconds to wait after the latest of `failures` failures (0: no wait).
  int delay_after(int failures, int free) const {
    if (failures < free) return 0;
    int shift = std::min(failures - free, 20);
    return static_cast<int>(std::min<long long>(max_delay_s, static_cast<long long>(base_delay_s) << shift));
  }
};

}  // namespace jz::accounts
