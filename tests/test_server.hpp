#pragma once
// Runs the real `jiazheng` binary for integration tests: demo data into a fresh database (a temporary
// SQLite file, or a new database on the test PostgreSQL server when JZ_TEST_BACKEND=postgres), then
// `jiazheng serve` on a free loopback port, with its output captured to a log file the tests can read.
#include <filesystem>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "security/field_crypto.hpp"

namespace jz::test {

inline constexpr const char* kDemoPassword = "Jiazheng2024";

// "sqlite" unless JZ_TEST_BACKEND says "postgres".
std::string test_backend();

// A field cipher over the keys in `key_dir` in the suite the servers run with (JZ_CRYPTO_SUITE=sm: 国密), for
// tests that read encrypted columns or blind indexes themselves.
security::FieldCipher test_cipher(const std::filesystem::path& key_dir);

class TestServer {
 public:
  struct Options {
    int workers = 60;                     // demo population
    std::vector<std::string> extra_args;  // appended to `serve`
  };
  explicit TestServer(Options opts);
  TestServer() : TestServer(Options{}) {}
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // The server shared by the tests of one process (started on first use).
  static TestServer& shared();

  HttpClient client() const { return HttpClient("127.0.0.1", port_); }
  // Logs in and returns the bearer token; fails the test on a non-200 answer.
  std::string login(const std::string& username, const std::string& password = kDemoPassword) const;
  // Sends SIGTERM and waits; returns the exit status (or -1 on timeout, after SIGKILL).
  int terminate(int timeout_s = 30);
  std::string read_log() const;
  const std::string& database_url() const { return database_url_; }
  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& web_root() const { return web_root_; }
  // Runs the jiazheng binary with `args` (a subcommand) to completion; returns exit status, output in `out`.
  int run_command(const std::vector<std::string>& args, std::string* out = nullptr) const;

 private:
  std::filesystem::path dir_;
  std::filesystem::path web_root_;
  std::string database_url_;
  int port_ = 0;
  int pid_ = -1;
};

int free_port();

}  // namespace jz::test
