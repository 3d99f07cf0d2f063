#pragma once
// The HTTP server: Boost.Beast over Asio C++20 coroutines, one coroutine per connection on a strand,
// a configurable number of I/O threads, and a separate worker pool for handlers that block (database).
// Beast stays behind this header (pimpl) so nothing else compiles it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/client_address.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace jz::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port (see bound_port)
  int io_threads = 1;
  int worker_threads = 4;
  size_t body_limit = 1 << 20;     // bytes; larger bodies get 413
  size_t header_limit = 16 << 10;  // bytes; larger headers get 431
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds shutdown_grace{20};
  bool access_log = true;
  std::vector<Cidr> trusted_proxies;  // peers whose X-Forwarded-For/-Proto are believed
  bool https_only = false;            // public_url is https: every answer carries HSTS
};

class Server final {
 public:
  Server(ServerOptions opts, const Router& router, Dispatcher& dispatcher, Metrics& metrics,
         const StaticFiles& files);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and serves until SIGTERM/SIGINT or stop(): then stops accepting, lets requests in flight
  // finish (up to shutdown_grace) and returns. Throws if the address cannot be bound.
  void run();
  // Thread-safe; begins the same graceful shutdown as SIGTERM.
  void stop();
  // Called once listening, with the bound port.
  std::function<void(uint16_t)> on_listening;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jz::http
