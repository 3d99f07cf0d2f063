#include "db/bulk.hpp"

#include "db/postgres/postgres_database.hpp"

namespace jz::db {

BulkLoad::BulkLoad(Connection& conn, size_t flush_bytes) : conn_(conn), flush_bytes_(flush_bytes) {}

size_t BulkLoad::add_table(std::string table, std::vector<std::string> columns) {
  Table t;
  t.name = std::move(table);
  t.count = columns.size();
  for (size_t i = 0; i < columns.size(); ++i) t.columns += (i ? ", " : "") + columns[i];
  if (conn_.dialect() == Dialect::sqlite) {
    std::string marks;
    for (size_t i = 0; i < columns.size(); ++i) marks += i ? ", ?" : "?";
    t.insert = conn_.prepare("INSERT INTO " + t.name + " (" + t.columns + ") VALUES (" + marks + ")");
  }
  tables_.push_back(std::move(t));
  return tables_.size() - 1;
}

void BulkLoad::add(size_t table, const Params& row) {
  Table& t = tables_.at(table);
  if (row.size() != t.count)
    throw DbError("bulk load into " + t.name + ": " + std::to_string(row.size()) + " values for " +
                  std::to_string(t.count) + " columns");
  if (t.insert) {
    t.insert->execute(row);
    return;
  }
  size_t before = t.pending.size();
  append_copy_row(t.pending, row);
  pending_bytes_ += t.pending.size() - before;
  if (pending_bytes_ >= flush_bytes_) flush();
}

void BulkLoad::flush() {
  for (Table& t : tables_) {
    if (t.pending.empty()) continue;
    copy_in(conn_, t.name, t.columns, t.pending);
    t.pending.clear();
  }
  pending_bytes_ = 0;
}

DeferredIndexes::DeferredIndexes(Connection& conn, const std::vector<std::string>& tables, const std::string& only_like)
    : conn_(conn) {
  for (const auto& table : tables) {
    // Names and definitions come from the catalogue, not from a request.
    Rows rows;
    if (conn_.dialect() == Dialect::sqlite) {
      rows = conn_.query(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT "
          "LIKE 'CREATE UNIQUE%' AND (? = '' OR sql LIKE ?) ORDER BY name",
          {table, only_like, only_like});
    } else {
      rows = conn_.query(
          "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = ? "
          "AND i.indexdef NOT LIKE 'CREATE UNIQUE%' AND (? = '' OR i.indexdef LIKE ?) AND NOT EXISTS (SELECT 1 FROM "
          "pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass) "
          "ORDER BY i.indexname",
          {table, only_like, only_like});
    }
    for (const auto& r : rows) {
      definitions_.push_back(r.get_text(1));
      conn_.exec("DROP INDEX \"" + r.get_text(0) + "\"");
    }
  }
}

void DeferredIndexes::rebuild() {
  for (const auto& sql : definitions_) conn_.exec(sql);
  definitions_.clear();
}

}  // namespace jz::db
