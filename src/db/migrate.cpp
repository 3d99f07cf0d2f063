#include "db/migrate.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "common/time.hpp"

namespace jz::db {
namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
}

struct Migration {
  int version;
  std::string name;
  std::string_view sql;
};

std::vector<Migration> embedded_migrations() {
  std::map<int, Migration> by_version;
  const std::string prefix = "src/db/migrations/";
  for (const auto& [path, text] : embedded_files()) {
    if (path.rfind(prefix, 0) != 0) continue;
    std::string name = path.substr(prefix.size());
    int version = std::stoi(name.substr(0, name.find('_')));
    if (by_version.count(version)) throw DbError("two migrations share version " + std::to_string(version));
    by_version.emplace(version, Migration{version, name, text});
  }
  std::vector<Migration> out;
  for (auto& [v, m] : by_version) out.push_back(m);
  return out;
}

void run_data_directives(Connection& conn, std::string_view sql) {
  const std::string_view marker = "-- @csv ";
  size_t pos = 0;
  while ((pos = sql.find(marker, pos)) != std::string_view::npos) {
    size_t eol = sql.find('\n', pos);
    std::string_view line = sql.substr(pos + marker.size(), eol == std::string_view::npos ? eol : eol - pos - marker.size());
    pos = eol;
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) throw DbError("bad @csv directive: " + std::string(line));
    std::string file(line.substr(0, colon));
    std::string stmt(line.substr(colon + 2));
    auto text = embedded_file(file);
    if (!text) throw DbError("migration data file not embedded: " + file);
    auto rows = parse_csv(*text);
    auto prepared = conn.prepare(stmt);
    for (size_t i = 1; i < rows.size(); ++i) {
      Params params;
      for (auto& f : rows[i]) params.emplace_back(f);
      prepared->execute(params);
    }
    if (pos == std::string_view::npos) break;
  }
}

// `-- @check-in table.column: 'a', 'b', …` widens (or sets) the value list of a column's `CHECK (column IN (…))`.
// PostgreSQL replaces the named constraint; SQLite, which cannot alter a constraint, has the list in its stored
// CREATE TABLE text replaced (the documented writable_schema procedure for relaxing a CHECK: the rows' format
// does not change) and its schema_version bumped so that every connection re-reads the schema.
void run_check_directives(Connection& conn, std::string_view sql) {
  const std::string_view marker = "-- @check-in ";
  bool sqlite_changed = false;
  for (size_t pos = 0; (pos = sql.find(marker, pos)) != std::string_view::npos;) {
    size_t eol = sql.find('\n', pos);
    std::string line(sql.substr(pos + marker.size(), eol == std::string_view::npos ? eol : eol - pos - marker.size()));
    pos = eol;
    size_t dot = line.find('.'), colon = line.find(": ");
    if (dot == std::string::npos || colon == std::string::npos || dot > colon)
      throw DbError("bad @check-in directive: " + line);
    std::string table = line.substr(0, dot), column = line.substr(dot + 1, colon - dot - 1), list = line.substr(colon + 2);
    if (conn.dialect() == Dialect::postgres) {
      std::string name = table + "_" + column + "_check";
      conn.exec_script("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + name + "; ALTER TABLE " + table +
                       " ADD CONSTRAINT " + name + " CHECK (" + column + " IN (" + list + "))");
    } else {
      auto rows = conn.query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", {table});
      if (rows.empty()) throw DbError("@check-in: no table " + table);
      std::string create = rows[0].get_text(0);
      std::string open = "CHECK (" + column + " IN (";
      size_t from = create.find(open);
      size_t to = from == std::string::npos ? from : create.find("))", from);
      if (to == std::string::npos) throw DbError("@check-in: no CHECK (" + column + " IN …) in " + table);
      create.replace(from + open.size(), to - from - open.size(), list);
      if (!sqlite_changed) conn.exec_script("PRAGMA writable_schema = ON");
      sqlite_changed = true;
      conn.exec("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?", {create, table});
    }
    if (pos == std::string_view::npos) break;
  }
  if (sqlite_changed) {
    int64_t version = conn.query("PRAGMA schema_version")[0].get_int(0);
    conn.exec_script("PRAGMA schema_version = " + std::to_string(version + 1));
    conn.exec_script("PRAGMA writable_schema = OFF");
  }
}

}  // namespace

std::string translate_sql(std::string_view sql, Dialect dialect) {
  std::string s(sql);
  if (dialect == Dialect::sqlite) {
    replace_all(s, "{{pk}}", "INTEGER PRIMARY KEY");
    replace_all(s, "{{blob}}", "BLOB");
  } else {
    replace_all(s, "{{pk}}", "BIGSERIAL PRIMARY KEY");
    replace_all(s, "{{blob}}", "BYTEA");
  }
  return s;
}

MigrationReport migrate(Database& db, const MigrationSteps& steps) {
  MigrationReport report;
  auto conn = db.acquire();
  conn->exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)");
  for (const auto& m : embedded_migrations()) {
    Transaction tx(*conn, true);
    if (conn->dialect() == Dialect::postgres) conn->query("SELECT pg_advisory_xact_lock(726201)");
    auto done = conn->query("SELECT 1 FROM schema_migrations WHERE version = ?", {int64_t{m.version}});
    if (done.empty()) {
      conn->exec_script(translate_sql(m.sql, conn->dialect()));
      run_data_directives(*conn, m.sql);
      run_check_directives(*conn, m.sql);
      if (auto step = steps.find(m.version); step != steps.end()) step->second(*conn);
      conn->exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                 {int64_t{m.version}, m.name, now_utc()});
      report.applied.push_back(m.name);
      spdlog::info("migration {} applied", m.name);
    }
    tx.commit();
    report.current_version = m.version;
  }
  return report;
}

}  // namespace jz::db
