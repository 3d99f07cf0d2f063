#pragma once
// A throwaway PostgreSQL 15 server for tests: initdb in a temp dir, listens on 127.0.0.1:<free port> and on
// a unix socket in that dir, trust auth, no fsync. Started on the first instance() call, stopped (and its
// dir removed) at exit. Servers left behind by a crashed test run are stopped at the next start.
//
// Binaries come from /usr/lib/postgresql/15/bin, or $JZ_PG_BINDIR. Under root the server runs as the
// `postgres` OS user (postgres refuses root). Thread-safe.
#include <filesystem>
#include <mutex>
#include <string>

namespace jz::test {

class PostgresServer final {
 public:
  // Throws std::runtime_error with the reason (missing binaries, initdb or start failure and the log's
  // tail); after a failure later calls throw the same error at once instead of trying again.
  static PostgresServer& instance();

  // postgresql://postgres@127.0.0.1:PORT/dbname
  std::string url(const std::string& dbname) const;
  // CREATE DATABASE <prefix>_<pid>_<n> (prefix reduced to [a-z0-9_]) and returns its url.
  std::string create_database(const std::string& prefix);
  // Stops the server (pg_ctl stop -m fast) and removes its dir. Idempotent; instance() starts a new one.
  void stop();

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  ~PostgresServer();

 private:
  PostgresServer() = default;
  void ensure_started();
  void start();        // requires mu_
  void stop_locked();  // requires mu_

  mutable std::mutex mu_;
  std::filesystem::path dir_;  // guarded by mu_
  int port_ = 0;               // guarded by mu_
  bool running_ = false;       // guarded by mu_
  std::string failure_;        // guarded by mu_: why the last start failed
  int databases_ = 0;          // guarded by mu_
};

}  // namespace jz::test
