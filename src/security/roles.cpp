#include "security/roles.hpp"

#include <algorithm>

namespace jz::security {

std::string_view role_name(Role r) {
  switch (r) {
    case Role::province_admin: return "province_admin";
    case Role::department: return "department";
    case Role::city_officer: return "city_officer";
    case Role::enterprise: return "enterprise";
    case Role::institution: return "institution";
    case Role::worker: return "worker";
    case Role::consumer: return "consumer";
    case Role::health_provider: return "health_provider";
    case Role::insurer: return "insurer";
  }
  return "consumer";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles)
    if (role_name(r) == name) return r;
  return std::nullopt;
}

bool Principal::scope_includes_division(std::string_view code) const {
  if (sees_whole_province()) return true;
  if (role != Role::city_officer || division_code.empty()) return false;
  return code.substr(0, division_code.size()) == division_code;
}

bool Access::admits(const Principal* p) const {
  if (is_public) return true;
  if (!p) return false;
  if (roles.empty()) return true;
  return std::find(roles.begin(), roles.end(), p->role) != roles.end();
}

std::string Access::describe() const {
  if (is_public) return "public";
  if (roles.empty()) return "any logged-in user";
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ", ";
    out += role_name(r);
  }
  return out;
}

}  // namespace jz::security
