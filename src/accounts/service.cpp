#include "accounts/service.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <optional>

#include "accounts/store.hpp"
#include "common/time.hpp"
#include "reference/store.hpp"
#include "security/password.hpp"
#include "security/random.hpp"

namespace jz::accounts {
namespace {

std::string utc_in(std::chrono::seconds delta) { return format_utc(Clock::now() + delta); }

// A dummy hash verified when the user does not exist, so both paths take the same time.
const std::string& dummy_hash() {
  static const std::string h = security::hash_password("not-a-real-password-0");
  return h;
}

// "2026-11-29T09:00:00.123Z" (format_utc) → a time point; nullopt for anything else.
std::optional<Clock::time_point> parse_utc(const std::string& s) {
  if (s.size() < 19) return std::nullopt;
  std::tm tm{};
  if (!strptime(s.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return std::nullopt;
  auto t = Clock::from_time_t(timegm(&tm));
  if (s.size() >= 23 && s[19] == '.') t += std::chrono::milliseconds(std::atoi(s.substr(20, 3).c_str()));
  return t;
}

}  // namespace

security::Principal to_principal(const User& u) {
  security::Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.display_name = u.display_name;
  p.role = u.role;
  p.division_code = u.division_code;
  p.enterprise_id = u.enterprise_id;
  p.institution_id = u.institution_id;
  p.worker_id = u.worker_id;
  p.issuer_id = u.issuer_id;
  return p;
}

Result<LoginResult> Service::login(const std::string& username, const std::string& password,
                                   const security::AuditActor& actor_in) {
  security::AuditActor actor = actor_in;
  actor.username = username.substr(0, 64);
  std::string since = utc_in(std::chrono::seconds(-throttle_.window_s));
  {
    auto conn = db_.acquire();
    Store store(*conn);
    // Progressive delay (model.hpp): the wait still owed after the latest failure, per account and per address.
    auto owed = [&](const char* scope, const std::string& subject, int free) -> double {
      int delay = throttle_.delay_after(store.count_failures(scope, subject, since), free);
      if (delay == 0) return 0;
      auto latest = parse_utc(store.latest_failure(scope, subject, since));
      if (!latest) return 0;
      return std::chrono::duration<double>(*latest + std::chrono::seconds(delay) - Clock::now()).count();
    };
    double wait = owed("user", username, throttle_.free_per_account);
    if (!actor.ip.empty()) wait = std::max(wait, owed("ip", actor.ip, throttle_.free_per_address));
    if (wait > 0) {
      security::write_audit(*conn, actor, {"auth.login_throttled", "user", "", "too many failed logins"});
      return make_error("too_many_attempts", "", std::to_string(static_cast<int>(std::ceil(wait))));
    }
  }

  std::optional<User> user;
  {
    auto conn = db_.acquire();
    user = Store(*conn).find_user_by_name(username);
  }
  // Argon2 runs outside any transaction (it must not hold a connection) and through the gate: a login flood
  // waits for a few slots or is told the server is busy, instead of taking every worker and its memory.
  auto verified = gate_.run(
      [&] { return security::verify_password(user ? user->password_hash : dummy_hash(), password) && user; });
  if (!verified) return make_error("busy");
  bool ok = *verified;
  auto conn = db_.acquire();
  Store store(*conn);
  db::Transaction tx(*conn, true);
  if (!ok) {
    std::string now = now_utc();
    store.add_failure("user", username, now);
    if (!actor.ip.empty()) store.add_failure("ip", actor.ip, now);
    security::write_audit(*conn, actor, {"auth.login_failed", "user", user ? std::to_string(user->id) : "", ""});
    tx.commit();
    return make_error("invalid_credentials");
  }
  if (user->disabled) {
    tx.commit();
    return make_error("account_disabled");
  }
  if (security::password_needs_rehash(user->password_hash))
    store.update_password(user->id, security::hash_password(password));
  LoginResult out;
  out.token = security::random_token(32);
  out.csrf_token = security::random_token(24);
  out.expires_in_s = int64_t{session_hours_} * 3600;
  store.insert_session(security::token_hash(out.token), user->id, out.csrf_token,
                       utc_in(std::chrono::hours(session_hours_)));
  store.clear_failures("user", username);
  actor.user_id = user->id;
  actor.role = std::string(security::role_name(user->role));
  security::write_audit(*conn, actor, {"auth.login", "user", std::to_string(user->id), ""});
  tx.commit();
  out.user = std::move(*user);
  out.user.password_hash.clear();
  return out;
}

void Service::logout(const security::Principal& p, const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store(*conn).revoke_session(p.session_hash, now_utc());
  security::write_audit(*conn, actor, {"auth.logout", "user", std::to_string(p.user_id), ""});
  tx.commit();
}

Result<void> Service::change_password(const security::Principal& p, const std::string& current,
                                      const std::string& next, const security::AuditActor& actor) {
  std::optional<User> user;
  {
    auto conn = db_.acquire();
    user = Store(*conn).find_user(p.user_id);
  }
  if (!user) return make_error("unauthenticated");
  if (!security::verify_password(user->password_hash, current)) return make_error("wrong_password", "current_password");
  if (auto r = security::check_password_strength(next); !r)
    return make_error("weak_password", "new_password", r.error().detail);
  std::string hash = security::hash_password(next);
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  store.update_password(p.user_id, hash);
  // Other sessions of this account end: whoever knew the old password is logged out.
  store.revoke_user_sessions(p.user_id, now_utc(), p.session_hash);
  security::write_audit(*conn, actor, {"user.password_change", "user", std::to_string(p.user_id), ""});
  tx.commit();
  return {};
}

Result<User> Service::create_user(const NewUser& u, const security::AuditActor& actor) {
  if (u.username.size() < 2 || u.username.size() > 64) return make_error("invalid_field", "username", "2-64 characters");
  for (unsigned char c : u.username)
    if (!std::isalnum(c) && c != '_' && c != '-' && c != '.')
      return make_error("invalid_field", "username", "letters, digits, _ - .");
  if (auto r = security::check_password_strength(u.password); !r)
    return make_error("weak_password", "password", r.error().detail);
  if (u.role == security::Role::city_officer && u.division_code.size() != 4)
    return make_error("division_required", "division_code");
  std::string hash = security::hash_password(u.password);
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  if (!u.division_code.empty()) {
    if (!reference::store::find_division(*conn, u.division_code))
      return make_error("unknown_division", "division_code", u.division_code);
  }
  if (store.find_user_by_name(u.username)) return make_error("username_taken", "username");
  int64_t id = store.insert_user(u, hash);
  security::write_audit(*conn, actor,
                        {"user.create", "user", std::to_string(id), fmt::format("role={}", security::role_name(u.role))});
  tx.commit();
  auto created = store.find_user(id);
  created->password_hash.clear();
  return *created;
}

std::optional<security::Principal> Service::authenticate(const security::Credentials& credentials) {
  const std::string& token = credentials.token;
  bool via_cookie = credentials.via_cookie;
  if (token.empty() || token.size() > 200) return std::nullopt;
  std::string hash = security::token_hash(token);
  auto conn = db_.acquire();
  auto found = Store(*conn).find_session(hash, now_utc());
  if (!found || found->first.disabled) return std::nullopt;
  // A one-time password must be replaced first: only who-am-I, the password change and logout answer.
  if (found->first.must_change_password && credentials.path != "/api/v1/me" &&
      credentials.path != "/api/v1/me/password" && credentials.path != "/api/v1/auth/logout")
    return std::nullopt;
  security::Principal p = to_principal(found->first);
  p.session_hash = hash;
  p.csrf_token = found->second;
  p.via_cookie = via_cookie;
  return p;
}

std::optional<User> Service::find_user(int64_t id) {
  auto conn = db_.acquire();
  return Store(*conn).find_user(id);
}

}  // namespace jz::accounts
