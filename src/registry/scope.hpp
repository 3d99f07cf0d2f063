#pragma once
// Data scope over workers, the one rule every module applies before it shows or changes a worker's record:
//   province admin, department official  → every worker (departments read; they do not edit registry data)
//   city officer                         → workers whose current division is in her 市州
//   enterprise                           → its own staff (workers.enterprise_id)
//   worker                               → herself
//   institution, consumer, public        → nobody's full record (the public profile is separate)
// Training institutions gain access to their trainees through the training module, by adding to this file.
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "security/roles.hpp"

namespace jz::registry {

struct WorkerRef {
  int64_t id = 0;
  std::string prefecture_code;
  std::optional<int64_t> enterprise_id;
};

[[nodiscard]] bool can_view_worker(const security::Principal& p, const WorkerRef& w);
[[nodiscard]] bool can_edit_worker(const security::Principal& p, const WorkerRef& w);

// A WHERE fragment (starting with " AND ") restricting a query over workers aliased `alias` to the
// principal's scope, with its parameters. `none` is true when the principal sees no worker at all.
struct ScopeFilter {
  std::string sql;
  db::Params params;
  bool none = false;
};
[[nodiscard]] ScopeFilter worker_scope_filter(const security::Principal& p, const std::string& alias = "w");

// True when worker `worker_id` is enrolled in a course of training institution `institution_id` (the training
// module's enrolments): that institution may record her training and awards in her credit file.
[[nodiscard]] bool is_trainee_of(db::Connection& conn, int64_t institution_id, int64_t worker_id);

// The scope-relevant facts of worker `id`, or nullopt when there is no such worker.
std::optional<WorkerRef> load_worker_ref(db::Connection& conn, int64_t id);

}  // namespace jz::registry
