#include "supervision/accounts.hpp"
#include "supervision/measures.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/time.hpp"
#include "security/password.hpp"
#include "security/random.hpp"
#include "supervision/store.hpp"

namespace jz::supervision {
namespace {

// The roles below a city officer's: the accounts she may manage in her 市州.
const std::vector<std::string> kCityRoles = {"enterprise", "institution", "worker"};

std::string prefecture_of(const security::Principal& p) {
  return p.division_code.substr(0, std::min<size_t>(4, p.division_code.size()));
}

// A one-time password: letters and digits (the strength rule wants both), 14 characters.
std::string one_time_password() {
  return "Jz" + security::random_digits(4) + security::random_token(6);
}

}  // namespace

bool AccountAdmin::manages(const security::Principal& p, const std::string& role, const std::string& division) {
  if (p.role == security::Role::province_admin) return true;
  if (p.role != security::Role::city_officer) return false;
  std::string mine = prefecture_of(p);
  return mine.size() == 4 && std::find(kCityRoles.begin(), kCityRoles.end(), role) != kCityRoles.end() &&
         division.rfind(mine, 0) == 0;
}

Result<std::vector<Account>> AccountAdmin::list(const security::Principal& p, const AccountFilter& f,
                                                int64_t* total) {
  if (p.role != security::Role::province_admin && p.role != security::Role::city_officer)
    return make_error("forbidden");
  auto conn = db_.acquire();
  if (p.role == security::Role::province_admin) return store::accounts(*conn, f, "", {}, total);
  return store::accounts(*conn, f, prefecture_of(p), kCityRoles, total);
}

Result<void> AccountAdmin::check_links(db::Connection& conn, const security::Principal& p, const AccountInput& in) {
  const std::pair<const std::optional<int64_t>*, const char*> links[] = {
      {&in.enterprise_id, "enterprises"}, {&in.institution_id, "institutions"}, {&in.worker_id, "workers"}};
  const char* fields[] = {"enterprise_id", "institution_id", "worker_id"};
  for (size_t i = 0; i < 3; ++i) {
    if (!*links[i].first) continue;
    auto pref = store::prefecture_of(conn, links[i].second, **links[i].first);
    if (!pref) return make_error("not_found", fields[i]);
    if (p.role == security::Role::city_officer && *pref != prefecture_of(p)) return make_error("out_of_scope", fields[i]);
  }
  return {};
}

Result<Issued> AccountAdmin::create(const security::Principal& p, const AccountInput& in,
                                    const security::AuditActor& a) {
  auto role = security::parse_role(in.role);
  if (!role) return make_error("invalid_role", "role", in.role);
  if (!manages(p, in.role, in.division_code)) return make_error("out_of_scope", "role");
  // A department official is one of the plan's departments (measures.hpp): her identity on the task board.
  if (*role == security::Role::department && !is_department(in.department))
    return make_error("invalid_field", "department", "one of the plan's departments");
  {
    auto conn = db_.acquire();
    if (auto r = check_links(*conn, p, in); !r) return r.error();
  }
  accounts::NewUser u;
  u.username = in.username;
  u.display_name = in.display_name;
  u.role = *role;
  u.division_code = in.division_code;
  u.department = in.department;
  u.enterprise_id = in.enterprise_id;
  u.institution_id = in.institution_id;
  u.worker_id = in.worker_id;
  u.must_change_password = true;
  u.password = one_time_password();
  auto created = accounts_.create_user(u, a);  // validates, writes and audits in one transaction
  if (!created) return created.error();
  auto conn = db_.acquire();
  return Issued{*store::account(*conn, created->id), u.password};
}

Result<Account> AccountAdmin::update(const security::Principal& p, int64_t id, const AccountInput& in,
                                     const security::AuditActor& a) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto acc = store::account(*conn, id);
  if (!acc || !manages(p, acc->role, acc->division_code)) return make_error("not_found");
  if (id == p.user_id) return make_error("own_account");
  std::string role = in.role.empty() ? acc->role : in.role;
  std::string division = in.division_code.empty() ? acc->division_code : in.division_code;
  std::string department = in.department.empty() ? acc->department : in.department;
  if (!security::parse_role(role)) return make_error("invalid_role", "role", role);
  if (!manages(p, role, division)) return make_error("out_of_scope", "division_code");
  if (role == "department" && !is_department(department))
    return make_error("invalid_field", "department", "one of the plan's departments");
  if (role == "city_officer" && division.size() != 4) return make_error("division_required", "division_code");
  if (!division.empty() && !store::division_exists(*conn, division))
    return make_error("unknown_division", "division_code", division);
  std::string now = now_utc();
  store::update_account(*conn, id, role, division, department);
  store::end_sessions(*conn, id, now);  // what the account may do has changed
  security::write_audit(*conn, a,
                        {"user.update", "user", std::to_string(id),
                         fmt::format("role={} division={} department={}", role, division, department)});
  auto out = store::account(*conn, id);
  tx.commit();
  return *out;
}

Result<Account> AccountAdmin::set_disabled(const security::Principal& p, int64_t id, bool disabled,
                                           const security::AuditActor& a) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto acc = store::account(*conn, id);
  if (!acc || !manages(p, acc->role, acc->division_code)) return make_error("not_found");
  if (id == p.user_id) return make_error("own_account");
  if (!store::set_disabled(*conn, id, disabled)) return make_error("already_in_state", "", disabled ? "disabled" : "enabled");
  if (disabled) store::end_sessions(*conn, id, now_utc());
  security::write_audit(*conn, a, {disabled ? "user.disable" : "user.enable", "user", std::to_string(id), ""});
  auto out = store::account(*conn, id);
  tx.commit();
  return *out;
}

Result<Issued> AccountAdmin::reset_password(const security::Principal& p, int64_t id, const security::AuditActor& a) {
  std::string password = one_time_password();
  std::string hash = security::hash_password(password);  // Argon2 outside the transaction
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto acc = store::account(*conn, id);
  if (!acc || !manages(p, acc->role, acc->division_code)) return make_error("not_found");
  if (id == p.user_id) return make_error("own_account");
  std::string now = now_utc();
  store::set_one_time_password(*conn, id, hash, now);
  store::end_sessions(*conn, id, now);
  security::write_audit(*conn, a, {"user.password_reset", "user", std::to_string(id), ""});
  auto out = store::account(*conn, id);
  tx.commit();
  return Issued{*out, password};
}

Result<std::vector<LoginEvent>> AccountAdmin::logins(const security::Principal& p, int page, int page_size,
                                                     int64_t* total) {
  if (p.role != security::Role::province_admin && p.role != security::Role::city_officer)
    return make_error("forbidden");
  auto conn = db_.acquire();
  auto rows = store::logins(*conn, p.role == security::Role::province_admin ? "" : prefecture_of(p), kCityRoles,
                            page_size, (page - 1) * page_size, total);
  // The address is shown without its last part (personal data kept to what the log needs).
  for (auto& e : rows) {
    auto dot = e.ip.find_last_of(".:");
    if (dot != std::string::npos) e.ip = e.ip.substr(0, dot + 1) + "*";
  }
  return rows;
}

}  // namespace jz::supervision
