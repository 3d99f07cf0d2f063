#pragma once
// Bulk loading, for the few paths that write hundreds of thousands of rows in one transaction (demo-data, the
// spreadsheet import): COPY FROM STDIN on PostgreSQL, a prepared INSERT per row on SQLite; and secondary
// indexes dropped before such a load and built once after it.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace jz::db {

// Loads many rows into several tables in the caller's transaction, the fastest way each backend has:
// PostgreSQL gets them through COPY FROM STDIN (text format; one round trip per few megabytes instead of one per
// row), SQLite through one prepared INSERT per table (already in-process). Rows are buffered per table and sent
// when about `flush_bytes` are pending and on flush(), always every table in the order add_table() declared them,
// so that a parent's rows arrive before the rows that reference them. Nothing is visible, even to the same
// transaction, before a flush (on PostgreSQL): flush() before reading back. Constraint violations surface at a
// flush as ConstraintError.
class BulkLoad final {
 public:
  explicit BulkLoad(Connection& conn, size_t flush_bytes = size_t{8} << 20);
  ~BulkLoad() = default;  // unflushed rows are dropped: the caller's transaction is failing anyway
  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;

  // Declares a table (parents first); returns its handle for add().
  size_t add_table(std::string table, std::vector<std::string> columns);
  void add(size_t table, const Params& row);
  void flush();

 private:
  struct Table {
    std::string name, columns;  // columns joined with ", "
    size_t count = 0;
    std::unique_ptr<Statement> insert;  // SQLite
    std::string pending;                // PostgreSQL: rows in COPY's text format
  };
  Connection& conn_;
  const size_t flush_bytes_;
  size_t pending_bytes_ = 0;
  std::vector<Table> tables_;
};

// Drops the plain secondary indexes of `tables` (neither unique nor backing a constraint) and builds them again
// in rebuild(), in the caller's transaction: one sort per index after a bulk load instead of a B-tree insertion
// per row. `only_like`: when not empty, only indexes whose definition matches this LIKE pattern.
class DeferredIndexes final {
 public:
  DeferredIndexes(Connection& conn, const std::vector<std::string>& tables, const std::string& only_like = "");
  // Builds the dropped indexes again (call before commit; a rollback restores them anyway).
  void rebuild();
  [[nodiscard]] size_t dropped() const { return definitions_.size(); }

 private:
  Connection& conn_;
  std::vector<std::string> definitions_;
};

}  // namespace jz::db
