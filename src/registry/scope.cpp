#include "registry/scope.hpp"

#include <atomic>

#include "registry/trainee_check.hpp"

namespace jz::registry {

using security::Role;

bool can_view_worker(const security::Principal& p, const WorkerRef& w) {
  switch (p.role) {
    case Role::province_admin:
    case Role::department: return true;
    case Role::city_officer: return !p.division_code.empty() && w.prefecture_code == p.division_code;
    case Role::enterprise: return p.enterprise_id && w.enterprise_id && *p.enterprise_id == *w.enterprise_id;
    case Role::worker: return p.worker_id && *p.worker_id == w.id;
    case Role::institution:
    case Role::consumer:
    case Role::health_provider:
    case Role::insurer: return false;
  }
  return false;
}

bool can_edit_worker(const security::Principal& p, const WorkerRef& w) {
  if (p.role == Role::department) return false;
  return can_view_worker(p, w);
}

ScopeFilter worker_scope_filter(const security::Principal& p, const std::string& alias) {
  ScopeFilter f;
  switch (p.role) {
    case Role::province_admin:
    case Role::department: break;
    case Role::city_officer:
      f.sql = " AND " + alias + ".prefecture_code = ?";
      f.params.emplace_back(p.division_code);
      f.none = p.division_code.empty();
      break;
    case Role::enterprise:
      f.sql = " AND " + alias + ".enterprise_id = ?";
      f.params.emplace_back(p.enterprise_id.value_or(-1));
      f.none = !p.enterprise_id;
      break;
    case Role::worker:
      f.sql = " AND " + alias + ".id = ?";
      f.params.emplace_back(p.worker_id.value_or(-1));
      f.none = !p.worker_id;
      break;
    case Role::institution:
    case Role::consumer:
    case Role::health_provider:
    case Role::insurer:
      f.sql = " AND 1 = 0";
      f.none = true;
      break;
  }
  return f;
}

namespace {
std::atomic<TraineeCheck> trainee_check{nullptr};
}  // namespace

void set_trainee_check(TraineeCheck check) { trainee_check.store(check); }

bool is_trainee_of(db::Connection& conn, int64_t institution_id, int64_t worker_id) {
  TraineeCheck check = trainee_check.load();
  return check && check(conn, institution_id, worker_id);
}

}  // namespace jz::registry
