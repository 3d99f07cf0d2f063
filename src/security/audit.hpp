#pragma once
// The audit log: every write (actor, time, action, object, a summary without plaintext personal data) and
// every read of sensitive personal data. Entries are written on the same connection, inside the same
// transaction, as the change they describe, so a rolled-back change leaves no entry and vice versa.
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"

namespace jz::security {

struct AuditActor {
  std::optional<int64_t> user_id;
  std::string username;
  std::string role;
  std::string ip;
  std::string request_id;
};

struct AuditEntry {
  std::string action;       // e.g. "auth.login", "division.update", "worker.view"
  std::string object_type;  // e.g. "division"
  std::string object_id;
  std::string summary;      // no plaintext personal data: masks or field names only
  bool sensitive = false;   // a read or write of sensitive personal data
  std::optional<int64_t> subject_worker_id;  // whose record was viewed (for "who viewed me")
};

void write_audit(db::Connection& conn, const AuditActor& actor, const AuditEntry& entry);

}  // namespace jz::security
