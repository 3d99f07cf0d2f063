#include "accounts/store.hpp"

#include "db/query.hpp"

#include "common/time.hpp"

namespace jz::accounts {
namespace {

constexpr const char* kUserColumns =
    "u.id, u.username, u.password_hash, u.role, u.division_code, u.display_name, u.department, u.enterprise_id, "
    "u.institution_id, u.worker_id, u.disabled, u.created_at, u.issuer_id, u.password_reset_at, u.password_changed_at";

User read_user(const db::Row& r, size_t o = 0) {
  User u;
  u.id = r.get_int(o + 0);
  u.username = r.get_text(o + 1);
  u.password_hash = r.get_text(o + 2);
  u.role = security::parse_role(r.get_text(o + 3)).value_or(security::Role::consumer);
  u.division_code = r.get_text(o + 4);
  u.display_name = r.get_text(o + 5);
  u.department = r.get_text(o + 6);
  u.enterprise_id = r.opt_int(o + 7);
  u.institution_id = r.opt_int(o + 8);
  u.worker_id = r.opt_int(o + 9);
  u.disabled = r.get_bool(o + 10);
  u.created_at = r.get_text(o + 11);
  u.issuer_id = r.opt_int(o + 12);
  // A one-time password set by an official (password_reset_at) stays in force until the user changes it.
  u.must_change_password = !r.is_null(o + 13) && r.get_text(o + 14) <= r.get_text(o + 13);
  return u;
}

using db::opt;
using db::opt_text;

}  // namespace

std::optional<User> Store::find_user_by_name(const std::string& username) {
  auto rows = conn_.query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.username = ?", {username});
  if (rows.empty()) return std::nullopt;
  return read_user(rows[0]);
}

std::optional<User> Store::find_user(int64_t id) {
  auto rows = conn_.query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return read_user(rows[0]);
}

int64_t Store::insert_user(const NewUser& u, const std::string& password_hash) {
  return conn_.insert(
      "INSERT INTO users (username, password_hash, role, division_code, display_name, department, enterprise_id, "
      "institution_id, worker_id, created_at, password_changed_at, issuer_id, password_reset_at) VALUES (?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?)",
      {u.username, password_hash, std::string(security::role_name(u.role)), opt_text(u.division_code),
       u.display_name, opt_text(u.department), opt(u.enterprise_id), opt(u.institution_id), opt(u.worker_id),
       now_utc(), now_utc(), opt(u.issuer_id), u.must_change_password ? db::Value(now_utc()) : db::Value(nullptr)});
}

void Store::update_password(int64_t user_id, const std::string& password_hash) {
  conn_.exec("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
             {password_hash, now_utc(), user_id});
}

void Store::insert_session(const std::string& token_hash, int64_t user_id, const std::string& csrf,
                           const std::string& expires_at) {
  conn_.exec("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
             {token_hash, user_id, csrf, now_utc(), expires_at});
}

std::optional<std::pair<User, std::string>> Store::find_session(const std::string& token_hash,
                                                                const std::string& now) {
  auto rows = conn_.query(std::string("SELECT s.csrf_token, ") + kUserColumns +
                              " FROM sessions s JOIN users u ON u.id = s.user_id "
                              "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?",
                          {token_hash, now});
  if (rows.empty()) return std::nullopt;
  return std::make_pair(read_user(rows[0], 1), rows[0].get_text(0));
}

void Store::revoke_session(const std::string& token_hash, const std::string& now) {
  conn_.exec("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", {now, token_hash});
}

void Store::revoke_user_sessions(int64_t user_id, const std::string& now, const std::string& except_hash) {
  conn_.exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND token_hash <> ? AND revoked_at IS NULL",
             {now, user_id, except_hash});
}

int Store::count_failures(const std::string& scope, const std::string& subject, const std::string& since) {
  auto rows = conn_.query("SELECT COUNT(*) FROM login_failures WHERE scope = ? AND subject = ? AND at > ?",
                          {scope, subject, since});
  return static_cast<int>(rows[0].get_int(0));
}

Store::AccountNames Store::account_names(std::optional<int64_t> enterprise_id, std::optional<int64_t> institution_id,
                                        std::optional<int64_t> worker_id) {
  auto name_of = [&](const char* sql, int64_t id) -> std::optional<std::string> {
    auto rows = conn_.query(sql, {id});
    if (rows.empty()) return std::nullopt;
    return rows[0].get_text(0);
  };
  AccountNames out;
  if (enterprise_id) out.organization = name_of("SELECT name FROM enterprises WHERE id = ?", *enterprise_id);
  else if (institution_id) out.organization = name_of("SELECT name FROM institutions WHERE id = ?", *institution_id);
  if (worker_id) out.worker = name_of("SELECT name FROM workers WHERE id = ?", *worker_id);
  return out;
}

int64_t Store::count_users_not_named(const std::vector<std::string>& names) {
  // Accounts with no password ('!': demo parties of household services that nobody can log in as) do not count.
  std::string sql = "SELECT COUNT(*) FROM users WHERE password_hash <> '!' AND username NOT IN ('')";
  db::Params params;
  for (const auto& n : names) {
    sql.insert(sql.size() - 1, ", ?");
    params.push_back(n);
  }
  return conn_.query(sql, params)[0].get_int(0);
}

std::string Store::latest_failure(const std::string& scope, const std::string& subject, const std::string& since) {
  auto rows = conn_.query("SELECT MAX(at) FROM login_failures WHERE scope = ? AND subject = ? AND at > ?",
                          {scope, subject, since});
  return rows.empty() || rows[0].is_null(0) ? std::string() : rows[0].get_text(0);
}

std::string Store::oldest_failure(const std::string& scope, const std::string& subject, const std::string& since) {
  auto rows = conn_.query("SELECT MIN(at) FROM login_failures WHERE scope = ? AND subject = ? AND at > ?",
                          {scope, subject, since});
  return rows.empty() ? std::string() : rows[0].get_text(0);
}

void Store::add_failure(const std::string& scope, const std::string& subject, const std::string& at) {
  conn_.exec("INSERT INTO login_failures (scope, subject, at) VALUES (?, ?, ?)", {scope, subject, at});
}

void Store::clear_failures(const std::string& scope, const std::string& subject) {
  conn_.exec("DELETE FROM login_failures WHERE scope = ? AND subject = ?", {scope, subject});
}

}  // namespace jz::accounts
