#pragma once
// The storage interface every store uses: one API over two backends (SQLite embedded, PostgreSQL via
// libpq). SQL is written once with `?` placeholders; the PostgreSQL backend renumbers them to $n.
// Where the dialects differ a store asks `conn.dialect()` and says so visibly.
//
// Threading: a Database is shared by all threads; a Connection belongs to one thread at a time and is
// borrowed from the pool with acquire(). All calls block, so they run on the worker pool, never on the
// network threads. Unexpected database failures throw DbError; a unique/foreign-key violation throws
// ConstraintError so a store can turn it into a `conflict` Result.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace jz::db {

using Blob = std::vector<unsigned char>;
using Value = std::variant<std::nullptr_t, int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

enum class Dialect { sqlite, postgres };

class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// A unique, primary-key, foreign-key or check constraint rejected the statement.
class ConstraintError : public DbError {
 public:
  using DbError::DbError;
};

// One result row. Values are kept as the backend returned them (text for PostgreSQL), converted on access.
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(cells_.at(i)); }
  int64_t get_int(size_t i) const;  // NULL → 0
  double get_double(size_t i) const;
  std::string get_text(size_t i) const;  // NULL → ""
  Blob get_blob(size_t i) const;
  std::optional<int64_t> opt_int(size_t i) const { return is_null(i) ? std::nullopt : std::optional(get_int(i)); }
  std::optional<std::string> opt_text(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional(get_text(i));
  }
  bool get_bool(size_t i) const { return get_int(i) != 0; }
  const Value& raw(size_t i) const { return cells_.at(i); }

 private:
  std::vector<Value> cells_;
};

using Rows = std::vector<Row>;

// A statement prepared once and executed many times (bulk loads). Not for ordinary queries.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void execute(const Params& params) = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement and returns its rows (empty for statements without a result).
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual int64_t exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs an INSERT into a table with an `id` key and returns the new id.
  virtual int64_t insert(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  virtual std::unique_ptr<Statement> prepare(std::string_view sql) = 0;
  // Transactions; prefer the Transaction guard below. Writes start with begin(true), which SQLite
  // turns into BEGIN IMMEDIATE so that a reader turned writer never fails with BUSY half-way.
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // A cheap round trip used by /readyz.
  virtual bool ping() = 0;
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  int64_t waits = 0;  // acquisitions that had to wait for a free connection
};

class Database;

// A connection borrowed from the pool; returned when this handle dies.
class PooledConnection {
 public:
  PooledConnection(Database* db, std::unique_ptr<Connection> conn) : db_(db), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&&) noexcept = default;
  PooledConnection& operator=(PooledConnection&&) = delete;
  ~PooledConnection();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Borrows a connection, waiting while all are in use.
  virtual PooledConnection acquire() = 0;
  virtual PoolStats stats() const = 0;
  // A redacted description for logs ("sqlite:var/jiazheng.db", "postgresql://host:5432/db").
  virtual std::string describe() const = 0;

 protected:
  friend class PooledConnection;
  virtual void release(std::unique_ptr<Connection> conn) = 0;
};

// Opens `url`: "sqlite:PATH" (created if missing) or "postgresql://…" / "postgres://…".
std::unique_ptr<Database> open_database(const std::string& url, int pool_size);

// Commits only when commit() is called; rolls back when it goes out of scope otherwise (an exception).
class Transaction {
 public:
  Transaction(Connection& conn, bool write) : conn_(conn) { conn_.begin(write); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        conn_.rollback();
      } catch (...) {
      }
    }
  }
  void commit() {
    conn_.commit();
    done_ = true;
  }

 private:
  Connection& conn_;
  bool done_ = false;
};

}  // namespace jz::db
