#include "db/sqlite/backup.hpp"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace jz::db {
namespace {

Error failed(const std::string& detail) { return make_error("backup_failed", "", detail); }

struct Handle {
  sqlite3* db = nullptr;
  ~Handle() {
    if (db) sqlite3_close_v2(db);
  }
};

Result<void> open(Handle& h, const std::string& path, int flags) {
  if (sqlite3_open_v2(path.c_str(), &h.db, flags, nullptr) != SQLITE_OK)
    return failed("cannot open " + path + ": " + (h.db ? sqlite3_errmsg(h.db) : "out of memory"));
  sqlite3_busy_timeout(h.db, 10000);
  return {};
}

// The first column of the first row of `sql` as text, or "".
std::string scalar(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    if (const unsigned char* t = sqlite3_column_text(st, 0)) out = reinterpret_cast<const char*>(t);
  sqlite3_finalize(st);
  return out;
}

// Copies all of `from` into `to` in one step (one read transaction on `from`: a consistent snapshot).
Result<CopyReport> copy(sqlite3* from, sqlite3* to) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return failed(sqlite3_errmsg(to));
  int rc;
  for (int tries = 0;; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries > 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CopyReport r;
  r.pages = sqlite3_backup_pagecount(b);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return failed(std::string("copy: ") + sqlite3_errstr(rc));
  r.bytes = r.pages * std::stoll(scalar(to, "PRAGMA page_size"));
  return r;
}

Result<int64_t> check_intact(sqlite3* db, const std::string& what) {
  std::string ok = scalar(db, "PRAGMA integrity_check");
  if (ok != "ok") return failed(what + " fails PRAGMA integrity_check: " + ok);
  std::string version = scalar(db, "SELECT MAX(version) FROM schema_migrations");
  if (version.empty()) return failed(what + " is not a jiazheng database (no schema_migrations)");
  return std::stoll(version);
}

}  // namespace

Result<CopyReport> backup_sqlite(const std::string& db_path, const std::string& to_path) {
  if (!std::filesystem::exists(db_path)) return failed("no database at " + db_path);
  std::string part = to_path + ".part";
  std::error_code ec;
  std::filesystem::remove(part, ec);
  Result<CopyReport> report = failed("not run");
  {
    Handle src, dst;
    if (auto r = open(src, db_path, SQLITE_OPEN_READWRITE); !r) return r.error();
    if (auto r = open(dst, part, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE); !r) return r.error();
    report = copy(src.db, dst.db);
    if (report) {
      // A backup is a single file: no WAL beside it.
      sqlite3_exec(dst.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
      auto version = check_intact(dst.db, "the copy");
      if (!version) report = version.error();
      else report->schema_version = *version;
    }
  }
  if (!report) {
    std::filesystem::remove(part, ec);
    return report;
  }
  std::filesystem::rename(part, to_path, ec);
  if (ec) return failed("cannot rename " + part + ": " + ec.message());
  return report;
}

Result<CopyReport> restore_sqlite(const std::string& from_path, const std::string& db_path) {
  Handle src, dst;
  if (auto r = open(src, from_path, SQLITE_OPEN_READONLY); !r) return r.error();
  auto version = check_intact(src.db, from_path);
  if (!version) return version.error();
  if (auto r = open(dst, db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE); !r) return r.error();
  auto report = copy(src.db, dst.db);
  if (!report) return report;
  sqlite3_exec(dst.db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  auto after = check_intact(dst.db, "the restored database");
  if (!after) return after.error();
  report->schema_version = *after;
  return report;
}

}  // namespace jz::db
