// SQL behind registry/scope.hpp: the scope-relevant facts of one worker.
#include "registry/scope.hpp"

namespace jz::registry {

std::optional<WorkerRef> load_worker_ref(db::Connection& conn, int64_t id) {
  auto rows = conn.query("SELECT id, prefecture_code, enterprise_id FROM workers WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return WorkerRef{rows[0].get_int(0), rows[0].get_text(1), rows[0].opt_int(2)};
}

}  // namespace jz::registry
