#include "security/audit.hpp"

#include "common/time.hpp"

namespace jz::security {

// The store of audit_log's writes: its one INSERT (accounts/audit_store.cpp reads the log).
void write_audit(db::Connection& conn, const AuditActor& actor, const AuditEntry& e) {
  conn.exec(
      "INSERT INTO audit_log (at, request_id, actor_user_id, actor_username, actor_role, action, object_type, "
      "object_id, summary, ip, sensitive, subject_worker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {now_utc(), actor.request_id,
       actor.user_id ? db::Value(*actor.user_id) : db::Value(nullptr), actor.username, actor.role, e.action,
       e.object_type, e.object_id, e.summary, actor.ip, int64_t{e.sensitive ? 1 : 0},
       e.subject_worker_id ? db::Value(*e.subject_worker_id) : db::Value(nullptr)});
}

}  // namespace jz::security
