#include "accounts/signup_store.hpp"

namespace jz::accounts::signup_store {

int count_codes(db::Connection& conn, const std::string& phone_bidx, const std::string& since) {
  return static_cast<int>(
      conn.query("SELECT COUNT(*) FROM signup_codes WHERE phone_bidx = ? AND created_at >= ?", {phone_bidx, since})[0]
          .get_int(0));
}

std::string newest_code_at(db::Connection& conn, const std::string& phone_bidx) {
  auto rows = conn.query("SELECT MAX(created_at) FROM signup_codes WHERE phone_bidx = ?", {phone_bidx});
  return rows.empty() ? std::string() : rows[0].get_text(0);
}

int count_codes_from_ip(db::Connection& conn, const std::string& ip, const std::string& since) {
  return static_cast<int>(
      conn.query("SELECT COUNT(*) FROM signup_codes WHERE ip = ? AND created_at >= ?", {ip, since})[0].get_int(0));
}

void insert_code(db::Connection& conn, const std::string& phone_bidx, const std::string& code_hash,
                 const std::string& ip, const std::string& now, const std::string& expires_at) {
  conn.exec("INSERT INTO signup_codes (phone_bidx, code_hash, ip, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            {phone_bidx, code_hash, ip, now, expires_at});
}

std::optional<Code> newest_unused_code(db::Connection& conn, const std::string& phone_bidx) {
  auto rows = conn.query(
      "SELECT id, code_hash, expires_at, attempts FROM signup_codes WHERE phone_bidx = ? AND used_at IS NULL "
      "ORDER BY created_at DESC, id DESC LIMIT 1",
      {phone_bidx});
  if (rows.empty()) return std::nullopt;
  return Code{rows[0].get_int(0), rows[0].get_text(1), rows[0].get_text(2), static_cast<int>(rows[0].get_int(3))};
}

void count_wrong_guess(db::Connection& conn, int64_t code_id) {
  conn.exec("UPDATE signup_codes SET attempts = attempts + 1 WHERE id = ?", {code_id});
}

bool use_code(db::Connection& conn, int64_t code_id, const std::string& now) {
  return conn.exec("UPDATE signup_codes SET used_at = ? WHERE id = ? AND used_at IS NULL", {now, code_id}) == 1;
}

void set_user_phone(db::Connection& conn, int64_t user_id, const db::Blob& phone_enc, const std::string& mask) {
  conn.exec("UPDATE users SET phone_enc = ?, phone_mask = ? WHERE id = ?", {phone_enc, mask, user_id});
}

}  // namespace jz::accounts::signup_store
