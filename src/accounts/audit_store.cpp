#include "accounts/audit_store.hpp"

namespace jz::accounts {

db::PageOf<AuditRow> list_audit(db::Connection& conn, const AuditFilter& f, int64_t limit, int64_t offset) {
  static const db::Columns cols(
      "id, at, actor_username, actor_role, action, object_type, object_id, summary, request_id, ip, sensitive");
  db::Where w;
  w.add_if("actor_username = ?", f.actor)
      .add_if("action = ?", f.action)
      .add_if("object_type = ?", f.object_type)
      .add_if("object_id = ?", f.object_id)
      .add_if("at >= ?", f.from);
  // `at` is an ISO timestamp of fixed width: the day `to` counts up to its last millisecond.
  if (f.to) w.add("at <= ?", *f.to + "T23:59:59.999Z");
  return db::query_page(conn, "SELECT " + cols.list() + " FROM audit_log" + w.sql(), w.params(), "ORDER BY id DESC",
                        limit, offset, [&](const db::Row& r) {
                          return AuditRow{.id = cols.integer(r, "id"),
                                          .at = cols.text(r, "at"),
                                          .actor_username = cols.text(r, "actor_username"),
                                          .actor_role = cols.text(r, "actor_role"),
                                          .action = cols.text(r, "action"),
                                          .object_type = cols.text(r, "object_type"),
                                          .object_id = cols.text(r, "object_id"),
                                          .summary = cols.text(r, "summary"),
                                          .request_id = cols.text(r, "request_id"),
                                          .ip = cols.text(r, "ip"),
                                          .sensitive = cols.boolean(r, "sensitive")};
                        });
}

}  // namespace jz::accounts
