#pragma once
// `jiazheng backup --to FILE` and `jiazheng restore --from FILE` for SQLite, with SQLite's online backup
// API: the copy is one consistent snapshot taken under a read transaction (WAL: the server keeps writing
// meanwhile), written to FILE.part, checked with PRAGMA integrity_check and only then renamed to FILE.
// PostgreSQL is backed up with pg_dump/pg_restore (docs/operations.md).
#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace jz::db {

struct CopyReport {
  int64_t pages = 0;
  int64_t bytes = 0;
  int64_t schema_version = 0;
};

// Copies the live database at `db_path` to `to_path` (replaced if present). Error code "backup_failed".
[[nodiscard]] Result<CopyReport> backup_sqlite(const std::string& db_path, const std::string& to_path);
// Replaces the database at `db_path` with the backup at `from_path`, after checking that the backup is an
// intact jiazheng database. Stop the server first. Error code "backup_failed".
[[nodiscard]] Result<CopyReport> restore_sqlite(const std::string& from_path, const std::string& db_path);

}  // namespace jz::db
