#pragma once
// The roles of product.md and the principal a request acts as. One permission model for every module:
// a route names the roles it admits; data scope (a city officer's 市州, an enterprise's own staff, a
// worker herself) is checked by the service against the Principal.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jz::security {

// health_provider (体检机构) and insurer (保险机构) are issuers: organisations registered by officials whose
// word on a health check or an insurance policy counts as independent (credit/provenance.hpp).
enum class Role {
  province_admin,
  department,
  city_officer,
  enterprise,
  institution,
  worker,
  consumer,
  health_provider,
  insurer
};

inline constexpr Role kAllRoles[] = {Role::province_admin, Role::department, Role::city_officer,
                                     Role::enterprise,     Role::institution, Role::worker,
                                     Role::consumer,       Role::health_provider, Role::insurer};

std::string_view role_name(Role r);
std::optional<Role> parse_role(std::string_view name);

// Who is calling. Absent for anonymous requests.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::consumer;
  std::string division_code;  // a city officer's 市州 (4 digits); may be set for other roles too
  std::optional<int64_t> enterprise_id;
  std::optional<int64_t> institution_id;
  std::optional<int64_t> issuer_id;  // a health provider's or insurer's organisation (issuers table)
  std::optional<int64_t> worker_id;
  std::string session_hash;  // the stored hash of the session token (to revoke it)
  std::string csrf_token;
  bool via_cookie = false;  // cookie-authenticated requests need the CSRF header on writes

  bool is_official() const {
    return role == Role::province_admin || role == Role::department || role == Role::city_officer;
  }
  // Province-wide officials see every 市州; a city officer only hers.
  bool sees_whole_province() const { return role == Role::province_admin || role == Role::department; }
  // True when this principal's data scope includes records of division `code` (any level).
  bool scope_includes_division(std::string_view code) const;
};

// Who may call a route. A route without an Access does not start (deny by default).
struct Access {
  bool is_public = false;
  std::vector<Role> roles;  // empty with !is_public means "any logged-in user"

  static Access anyone() { return Access{true, {}}; }
  static Access logged_in() { return Access{false, {}}; }
  static Access only(std::initializer_list<Role> r) { return Access{false, std::vector<Role>(r)}; }
  bool admits(const Principal* p) const;
  std::string describe() const;
};

}  // namespace jz::security
