#pragma once
// SQL of household sign-up: the signup_codes table and the phone columns of users (migration 018).
#include <optional>
#include <string>

#include "db/database.hpp"

namespace jz::accounts::signup_store {

struct Code {
  int64_t id = 0;
  std::string code_hash;
  std::string expires_at;
  int attempts = 0;
};

// Codes sent to this number since `since`, and the time of the newest one ("" when none).
int count_codes(db::Connection& conn, const std::string& phone_bidx, const std::string& since);
std::string newest_code_at(db::Connection& conn, const std::string& phone_bidx);
int count_codes_from_ip(db::Connection& conn, const std::string& ip, const std::string& since);
void insert_code(db::Connection& conn, const std::string& phone_bidx, const std::string& code_hash,
                 const std::string& ip, const std::string& now, const std::string& expires_at);
// The newest unused code of this number, whatever its age or attempts (the caller judges).
std::optional<Code> newest_unused_code(db::Connection& conn, const std::string& phone_bidx);
void count_wrong_guess(db::Connection& conn, int64_t code_id);
// Marks the code used; false when another request used it first.
bool use_code(db::Connection& conn, int64_t code_id, const std::string& now);
void set_user_phone(db::Connection& conn, int64_t user_id, const db::Blob& phone_enc, const std::string& mask);

}  // namespace jz::accounts::signup_store
