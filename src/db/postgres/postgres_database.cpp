#include "db/postgres/postgres_database.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <optional>
#include <variant>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jz::db {
namespace {

// Type oids from pg_type.h (stable across PostgreSQL versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr size_t kRewriteCacheLimit = 512;  // distinct SQL texts per connection; stores use far fewer
constexpr auto kAcquireTimeout = std::chrono::seconds(30);
constexpr size_t kSqlInErrorLimit = 160;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

bool is_ident_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
         u >= 0x80;
}
bool is_ident_start(char c) {
  return is_ident_char(c) && c != '$' && !(c >= '0' && c <= '9');
}

// Class 22 (data exception) messages quote the offending input, which may be personal data: keep the
// message, drop what is inside the double quotes.
std::string elide_quoted(std::string_view s) {
  std::string out;
  bool inside = false;
  for (char c : s) {
    if (c == '"') {
      out += inside ? "\"" : "\"…";
      inside = !inside;
    } else if (!inside) {
      out += c;
    }
  }
  return out;
}

std::string trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string sql_excerpt(std::string_view sql) {
  std::string out(sql.substr(0, kSqlInErrorLimit));
  std::replace(out.begin(), out.end(), '\n', ' ');
  if (sql.size() > kSqlInErrorLimit) out += "…";
  return out;
}

// Never puts parameter values in the message: PostgreSQL's DETAIL ("Key (mobile)=(138…) already exists")
// is left out on purpose.
[[noreturn]] void throw_error(PGconn* conn, const PGresult* r, std::string_view sql) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (state && std::strncmp(state, "23", 2) == 0) {
    const char* constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    std::string msg = std::string("postgres SQLSTATE ") + state;
    if (constraint) msg += std::string(" constraint ") + constraint;
    if (primary) msg += std::string(": ") + primary;
    throw ConstraintError(msg);
  }
  std::string msg = "postgres";
  if (state) msg += std::string(" SQLSTATE ") + state;
  if (primary) {
    msg += ": " + (state && std::strncmp(state, "22", 2) == 0 ? elide_quoted(primary) : std::string(primary));
  } else {
    msg += ": " + trimmed(PQerrorMessage(conn));  // no server error: connection-level failure
  }
  if (PQstatus(conn) != CONNECTION_OK) msg += " (connection lost)";
  msg += " [sql: " + sql_excerpt(sql) + "]";
  throw DbError(msg);
}

void check(PGconn* conn, const PGresult* r, std::string_view sql) {
  if (r) {
    switch (PQresultStatus(r)) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY:
        return;
      default:
        break;
    }
  }
  throw_error(conn, r, sql);
}

template <class T>
bool parse_number(const char* s, int len, T& out) {
  auto [end, ec] = std::from_chars(s, s + len, out);
  return ec == std::errc() && end == s + len;
}

Value to_value(const PGresult* r, int row, int col, Oid type) {
  if (PQgetisnull(r, row, col)) return nullptr;
  const char* s = PQgetvalue(r, row, col);
  int len = PQgetlength(r, row, col);
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      int64_t v = 0;
      if (parse_number(s, len, v)) return v;
      break;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double v = 0;  // from_chars is locale-independent and reads NaN / Infinity / -Infinity
      if (parse_number(s, len, v)) return v;
      break;  // beyond double's range: keep the exact text
    }
    case kBoolOid:
      return int64_t{s[0] == 't' ? 1 : 0};
    case kByteaOid: {
      size_t n = 0;
      unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(s), &n);
      if (!bytes) throw DbError("postgres: out of memory decoding bytea");
      Blob out(bytes, bytes + n);
      PQfreemem(bytes);
      return out;
    }
    default:
      break;
  }
  return std::string(s, static_cast<size_t>(len));
}

Rows to_rows(const PGresult* r) {
  const int nrows = PQntuples(r);
  const int ncols = PQnfields(r);
  std::vector<Oid> types(static_cast<size_t>(ncols));
  for (int c = 0; c < ncols; ++c) types[static_cast<size_t>(c)] = PQftype(r, c);
  Rows rows;
  rows.reserve(static_cast<size_t>(nrows));
  for (int i = 0; i < nrows; ++i) {
    std::vector<Value> cells;
    cells.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) cells.push_back(to_value(r, i, c, types[static_cast<size_t>(c)]));
    rows.emplace_back(std::move(cells));
  }
  return rows;
}

// libpq's parameter arrays for one call. Text values point into `params` (alive for the call); numbers
// are formatted into `numbers_`, reserved up front so the pointers stay put.
class ParamArrays {
 public:
  explicit ParamArrays(const Params& params) {
    const size_t n = params.size();
    numbers_.reserve(n);
    types_.resize(n, 0);
    values_.resize(n, nullptr);
    lengths_.resize(n, 0);
    formats_.resize(n, 0);
    for (size_t i = 0; i < n; ++i) {
      const Value& v = params[i];
      if (auto p = std::get_if<int64_t>(&v)) {
        numbers_.push_back(std::to_string(*p));
        values_[i] = numbers_.back().c_str();
      } else if (auto p = std::get_if<double>(&v)) {
        char buf[32];
        auto res = std::to_chars(buf, buf + sizeof buf, *p);  // shortest text that reads back exactly
        numbers_.emplace_back(buf, res.ptr);
        values_[i] = numbers_.back().c_str();
      } else if (auto p = std::get_if<std::string>(&v)) {
        // Text parameters end at the first NUL; refuse rather than store a silently cut value.
        if (p->find('\0') != std::string::npos)
          throw DbError("postgres: text parameter " + std::to_string(i + 1) + " contains a NUL byte");
        values_[i] = p->c_str();
      } else if (auto p = std::get_if<Blob>(&v)) {
        static const char kEmpty[1] = {0};  // a null pointer would mean SQL NULL
        types_[i] = kByteaOid;
        values_[i] = p->empty() ? kEmpty : reinterpret_cast<const char*>(p->data());
        lengths_[i] = static_cast<int>(p->size());
        formats_[i] = 1;
      }  // nullptr_t: values_[i] stays null, which is SQL NULL
    }
  }
  int count() const { return static_cast<int>(values_.size()); }
  const Oid* types() const { return types_.data(); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  std::vector<std::string> numbers_;
  std::vector<Oid> types_;
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

struct Rewritten {
  std::string sql;
  int count = 0;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class PgConnection;

class PgStatement final : public Statement {
 public:
  PgStatement(PgConnection& conn, std::string name, std::string sql, int count)
      : conn_(conn), name_(std::move(name)), sql_(std::move(sql)), count_(count) {}
  ~PgStatement() override;
  void execute(const Params& params) override;

 private:
  PgConnection& conn_;
  std::string name_;
  std::string sql_;  // the original text, for error messages
  int count_;
};

// One libpq connection. Used by one thread at a time (the pool hands it out).
class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::postgres; }

  Rows query(std::string_view sql, const Params& params) override { return to_rows(run(sql, params).get()); }

  int64_t exec(std::string_view sql, const Params& params) override {
    ResultPtr r = run(sql, params);
    const char* tuples = PQcmdTuples(r.get());
    int64_t n = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), n);  // "" for commands without a count → 0
    return n;
  }

  int64_t insert(std::string_view sql, const Params& params) override {
    while (!sql.empty() && (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back()))))
      sql.remove_suffix(1);
    std::string with_returning(sql);
    with_returning += " RETURNING id";
    ResultPtr r = run(with_returning, params);
    // No row: ON CONFLICT DO NOTHING skipped it. There is no id to return, and inventing one would hide that.
    if (PQntuples(r.get()) != 1 || PQnfields(r.get()) < 1 || PQgetisnull(r.get(), 0, 0))
      throw DbError(
          "postgres: insert returned no id (use exec() for inserts that may insert nothing) [sql: " +
          sql_excerpt(sql) + "]");
    int64_t id = 0;
    if (!parse_number(PQgetvalue(r.get(), 0, 0), PQgetlength(r.get(), 0, 0), id))
      throw DbError("postgres: insert returned a non-integer id [sql: " + sql_excerpt(sql) + "]");
    return id;
  }

  void exec_script(std::string_view sql) override { simple(std::string(sql)); }

  std::unique_ptr<Statement> prepare(std::string_view sql) override {
    const Rewritten& rw = rewritten(sql);
    std::string name = "jz_stmt_" + std::to_string(++statement_counter_);
    ResultPtr r(PQprepare(conn_, name.c_str(), rw.sql.c_str(), rw.count, nullptr));
    check(conn_, r.get(), sql);
    return std::make_unique<PgStatement>(*this, std::move(name), std::string(sql), rw.count);
  }

  // READ COMMITTED for both: PostgreSQL's row locks already serialise writers, unlike SQLite.
  void begin(bool /*write*/) override { simple("BEGIN"); }

  void commit() override {
    ResultPtr r = simple("COMMIT");
    // COMMIT of a transaction in which a statement failed succeeds as a ROLLBACK; callers must hear of it.
    if (std::strcmp(PQcmdStatus(r.get()), "ROLLBACK") == 0)
      throw DbError("postgres: transaction rolled back at COMMIT because a statement in it had failed");
  }

  void rollback() override { simple("ROLLBACK"); }

  bool ping() override {
    ResultPtr r(PQexec(conn_, "SELECT 1"));
    return r && PQresultStatus(r.get()) == PGRES_TUPLES_OK;
  }

  void copy_in(std::string_view table, std::string_view columns, std::string_view data) {
    std::string sql = "COPY " + std::string(table) + " (" + std::string(columns) + ") FROM STDIN";
    ResultPtr start(PQexec(conn_, sql.c_str()));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) check(conn_, start.get(), sql);
    constexpr size_t kChunk = size_t{1} << 20;
    bool sent = true;
    for (size_t at = 0; at < data.size() && sent; at += kChunk) {
      size_t n = std::min(kChunk, data.size() - at);
      sent = PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) == 1;
    }
    // On a failed send, end the COPY with an error so that the server gives its reason as the result.
    if (PQputCopyEnd(conn_, sent ? nullptr : "jiazheng: sending the rows failed") != 1)
      throw DbError(std::string("postgres: ending COPY failed: ") + PQerrorMessage(conn_));
    // The outcome, then nothing: a COPY yields one result. Read them all before throwing (a ConstraintError
    // included), so the connection is idle again.
    std::exception_ptr failure;
    for (PGresult* raw; (raw = PQgetResult(conn_)) != nullptr;) {
      ResultPtr r(raw);
      if (failure) continue;
      try {
        check(conn_, r.get(), sql);
      } catch (...) {
        failure = std::current_exception();
      }
    }
    if (failure) std::rethrow_exception(failure);
    if (!sent) throw DbError("postgres: sending COPY data failed [sql: " + sql_excerpt(sql) + "]");
  }

  void execute_prepared(const std::string& name, std::string_view sql, int count, const Params& params) {
    check_count(sql, count, params);
    ParamArrays p(params);
    ResultPtr r(PQexecPrepared(conn_, name.c_str(), p.count(), p.values(), p.lengths(), p.formats(), 0));
    check(conn_, r.get(), sql);
  }

  void deallocate(const std::string& name) noexcept {
    if (PQstatus(conn_) != CONNECTION_OK) return;
    try {
      if (PQtransactionStatus(conn_) == PQTRANS_IDLE || PQtransactionStatus(conn_) == PQTRANS_INTRANS) {
        ResultPtr r(PQexec(conn_, ("DEALLOCATE " + name).c_str()));
        if (r && PQresultStatus(r.get()) == PGRES_COMMAND_OK) return;
      }
    } catch (...) {
    }
    stale_statements_ = true;  // in a failed transaction nothing runs; clean up when back in the pool
  }

  // Whether a freshly idle connection can be handed out again: alive, no open transaction (a forgotten one
  // is rolled back), no leftover prepared statements.
  bool reset_for_reuse() noexcept {
    try {
      if (PQstatus(conn_) != CONNECTION_OK) return false;
      switch (PQtransactionStatus(conn_)) {
        case PQTRANS_IDLE:
          break;
        case PQTRANS_INTRANS:
        case PQTRANS_INERROR: {
          ResultPtr r(PQexec(conn_, "ROLLBACK"));
          if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) return false;
          break;
        }
        default:  // a command still active or an unknown state: not safe to reuse
          return false;
      }
      if (stale_statements_) {
        ResultPtr r(PQexec(conn_, "DEALLOCATE ALL"));
        if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) return false;
        stale_statements_ = false;
      }
      return PQstatus(conn_) == CONNECTION_OK;
    } catch (...) {
      return false;
    }
  }

  // An idle connection is sent nothing, so a readable socket means the server spoke: usually a FATAL
  // message and end of file from a terminated backend or a restarting server. Reading it (poll with zero
  // timeout; libpq sockets are non-blocking) turns that into a bad status before the caller gets a dead link.
  bool alive_after_idle() {
    for (int i = 0; i < 4 && PQstatus(conn_) == CONNECTION_OK; ++i) {
      pollfd p{PQsocket(conn_), POLLIN, 0};
      if (poll(&p, 1, 0) <= 0) break;
      if (!PQconsumeInput(conn_)) return false;
    }
    return PQstatus(conn_) == CONNECTION_OK;
  }

 private:
  const Rewritten& rewritten(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= kRewriteCacheLimit) cache_.clear();  // a store building SQL dynamically
    Rewritten rw;
    rw.sql = rewrite_placeholders(sql, rw.count);
    return cache_.emplace(std::string(sql), std::move(rw)).first->second;
  }

  static void check_count(std::string_view sql, int count, const Params& params) {
    if (static_cast<size_t>(count) != params.size())
      throw DbError("postgres: statement has " + std::to_string(count) + " placeholders but " +
                    std::to_string(params.size()) + " parameters were given [sql: " + sql_excerpt(sql) + "]");
  }

  ResultPtr run(std::string_view sql, const Params& params) {
    const Rewritten& rw = rewritten(sql);
    check_count(sql, rw.count, params);
    ParamArrays p(params);
    ResultPtr r(
        PQexecParams(conn_, rw.sql.c_str(), p.count(), p.types(), p.values(), p.lengths(), p.formats(), 0));
    check(conn_, r.get(), sql);
    return r;
  }

  ResultPtr simple(const std::string& sql) {
    ResultPtr r(PQexec(conn_, sql.c_str()));
    check(conn_, r.get(), sql);
    return r;
  }

  PGconn* conn_;
  std::unordered_map<std::string, Rewritten, StringHash, std::equal_to<>> cache_;
  int64_t statement_counter_ = 0;
  bool stale_statements_ = false;
};

PgStatement::~PgStatement() {
  conn_.deallocate(name_);
}

void PgStatement::execute(const Params& params) {
  conn_.execute_prepared(name_, sql_, count_, params);
}

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, int pool_size)
      : url_(std::move(url)), description_(redact_postgres_url(url_)), pool_size_(pool_size) {}

  Dialect dialect() const override { return Dialect::postgres; }

  PooledConnection acquire() override {
    std::unique_lock lock(mu_);
    bool waited = false;
    for (;;) {
      while (!idle_.empty()) {
        std::unique_ptr<PgConnection> conn = std::move(idle_.back());
        idle_.pop_back();
        if (!conn->alive_after_idle()) {
          --open_;  // dropped; a new one is opened below in its place
          continue;
        }
        ++in_use_;
        return PooledConnection(this, std::move(conn));
      }
      if (open_ < pool_size_) {
        ++open_;  // reserve the slot, connect without holding the lock
        ++in_use_;
        lock.unlock();
        try {
          return PooledConnection(this, connect());
        } catch (...) {
          lock.lock();
          --open_;
          --in_use_;
          lock.unlock();
          cv_.notify_one();
          throw;
        }
      }
      if (!waited) {
        waited = true;
        ++waits_;
      }
      if (!cv_.wait_for(lock, kAcquireTimeout, [&] { return !idle_.empty() || open_ < pool_size_; }))
        throw DbError("postgres: no free connection after 30 s (pool of " + std::to_string(pool_size_) +
                      " on " + description_ + ")");
    }
  }

  PoolStats stats() const override {
    std::lock_guard lock(mu_);
    return PoolStats{pool_size_, in_use_, waits_};
  }

  std::string describe() const override { return description_; }

 protected:
  void release(std::unique_ptr<Connection> conn) override {
    std::unique_ptr<PgConnection> pg(static_cast<PgConnection*>(conn.release()));  // we made it
    const bool reusable = pg->reset_for_reuse();  // may talk to the server: outside the lock
    std::unique_ptr<PgConnection> doomed;
    {
      std::lock_guard lock(mu_);
      --in_use_;
      if (reusable) {
        idle_.push_back(std::move(pg));
      } else {
        --open_;
        doomed = std::move(pg);
      }
    }
    cv_.notify_one();
    // `doomed` closes here, after the lock is released.
  }

 private:
  std::unique_ptr<PgConnection> connect() {
    // Entries before "dbname" are defaults the URL may override.
    const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
    const char* values[] = {"10", "jiazheng", url_.c_str(), nullptr};
    PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (!raw) throw DbError("postgres: out of memory connecting to " + description_);
    auto conn = std::make_unique<PgConnection>(raw);
    if (PQstatus(raw) != CONNECTION_OK)
      throw DbError("postgres: cannot connect to " + description_ + ": " + trimmed(PQerrorMessage(raw)));
    conn->exec_script(
        "SET client_encoding TO 'UTF8'; SET TimeZone TO 'UTC'; SET client_min_messages TO warning");
    return conn;
  }

  const std::string url_;
  const std::string description_;
  const int pool_size_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                     // guarded by mu_: idle + in use + being opened
  int in_use_ = 0;                                   // guarded by mu_
  int64_t waits_ = 0;                                // guarded by mu_
};

}  // namespace

std::string rewrite_placeholders(std::string_view sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  count = 0;
  const size_t n = sql.size();
  size_t i = 0;
  auto copy_to = [&](size_t end) {
    end = std::min(end, n);
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    const char c = sql[i];
    const bool after_ident = i > 0 && is_ident_char(sql[i - 1]);
    if (c == '?') {
      out += '$';
      out += std::to_string(++count);
      ++i;
    } else if (c == '\'') {
      // E'…' strings take backslash escapes; in standard strings a quote is doubled ('it''s').
      const bool escapes =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && !(i > 1 && is_ident_char(sql[i - 2]));
      size_t j = i + 1;
      while (j < n) {
        if (escapes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < n && sql[j + 1] == '\'') {
            j += 2;
          } else {
            ++j;
            break;
          }
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < n) {
        if (sql[j] == '"') {
          if (j + 1 < n && sql[j + 1] == '"') {
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        ++j;
      }
      copy_to(j);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      size_t j = sql.find('\n', i);
      copy_to(j == std::string_view::npos ? n : j);
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      size_t j = i + 2;
      int depth = 1;  // PostgreSQL block comments nest
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '$' && !after_ident) {
      // $tag$ … $tag$ or $$ … $$; `$1` is a positional parameter, left alone.
      size_t j = i + 1;
      if (j < n && is_ident_start(sql[j])) {
        while (j < n && is_ident_char(sql[j]) && sql[j] != '$') ++j;
      }
      if (j < n && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);
        const size_t close = sql.find(tag, j + 1);
        copy_to(close == std::string_view::npos ? n : close + tag.size());
      } else {
        copy_to(i + 1);
      }
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

void append_copy_row(std::string& out, const Params& row) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out += '\t';
    const Value& v = row[i];
    if (std::holds_alternative<std::nullptr_t>(v)) {
      out += "\\N";
    } else if (auto p = std::get_if<int64_t>(&v)) {
      char buf[24];
      auto res = std::to_chars(buf, buf + sizeof buf, *p);
      out.append(buf, res.ptr);
    } else if (auto p = std::get_if<double>(&v)) {
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, *p);  // shortest text that reads back exactly
      out.append(buf, res.ptr);
    } else if (auto p = std::get_if<std::string>(&v)) {
      if (p->find('\0') != std::string::npos)
        throw DbError("postgres: text value " + std::to_string(i + 1) + " of a bulk row contains a NUL byte");
      size_t from = 0;
      for (size_t j = 0; j < p->size(); ++j) {
        char c = (*p)[j], esc = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : 0;
        if (!esc) continue;
        out.append(*p, from, j - from);
        out += '\\';
        out += esc;
        from = j + 1;
      }
      out.append(*p, from, std::string::npos);
    } else if (auto p = std::get_if<Blob>(&v)) {
      out += "\\\\x";
      size_t at = out.size();
      out.resize(at + 2 * p->size());
      for (unsigned char b : *p) {
        out[at++] = kHex[b >> 4];
        out[at++] = kHex[b & 15];
      }
    }
  }
  out += '\n';
}

void copy_in(Connection& conn, std::string_view table, std::string_view columns, std::string_view data) {
  auto* pg = dynamic_cast<PgConnection*>(&conn);
  if (!pg) throw DbError("COPY needs a PostgreSQL connection");
  pg->copy_in(table, columns, data);
}

std::string redact_postgres_url(std::string_view url) {
  std::string out(url);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    size_t end = out.find_first_of("/?#", start);
    if (end == std::string::npos) end = out.size();
    const size_t at = out.rfind('@', end > 0 ? end - 1 : 0);
    if (at != std::string::npos && at >= start) {
      const size_t colon = out.find(':', start);
      if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ?password=… in a URL, password=… or password = '…' in a key=value string.
  std::string lower = out;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (size_t pos = lower.find("password"); pos != std::string::npos; pos = lower.find("password", pos + 1)) {
    if (pos > 0 && is_ident_char(lower[pos - 1])) continue;  // e.g. "passfile", "my_password"
    size_t v = pos + 8;
    while (v < lower.size() && lower[v] == ' ') ++v;
    if (v >= lower.size() || lower[v] != '=') continue;
    ++v;
    while (v < lower.size() && lower[v] == ' ') ++v;
    size_t e = v;
    if (e < lower.size() && lower[e] == '\'') {
      for (++e; e < lower.size() && lower[e] != '\''; ++e)
        if (lower[e] == '\\') ++e;
      e = std::min(e + 1, lower.size());
    } else {
      while (e < lower.size() && !std::isspace(static_cast<unsigned char>(lower[e])) && lower[e] != '&' &&
             lower[e] != '#')
        ++e;
    }
    out.replace(v, e - v, "***");
    lower.replace(v, e - v, "***");
  }
  return out;
}

std::unique_ptr<Database> make_postgres_database(const std::string& url, int pool_size) {
  if (pool_size < 1) throw DbError("postgres: pool size must be at least 1");
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
  if (!options) {
    // libpq quotes the bad token, which may be the password.
    std::string why = err ? elide_quoted(trimmed(err)) : "out of memory";
    PQfreemem(err);
    throw DbError("postgres: invalid URL " + redact_postgres_url(url) + ": " + why);
  }
  PQconninfoFree(options);
  return std::make_unique<PgDatabase>(url, pool_size);
}

}  // namespace jz::db
