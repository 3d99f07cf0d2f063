#pragma once
// SQL for accounts: users, sessions, login failures. Only this file and store.cpp know the tables.
#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "db/database.hpp"

namespace jz::accounts {

class Store final {
 public:
  explicit Store(db::Connection& conn) : conn_(conn) {}
  std::optional<User> find_user_by_name(const std::string& username);
  std::optional<User> find_user(int64_t id);
  int64_t insert_user(const NewUser& u, const std::string& password_hash);
  void update_password(int64_t user_id, const std::string& password_hash);

  void insert_session(const std::string& token_hash, int64_t user_id, const std::string& csrf,
                      const std::string& expires_at);
  // The live session's user and CSRF token, or nullopt if unknown, revoked or expired.
  std::optional<std::pair<User, std::string>> find_session(const std::string& token_hash, const std::string& now);
  void revoke_session(const std::string& token_hash, const std::string& now);
  void revoke_user_sessions(int64_t user_id, const std::string& now, const std::string& except_hash);

  int count_failures(const std::string& scope, const std::string& subject, const std::string& since);
  // The oldest failure inside the window (to tell the user when to retry).
  // Accounts whose name is not among `names` (demo-data's guard against seeding a real database).
  int64_t count_users_not_named(const std::vector<std::string>& names);
  // Whose account this is, for the console header: the name of its enterprise (or else its institution), and the
  // name of its worker. Each nullopt when the account has none or the row is gone.
  struct AccountNames {
    std::optional<std::string> organization, worker;
  };
  AccountNames account_names(std::optional<int64_t> enterprise_id, std::optional<int64_t> institution_id,
                             std::optional<int64_t> worker_id);
  // The latest failure's time (ISO UTC), or "" when none.
  std::string latest_failure(const std::string& scope, const std::string& subject, const std::string& since);
  std::string oldest_failure(const std::string& scope, const std::string& subject, const std::string& since);
  void add_failure(const std::string& scope, const std::string& subject, const std::string& at);
  void clear_failures(const std::string& scope, const std::string& subject);

 private:
  db::Connection& conn_;
};

}  // namespace jz::accounts
