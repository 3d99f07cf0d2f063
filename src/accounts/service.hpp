#pragma once
// Account rules: login with throttling, sessions (cookie or bearer), logout, password change, user
// creation. Implements security::Authenticator for the HTTP dispatcher. No HTTP types beyond Request.
#include <string>

#include "accounts/model.hpp"
#include "db/database.hpp"
#include "http/request.hpp"
#include "security/audit.hpp"
#include "security/authenticator.hpp"
#include "security/password_gate.hpp"

namespace jz::accounts {

class Service final : public security::Authenticator {
 public:
  Service(db::Database& db, int session_hours, ThrottlePolicy throttle = {})
      : db_(db),
        session_hours_(session_hours),
        throttle_(throttle),
        gate_(static_cast<size_t>(throttle.password_concurrency), static_cast<size_t>(throttle.password_queue)) {}

  // Checks throttling, then the password. Every outcome is audited; failures count towards throttling.
  Result<LoginResult> login(const std::string& username, const std::string& password,
                            const security::AuditActor& actor);
  void logout(const security::Principal& p, const security::AuditActor& actor);
  Result<void> change_password(const security::Principal& p, const std::string& current,
                               const std::string& next, const security::AuditActor& actor);
  // Validates role, division and password strength; creates the user. Audited as `actor`.
  Result<User> create_user(const NewUser& u, const security::AuditActor& actor);

  std::optional<security::Principal> authenticate(const security::Credentials& credentials) override;
  std::optional<User> find_user(int64_t id);

 private:
  db::Database& db_;
  int session_hours_;
  ThrottlePolicy throttle_;
  security::PasswordGate gate_;
};

security::Principal to_principal(const User& u);

}  // namespace jz::accounts
