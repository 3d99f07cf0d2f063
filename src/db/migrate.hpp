#pragma once
// Versioned migrations compiled into the binary (src/db/migrations/NNN_name.sql), applied in order, each
// in one transaction with its data loads, recorded in schema_migrations. Safe when several instances
// start at once on PostgreSQL (an advisory lock serialises them).
//
// A migration may load a committed data file with a directive line:
//   -- @csv data/occupations.csv: INSERT INTO occupations (code, name_zh) VALUES (?, ?)
// The header row is skipped; each further row binds its fields, as text, to the statement.
// And widen the value list of a column's CHECK (column IN (…)) constraint, in both dialects:
//   -- @check-in users.role: 'province_admin', 'department', …
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace jz::db {

struct MigrationReport {
  std::vector<std::string> applied;  // names of the migrations applied by this call
  int current_version = 0;
};

// Steps in C++ that belong to a migration (e.g. filling a new table from JSON the SQL cannot read in both
// dialects): run right after that migration's SQL, in its transaction, only when it is applied.
using MigrationSteps = std::map<int, std::function<void(Connection&)>>;

MigrationReport migrate(Database& db, const MigrationSteps& steps = {});

// The SQL of a migration as it will run on `dialect` ({{pk}}, {{blob}} replaced).
std::string translate_sql(std::string_view sql, Dialect dialect);

}  // namespace jz::db
