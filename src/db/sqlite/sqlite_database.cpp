#include "db/sqlite/sqlite_database.hpp"

#include <atomic>
#include <sqlite3.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <unordered_map>

namespace jz::db {
namespace {

constexpr int kBusyTimeoutMs = 10000;
std::atomic<bool> g_synchronous_full{false};  // set_sqlite_synchronous

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(msg);
  throw DbError(msg);
}

void bind_params(sqlite3* db, sqlite3_stmt* st, const Params& params) {
  int n = sqlite3_bind_parameter_count(st);
  if (n != static_cast<int>(params.size()))
    throw DbError("statement expects " + std::to_string(n) + " parameters, got " + std::to_string(params.size()));
  for (int i = 0; i < n; ++i) {
    const Value& v = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(v)) rc = sqlite3_bind_null(st, i + 1);
    else if (auto p = std::get_if<int64_t>(&v)) rc = sqlite3_bind_int64(st, i + 1, *p);
    else if (auto p = std::get_if<double>(&v)) rc = sqlite3_bind_double(st, i + 1, *p);
    else if (auto p = std::get_if<std::string>(&v))
      rc = sqlite3_bind_text(st, i + 1, p->data(), static_cast<int>(p->size()), SQLITE_TRANSIENT);
    else if (auto p = std::get_if<Blob>(&v))
      // An empty vector's data() may be null, which SQLite would bind as NULL: bind a zero-length blob.
      rc = p->empty() ? sqlite3_bind_zeroblob(st, i + 1, 0)
                      : sqlite3_bind_blob(st, i + 1, p->data(), static_cast<int>(p->size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw_sqlite(db, rc, "bind");
  }
}

Value column_value(sqlite3_stmt* st, int i) {
  switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return static_cast<int64_t>(sqlite3_column_int64(st, i));
    case SQLITE_FLOAT: return sqlite3_column_double(st, i);
    case SQLITE_TEXT: {
      auto p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
      return std::string(p, sqlite3_column_bytes(st, i));
    }
    case SQLITE_BLOB: {
      auto p = static_cast<const unsigned char*>(sqlite3_column_blob(st, i));
      return Blob(p, p + sqlite3_column_bytes(st, i));
    }
    default: return nullptr;
  }
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  ~SqliteStatement() override { sqlite3_finalize(st_); }
  void execute(const Params& params) override {
    sqlite3_reset(st_);
    bind_params(db_, st_, params);
    int rc;
    while ((rc = sqlite3_step(st_)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) throw_sqlite(db_, rc, "step");
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw DbError("cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    exec_script(
        std::string("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=") +
        (g_synchronous_full ? "FULL;" : "NORMAL;") +
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;");
  }
  ~SqliteConnection() override {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  Rows query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* st = cached(sql);
    bind_params(db_, st, params);
    Rows rows;
    int rc;
    int ncol = sqlite3_column_count(st);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<Value> cells;
      cells.reserve(ncol);
      for (int i = 0; i < ncol; ++i) cells.push_back(column_value(st, i));
      rows.emplace_back(std::move(cells));
    }
    finish(st, rc);
    return rows;
  }

  int64_t exec(std::string_view sql, const Params& params) override {
    sqlite3_stmt* st = cached(sql);
    bind_params(db_, st, params);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    finish(st, rc);
    return sqlite3_changes64(db_);
  }

  int64_t insert(std::string_view sql, const Params& params) override {
    exec(sql, params);
    return sqlite3_last_insert_rowid(db_);
  }

  void exec_script(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(msg);
      throw DbError("script failed: " + msg);
    }
  }

  std::unique_ptr<Statement> prepare(std::string_view sql) override {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "prepare");
    return std::make_unique<SqliteStatement>(db_, st);
  }

  void begin(bool write) override { exec_script(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"); }
  void commit() override { exec_script("COMMIT"); }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) exec_script("ROLLBACK");
  }
  bool ping() override {
    try {
      return !query("SELECT 1", {}).empty();
    } catch (const DbError&) {
      return false;
    }
  }

 private:
  sqlite3_stmt* cached(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st,
                                nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "prepare");
    cache_.emplace(std::string(sql), st);
    return st;
  }
  void finish(sqlite3_stmt* st, int rc) {
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) throw_sqlite(db_, rc, "step");
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int pool_size) : path_(std::move(path)), size_(std::max(1, pool_size)) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    // Open one connection now so that a bad path fails at start-up, not on the first request.
    idle_.push_back(std::make_unique<SqliteConnection>(path_));
    created_ = 1;
  }
  Dialect dialect() const override { return Dialect::sqlite; }

  PooledConnection acquire() override {
    std::unique_lock lock(mu_);
    if (idle_.empty() && created_ >= size_) {
      ++waits_;
      cv_.wait(lock, [&] { return !idle_.empty(); });
    }
    ++in_use_;
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return PooledConnection(this, std::move(c));
    }
    ++created_;
    lock.unlock();
    try {
      return PooledConnection(this, std::make_unique<SqliteConnection>(path_));
    } catch (...) {
      std::lock_guard g(mu_);
      --created_;
      --in_use_;
      throw;
    }
  }

  PoolStats stats() const override {
    std::lock_guard g(mu_);
    return PoolStats{size_, in_use_, waits_};
  }
  std::string describe() const override { return "sqlite:" + path_; }

 protected:
  void release(std::unique_ptr<Connection> conn) override {
    {
      std::lock_guard g(mu_);
      --in_use_;
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

 private:
  const std::string path_;
  const int size_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int created_ = 0;                                // guarded by mu_
  int in_use_ = 0;                                 // guarded by mu_
  int64_t waits_ = 0;                              // guarded by mu_
};

}  // namespace

bool set_sqlite_synchronous(const std::string& mode) {
  if (mode != "normal" && mode != "full") return false;
  g_synchronous_full = mode == "full";
  return true;
}

std::unique_ptr<Database> make_sqlite_database(const std::string& path, int pool_size) {
  return std::make_unique<SqliteDatabase>(path, pool_size);
}

}  // namespace jz::db
