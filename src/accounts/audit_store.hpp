#pragma once
// Reading the audit log (writing is security::write_audit, inside each change's own transaction).
#include <optional>
#include <string>

#include "db/query.hpp"
#include "http/json_struct.hpp"

namespace jz::accounts {

// Filters of the audit list; each is optional. Dates are YYYY-MM-DD (UTC days, `to` inclusive).
struct AuditFilter {
  std::optional<std::string> actor, action, object_type, object_id, from, to;
};

// One audit entry as the audit page shows it.
struct AuditRow {
  int64_t id = 0;
  std::string at;
  std::string actor_username;
  std::string actor_role;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string summary;
  std::string request_id;
  std::string ip;
  bool sensitive = false;
};
BOOST_DESCRIBE_STRUCT(AuditRow, (),
                      (id, at, actor_username, actor_role, action, object_type, object_id, summary, request_id, ip,
                       sensitive))

// Newest first.
db::PageOf<AuditRow> list_audit(db::Connection& conn, const AuditFilter& f, int64_t limit, int64_t offset);

}  // namespace jz::accounts
