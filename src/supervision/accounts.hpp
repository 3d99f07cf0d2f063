#pragma once
// Account management for officials (docs/supervision.md): the province admin manages every account; a city
// officer the accounts of her 市州 with a role below hers (enterprise, institution, worker). List, create with
// a one-time password, disable and enable, reset the password (a new one-time password), change role,
// division and department; the login log of the accounts in scope. A one-time password must be replaced at
// the next login (accounts::User::must_change_password). Every change runs in one transaction with its audit
// entry and ends the account's sessions where it changes what the account may do.
#include <optional>
#include <string>
#include <vector>

#include "accounts/service.hpp"
#include "common/result.hpp"
#include "db/database.hpp"
#include "security/audit.hpp"
#include "security/roles.hpp"

namespace jz::supervision {

struct Account {
  int64_t id = 0;
  std::string username, display_name, role, division_code, department, created_at;
  std::optional<int64_t> enterprise_id, institution_id, worker_id;
  bool disabled = false;
  bool must_change_password = false;
};

struct AccountFilter {
  std::string role, q, prefecture;
  std::optional<bool> disabled;
  int page = 1, page_size = 20;
};

struct AccountInput {  // create or change; empty strings leave a field as it is on change
  std::string username, display_name, role, division_code, department;
  std::optional<int64_t> enterprise_id, institution_id, worker_id;
};

struct LoginEvent {
  std::string at, username, action, ip;
};

struct Issued {  // an account with the one-time password just set (shown once)
  Account account;
  std::string password;
};

class AccountAdmin final {
 public:
  AccountAdmin(db::Database& db, accounts::Service& accounts) : db_(db), accounts_(accounts) {}

  Result<std::vector<Account>> list(const security::Principal& p, const AccountFilter& f, int64_t* total);
  Result<Issued> create(const security::Principal& p, const AccountInput& in, const security::AuditActor& a);
  Result<Account> update(const security::Principal& p, int64_t id, const AccountInput& in,
                         const security::AuditActor& a);
  Result<Account> set_disabled(const security::Principal& p, int64_t id, bool disabled,
                               const security::AuditActor& a);
  Result<Issued> reset_password(const security::Principal& p, int64_t id, const security::AuditActor& a);
  Result<std::vector<LoginEvent>> logins(const security::Principal& p, int page, int page_size, int64_t* total);

  // Whether `p` may manage an account of `role` in `division` (a city officer: roles below hers, her 市州).
  static bool manages(const security::Principal& p, const std::string& role, const std::string& division);

 private:
  Result<void> check_links(db::Connection& conn, const security::Principal& p, const AccountInput& in);
  db::Database& db_;
  accounts::Service& accounts_;
};

}  // namespace jz::supervision
