#include "postgres_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace jz::test {
namespace fs = std::filesystem;

namespace {

constexpr const char* kDirPrefix = "jz-pgtest-";
constexpr int kStartSeconds = 30;

fs::path bin_dir() {
  const char* env = std::getenv("JZ_PG_BINDIR");
  return env && *env ? fs::path(env) : fs::path("/usr/lib/postgresql/15/bin");
}

bool running_as_root() {
  return geteuid() == 0;
}

// Runs `args` (as the postgres user when we are root) in `cwd`, output appended to `log`; returns the exit
// code.
int run(std::vector<std::string> args, const fs::path& cwd, const fs::path& log) {
  if (running_as_root()) args.insert(args.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
  // Everything the child needs is prepared before fork: only async-signal-safe calls after it.
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string cwd_s = cwd.string();
  const std::string log_s = log.string();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fd = open(log_s.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int null = open("/dev/null", O_RDONLY);
    if (fd < 0 || null < 0 || chdir(cwd_s.c_str()) != 0) _exit(126);
    dup2(null, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    // The server outlives this call: it must not hold the test's sockets, files or ctest's pipes.
    syscall(SYS_close_range, 3U, ~0U, 0U);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string tail(const fs::path& file, size_t max_chars = 1500) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > max_chars ? s.substr(s.size() - max_chars) : s;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    throw std::runtime_error("could not find a free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

// A zombie (killed, not yet reaped) counts as dead.
bool process_alive(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const size_t paren = line.rfind(')');  // the command name may contain spaces and parentheses
  return !(paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z');
}

// Stops servers whose test process died without cleaning up (a crash, a kill -9, a debugger session).
void reap_stale_servers() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kDirPrefix, 0) != 0 || !entry.is_directory(ec)) continue;
    std::ifstream owner_file(entry.path() / "owner.pid");
    pid_t owner = 0;
    if (!(owner_file >> owner) || owner <= 0) continue;  // being set up, or not ours
    if (process_alive(owner)) continue;
    if (fs::exists(entry.path() / "data" / "postmaster.pid"))
      run({(bin_dir() / "pg_ctl").string(), "stop", "-D", (entry.path() / "data").string(), "-m",
           "immediate"},
          entry.path(), "/dev/null");
    fs::remove_all(entry.path(), ec);
  }
}

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;

}  // namespace

PostgresServer& PostgresServer::instance() {
  static PostgresServer server;  // destroyed, and so stopped, at exit
  server.ensure_started();
  return server;
}

PostgresServer::~PostgresServer() {
  try {
    stop();
  } catch (...) {
  }
}

void PostgresServer::ensure_started() {
  std::lock_guard lock(mu_);
  if (running_) return;
  if (!failure_.empty()) throw std::runtime_error(failure_);
  try {
    start();
  } catch (const std::exception& e) {
    failure_ = std::string("test PostgreSQL server: ") + e.what();
    stop_locked();
    throw std::runtime_error(failure_);
  }
}

void PostgresServer::start() {
  const fs::path bin = bin_dir();
  for (const char* tool : {"initdb", "pg_ctl", "postgres"}) {
    if (!fs::exists(bin / tool))
      throw std::runtime_error("PostgreSQL 15 not found (" + (bin / tool).string() +
                               " is missing): make test installs postgresql-15");
  }
  reap_stale_servers();

  std::string templ = (fs::temp_directory_path() / (std::string(kDirPrefix) + "XXXXXX")).string();
  if (!mkdtemp(templ.data()))
    throw std::runtime_error("mkdtemp failed in " + fs::temp_directory_path().string());
  dir_ = templ;
  if (running_as_root()) {
    const passwd* pw = getpwnam("postgres");
    if (!pw) throw std::runtime_error("running as root but there is no `postgres` user to run the server as");
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0)
      throw std::runtime_error("chown of " + dir_.string());
  }
  const fs::path data = dir_ / "data";
  const fs::path log = dir_ / "commands.log";
  const fs::path server_log = dir_ / "server.log";

  if (run({(bin / "initdb").string(), "-D", data.string(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
           "--locale=C", "--no-sync", "--no-instructions"},
          dir_, log) != 0)
    throw std::runtime_error("initdb failed:\n" + tail(log));
  { std::ofstream(dir_ / "owner.pid") << getpid() << '\n'; }

  // The port is free when chosen but another process may take it before postgres binds: try a few.
  for (int attempt = 0;; ++attempt) {
    port_ = free_port();
    const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k '" +
                                dir_.string() +
                                "' -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    if (run({(bin / "pg_ctl").string(), "start", "-D", data.string(), "-w", "-t",
             std::to_string(kStartSeconds), "-l", server_log.string(), "-o", options},
            dir_, log) == 0)
      break;
    if (attempt == 2) throw std::runtime_error("pg_ctl start failed:\n" + tail(server_log) + tail(log));
  }
  running_ = true;

  // pg_ctl -w already waited for readiness; confirm over TCP as the tests will connect.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kStartSeconds);
  const std::string admin = "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
  for (;;) {
    ConnPtr conn(PQconnectdb(admin.c_str()));
    if (conn && PQstatus(conn.get()) == CONNECTION_OK) break;
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("server did not accept connections within " + std::to_string(kStartSeconds) +
                               " s: " + (conn ? PQerrorMessage(conn.get()) : "") + "\n" + tail(server_log));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::string PostgresServer::url(const std::string& dbname) const {
  std::lock_guard lock(mu_);
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + dbname;
}

std::string PostgresServer::create_database(const std::string& prefix) {
  ensure_started();
  std::string name;
  for (char c : prefix) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') name += c;
  }
  if (name.empty()) name = "test";
  std::string admin_url;
  {
    std::lock_guard lock(mu_);
    name = name.substr(0, 40) + "_" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
    admin_url = "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
  }
  ConnPtr conn(PQconnectdb(admin_url.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error("test PostgreSQL server: cannot connect: " +
                             std::string(conn ? PQerrorMessage(conn.get()) : "out of memory"));
  PGresult* r = PQexec(conn.get(), ("CREATE DATABASE \"" + name + "\"").c_str());
  const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string error = ok ? "" : PQerrorMessage(conn.get());
  PQclear(r);
  if (!ok) throw std::runtime_error("test PostgreSQL server: CREATE DATABASE " + name + " failed: " + error);
  return url(name);
}

void PostgresServer::stop() {
  std::lock_guard lock(mu_);
  stop_locked();
}

void PostgresServer::stop_locked() {
  if (dir_.empty()) return;
  const fs::path data = dir_ / "data";
  if (fs::exists(data / "postmaster.pid")) {
    const std::string pg_ctl = (bin_dir() / "pg_ctl").string();
    if (run({pg_ctl, "stop", "-D", data.string(), "-m", "fast", "-w", "-t", "30"}, dir_,
            dir_ / "commands.log") != 0)
      run({pg_ctl, "stop", "-D", data.string(), "-m", "immediate", "-w"}, dir_, dir_ / "commands.log");
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
  dir_.clear();
  running_ = false;
  port_ = 0;
}

}  // namespace jz::test
