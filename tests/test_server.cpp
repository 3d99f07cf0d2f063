#include "test_server.hpp"

#include "security/keyring.hpp"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "postgres_server.hpp"

namespace jz::test {
namespace fs = std::filesystem;

std::string test_backend() {
  const char* b = std::getenv("JZ_TEST_BACKEND");
  return b && std::string(b) == "postgres" ? "postgres" : "sqlite";
}

security::FieldCipher test_cipher(const std::filesystem::path& key_dir) {
  const char* suite = std::getenv("JZ_CRYPTO_SUITE");
  return security::FieldCipher(security::Keyring::load_or_create(key_dir),
                               security::parse_crypto_suite(suite ? suite : "standard").value_or(security::CryptoSuite::standard));
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

namespace {

int spawn(const std::vector<std::string>& args, const fs::path& log, const fs::path& cwd) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

}  // namespace

TestServer::TestServer(Options opts) {
  dir_ = fs::temp_directory_path() / ("jz-it-" + std::to_string(::getpid()) + "-" + std::to_string(free_port()));
  fs::create_directories(dir_);
  // A small web root with an SPA index and a hashed asset, to test static serving without the real UI.
  web_root_ = dir_ / "web";
  write_file(web_root_ / "index.html", "<!doctype html><html><body><div id=app>陇原家政</div></body></html>");
  std::string js = "// hashed asset\n";
  for (int i = 0; i < 200; ++i) js += "console.log('陇原家政 static asset line " + std::to_string(i) + "');\n";
  write_file(web_root_ / "assets" / "app-3f9a1c.js", js);

  database_url_ = test_backend() == "postgres" ? PostgresServer::instance().create_database("it")
                                               : "sqlite:" + (dir_ / "it.db").string();
  std::string out;
  int rc = run_command({"demo-data", "--database", database_url_, "--key-dir", (dir_ / "keys").string(), "--workers",
                        std::to_string(opts.workers), "--seed", "42"},
                       &out);
  if (rc != 0) throw std::runtime_error("demo-data failed: " + out);

  port_ = free_port();
  std::vector<std::string> args = {JZ_SERVER_BINARY, "serve",     "--listen",   "127.0.0.1:" + std::to_string(port_),
                                   "--database",     database_url_, "--key-dir", (dir_ / "keys").string(),
                                   "--web-root",     web_root_.string(), "--threads", "4"};
  for (const auto& a : opts.extra_args) args.push_back(a);
  pid_ = spawn(args, dir_ / "server.log", dir_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    try {
      if (client().get("/readyz").status == 200) break;
    } catch (const std::exception&) {
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("server exited at start:\n" + read_log());
    }
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("server not ready:\n" + read_log());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

TestServer::~TestServer() {
  if (pid_ > 0) terminate(10);
  std::error_code ec;
  if (!std::getenv("JZ_KEEP_TEST_DIRS")) fs::remove_all(dir_, ec);
}

TestServer& TestServer::shared() {
  static TestServer server;
  return server;
}

std::string TestServer::login(const std::string& username, const std::string& password) const {
  auto r = client().post_json("/api/v1/auth/login",
                              R"({"username":")" + username + R"(","password":")" + password + R"("})");
  if (r.status != 200) throw std::runtime_error("login " + username + " failed: " + std::to_string(r.status) + " " + r.body);
  return std::string(r.json().at("token").as_string());
}

int TestServer::terminate(int timeout_s) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  for (;;) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string TestServer::read_log() const {
  std::ifstream in(dir_ / "server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int TestServer::run_command(const std::vector<std::string>& args, std::string* out) const {
  std::vector<std::string> full = {JZ_SERVER_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  fs::path log = dir_ / ("cmd-" + std::to_string(free_port()) + ".log");
  int pid = spawn(full, log, dir_);
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) {
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace jz::test
