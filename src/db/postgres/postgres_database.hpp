#pragma once
// PostgreSQL backend over libpq: a pool of blocking connections, opened on first need up to the pool size.
// Every call blocks (connect included), so this layer runs on the worker pool, never on the network threads.
//
// SQL arrives with `?` placeholders; each connection rewrites a statement to $1..$n once and caches it.
// Parameters travel like quoted literals (text format, type left for the server to infer from context, so
// "2024-05-01" fits a DATE column and 1 fits a BOOLEAN); blobs travel in binary as bytea. Where the context
// gives no type (`? IS NULL`, `SELECT ? + ?`) write CAST(? AS BIGINT), which both dialects accept.
// jsonb's `?` operators cannot be written; use jsonb_exists().
//
// Behaviour a store must know (SQLite differs): after any failed statement inside a transaction the whole
// transaction is dead; commit() then throws DbError instead of committing the statements before it.
#include <memory>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace jz::db {

// A pool of up to `pool_size` connections to `url` ("postgresql://user:pass@host:port/db?sslmode=...").
// Checks the URL's syntax here; an unreachable server shows up as DbError from the first acquire().
// Each connection runs with TimeZone=UTC, client_encoding=UTF8 and client_min_messages=warning.
// acquire() waits up to 30 s for a free connection, then throws DbError (a deadlock would otherwise hang).
// A connection that broke (server restart, terminated backend) is dropped and a new one opened in its place.
// PoolStats::size is the configured maximum; connections are opened lazily up to it.
// The Database must outlive every PooledConnection and Statement taken from it.
[[nodiscard]] std::unique_ptr<Database> make_postgres_database(const std::string& url, int pool_size);

// `sql` with each `?` outside string literals (also E'' and $tag$ quoting), quoted identifiers and
// comments replaced by $1..$n; `count` receives n. Exposed for tests.
[[nodiscard]] std::string rewrite_placeholders(std::string_view sql, int& count);

// COPY for db::BulkLoad (bulk.hpp). Appends `row` to `out` in COPY's text format: tab between columns, \N for
// NULL, backslash escapes for backslash, tab, newline and carriage return, bytea as \\x and hex.
void append_copy_row(std::string& out, const Params& row);
// Runs `COPY table (columns) FROM STDIN` on `conn` (a PostgreSQL connection) with `data`, a whole number of
// rows as append_copy_row() writes them. Throws ConstraintError or DbError as a statement would; the
// connection is idle again afterwards either way.
void copy_in(Connection& conn, std::string_view table, std::string_view columns, std::string_view data);

// `url` with the password (user info, ?password= or a key=value password) replaced by "***", for logs.
[[nodiscard]] std::string redact_postgres_url(std::string_view url);

}  // namespace jz::db
