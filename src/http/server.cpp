#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "beast_pch.hpp"
#include "common/error_catalog.hpp"

namespace jz::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Memory for the header fields of one request and its response. Both live exactly as long as one iteration of
// the connection's loop, so allocation is a pointer bump and the whole arena is reset before the next request;
// what does not fit (or has no arena) comes from the heap as before. Beast's field logic is unchanged.
struct Arena {
  static constexpr size_t kAlign = alignof(std::max_align_t);
  alignas(kAlign) std::array<unsigned char, 4096> buf;
  size_t used = 0;
  static size_t round(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }
};

template <class T>
struct ArenaAllocator {
  using value_type = T;
  Arena* arena = nullptr;
  ArenaAllocator() noexcept = default;
  explicit ArenaAllocator(Arena& a) noexcept : arena(&a) {}
  template <class U>
  ArenaAllocator(const ArenaAllocator<U>& o) noexcept : arena(o.arena) {}
  T* allocate(size_t n) {
    size_t bytes = Arena::round(n * sizeof(T));
    if (arena && bytes <= arena->buf.size() - arena->used) {
      void* p = arena->buf.data() + arena->used;
      arena->used += bytes;
      return static_cast<T*>(p);
    }
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept {
    auto* b = reinterpret_cast<unsigned char*>(p);
    if (arena && b >= arena->buf.data() && b < arena->buf.data() + arena->buf.size()) {
      size_t bytes = Arena::round(n * sizeof(T));
      if (b + bytes == arena->buf.data() + arena->used) arena->used -= bytes;  // the latest allocation: reuse it
      return;
    }
    ::operator delete(p);
  }
  template <class U>
  bool operator==(const ArenaAllocator<U>& o) const noexcept {
    return arena == o.arena;
  }
};

using ArenaFields = bhttp::basic_fields<ArenaAllocator<char>>;

struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {
    beast::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote_ip = ep.address().to_string();
  }
  beast::tcp_stream stream;
  std::atomic<bool> busy{false};
  std::string remote_ip;  // the peer of a TCP connection never changes: one getpeername per connection
  std::string head;       // serialized response header, reused across the connection's requests
  Arena arena;            // header fields of the request in progress and of its response
};

// Appends the header of a response exactly as Beast's serializer writes it: status line, the fields in order,
// the blank line. Writing it as one buffer (with the body as a second) avoids the serializer's per-buffer
// iteration, which dominated the user-space cost of small responses.
template <class Fields>
void serialize_header(const bhttp::response_header<Fields>& h, std::string& out) {
  out.clear();
  unsigned v = h.version();
  unsigned code = h.result_int();
  char line[13] = {'H', 'T', 'T', 'P', '/', static_cast<char>('0' + v / 10), '.', static_cast<char>('0' + v % 10),
                   ' ', static_cast<char>('0' + code / 100), static_cast<char>('0' + (code / 10) % 10),
                   static_cast<char>('0' + code % 10), ' '};
  out.append(line, sizeof line);
  beast::string_view reason = h.reason();
  out.append(reason.data(), reason.size());
  out.append("\r\n", 2);
  for (const auto& f : h) {
    beast::string_view name = f.name_string(), value = f.value();
    out.append(name.data(), name.size());
    out.append(": ", 2);
    out.append(value.data(), value.size());
    out.append("\r\n", 2);
  }
  out.append("\r\n", 2);
}

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t v = rng();
  std::string id(16, '0');  // 16 lower-case hex digits, as fmt's {:016x}
  for (int i = 15; i >= 0; --i, v >>= 4) id[i] = "0123456789abcdef"[v & 0xf];
  return id;
}

// A target made only of these characters parses as an origin-form with itself as the (already decoded) path
// and no query: the common case skips the URL parser.
bool plain_path(std::string_view t) {
  if (t.empty() || t[0] != '/') return false;
  for (char c : t) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
              c == '.' || c == '_' || c == '~';  // ASCII only, whatever the locale
    if (!ok) return false;
  }
  return true;
}

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Dispatcher& d, Metrics& m, const StaticFiles& f)
      : opts(std::move(o)),
        router(r),
        dispatcher(d),
        metrics(m),
        files(f),
        ioc(std::max(1, opts.io_threads)),
        pool(std::max(1, opts.worker_threads)),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM) {}

  ServerOptions opts;
  const Router& router;
  Dispatcher& dispatcher;
  Metrics& metrics;
  const StaticFiles& files;
  asio::io_context ioc;
  asio::thread_pool pool;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<bool> stopping{false};
  std::mutex conns_mu;
  std::set<std::shared_ptr<Connection>> conns;  // guarded by conns_mu
  uint64_t accept_failures = 0;                  // since the last report (the listener's coroutine only)
  std::chrono::steady_clock::time_point last_accept_log{};

  asio::awaitable<void> listen() {
    for (;;) {
      // With one I/O thread every handler already runs on that thread: a strand would only add locking and
      // reference counting to each operation.
      asio::any_io_executor exec =
          opts.io_threads > 1 ? asio::any_io_executor(asio::make_strand(ioc)) : asio::any_io_executor(ioc.get_executor());
      auto [ec, socket] = co_await acceptor.async_accept(exec, kTuple);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        // Out of descriptors (EMFILE/ENFILE) the pending connection stays in the backlog and accept fails
        // again at once: retrying in a loop burned a core and wrote ~900,000 log lines a second. Back off
        // (the connections in flight finish and free descriptors meanwhile) and log at most once a second.
        bool out_of_fds = ec == asio::error::no_descriptors || ec.value() == ENFILE || ec.value() == ENOBUFS ||
                          ec.value() == ENOMEM;
        ++accept_failures;
        auto now = std::chrono::steady_clock::now();
        if (now - last_accept_log >= std::chrono::seconds(1)) {
          spdlog::warn("accept failed: {} ({} time(s) since the last report){}", ec.message(), accept_failures,
                       out_of_fds ? "; backing off: raise the open-file limit (LimitNOFILE)" : "");
          accept_failures = 0;
          last_accept_log = now;
        }
        asio::steady_timer pause(acceptor.get_executor());
        pause.expires_after(out_of_fds ? std::chrono::milliseconds(50) : std::chrono::milliseconds(5));
        co_await pause.async_wait(kTuple);
        continue;
      }
      socket.set_option(tcp::no_delay(true));
      auto conn = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard g(conns_mu);
        conns.insert(conn);
      }
      auto done = [this, conn](std::exception_ptr e) {
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            spdlog::error("connection failed: {}", ex.what());
          }
        }
        std::lock_guard g(conns_mu);
        conns.erase(conn);
      };
      asio::co_spawn(conn->stream.get_executor(), session(conn), done);
    }
  }

  Response route(Request& req, size_t& route_index, std::string& route_label, const RouteMatch& m) {
    if (m.kind == RouteMatch::Kind::method_not_allowed) {
      Response r = error_response(make_error("method_not_allowed"), req.lang);
      r.set_header("Allow", m.allowed);
      return r;
    }
    bool api = req.path.rfind("/api/", 0) == 0;
    if (api || (req.method != Method::get && req.method != Method::head))
      return error_response(make_error(api ? "route_not_found" : "method_not_allowed"), req.lang);
    const StaticFile* f = files.find(req.path);
    if (!f) return error_response(make_error("not_found"), req.lang);
    route_label = "static";
    Response r;
    r.content_type = f->content_type;
    r.set_header("Cache-Control", f->cache_control);
    r.set_header("ETag", f->etag);
    if (req.header("If-None-Match") == f->etag) {
      r.status = 304;
      r.content_type.clear();
      return r;
    }
    bool gz = !f->gzip_body.empty() && req.header("Accept-Encoding").find("gzip") != std::string_view::npos;
    if (gz) {
      r.body = f->gzip_body;
      r.set_header("Content-Encoding", "gzip");
    } else {
      r.body = f->body;
    }
    r.set_header("Vary", "Accept-Encoding");
    r.gzip_ok = false;
    return r;
  }

  // The request as the router and the handlers see it: headers, language, request id and the client's origin
  // (through trusted proxies only).
  template <class BeastRequest>
  Request read_request(BeastRequest& breq, const Connection& conn) const {
    Request req;
    req.method = parse_method(breq.method_string());
    req.target = std::string(breq.target());
    for (const auto& h : breq) req.headers.emplace(std::string(h.name_string()), std::string(h.value()));
    req.body = std::move(breq.body());
    req.lang = parse_accept_language(req.header("Accept-Language"));
    std::string_view rid = req.header("X-Request-Id");
    req.request_id = valid_request_id(rid) ? std::string(rid) : new_request_id();
    {
      auto origin = client_origin(conn.remote_ip, req.header("X-Forwarded-For"),
                                  req.header("X-Forwarded-Proto"), opts.trusted_proxies);
      req.remote_ip = std::move(origin.ip);
      req.https = origin.https || opts.https_only;
    }
    return req;
  }

  // The response's headers: the handler's own, then the defaults it did not set (no caching, a strict CSP, no
  // framing), and gzip for a large compressible body the client accepts.
  template <class BeastResponse>
  static void add_headers(BeastResponse& res, Response& resp, const Request& req) {
    if (!resp.content_type.empty()) res.set(bhttp::field::content_type, resp.content_type);
    bool has_cache_control = false, has_csp = false, has_referrer = false;
    for (auto& [k, v] : resp.headers) {
      if (beast::iequals(k, "Cache-Control")) has_cache_control = true;
      if (beast::iequals(k, "Content-Security-Policy")) has_csp = true;
      if (beast::iequals(k, "Referrer-Policy")) has_referrer = true;
      res.insert(k, v);
    }
    if (!has_cache_control) res.set(bhttp::field::cache_control, "no-store");
    // Unless a route set its own: the web app loads only its own scripts (Vite emits no inline script);
    // Element Plus sets style attributes, so inline styles stay allowed. No page of ours may be framed.
    if (!has_csp)
      res.set("Content-Security-Policy",
              "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: "
              "blob:; "
              "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action "
              "'self'; "
              "frame-ancestors 'none'");
    res.set("X-Frame-Options", "DENY");
    if (!has_referrer) res.set("Referrer-Policy", "same-origin");
    if (req.https) res.set("Strict-Transport-Security", "max-age=31536000");
    if (resp.gzip_ok && resp.body.size() >= 1024 &&
        req.header("Accept-Encoding").find("gzip") != std::string_view::npos) {
      std::string gz = gzip_compress(resp.body);
      if (!gz.empty() && gz.size() < resp.body.size()) {
        resp.body = std::move(gz);
        res.set(bhttp::field::content_encoding, "gzip");
        res.set(bhttp::field::vary, "Accept-Encoding");
      }
    }
  }

  asio::awaitable<void> session(std::shared_ptr<Connection> conn) {
    beast::flat_buffer buffer;
    bool first = true;
    for (;;) {
      if (stopping) break;
      conn->arena.used = 0;  // everything allocated in it belonged to the previous iteration
      ArenaAllocator<char> alloc(conn->arena);
      bhttp::request_parser<bhttp::string_body, ArenaAllocator<char>> parser(std::piecewise_construct, std::make_tuple(),
                                                                             std::make_tuple(alloc));
      parser.body_limit(opts.body_limit);
      parser.header_limit(static_cast<uint32_t>(opts.header_limit));
      conn->stream.expires_after(first ? opts.read_timeout : opts.idle_timeout);
      conn->busy = false;
      auto [ec, n] = co_await bhttp::async_read(conn->stream, buffer, parser, kTuple);
      conn->busy = true;
      auto started = std::chrono::steady_clock::now();
      if (ec) {
        std::optional<Error> reply;
        if (ec == bhttp::error::body_limit) reply = make_error("body_too_large");
        else if (ec == bhttp::error::header_limit) reply = make_error("headers_too_large");
        else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                 ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
          reply = make_error("invalid_field", "request", "malformed HTTP");  // answer 400 before closing
        if (reply) {
          Lang lang = parser.is_header_done() ? parse_accept_language(parser.get()[bhttp::field::accept_language])
                                              : Lang::zh;
          const Error& e = *reply;
          Response r = error_response(e, lang);
          bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), 11};
          res.set(bhttp::field::content_type, r.content_type);
          res.set(bhttp::field::connection, "close");
          res.body() = std::move(r.body);
          res.prepare_payload();
          conn->stream.expires_after(std::chrono::seconds(5));
          co_await bhttp::async_write(conn->stream, res, kTuple);
          metrics.observe(metrics.unmatched_index(), r.status, 0);
          // Lingering close: the client may still be sending the body we refused. Closing now would make the
          // kernel answer its data with a reset that can destroy our response before the client reads it,
          // so stop sending, then drain (bounded in bytes and time) until the client closes.
          beast::error_code sec;
          conn->stream.socket().shutdown(tcp::socket::shutdown_send, sec);
          conn->stream.expires_after(std::chrono::seconds(2));
          std::array<char, 16384> sink;
          for (size_t drained = 0; drained < (8u << 20);) {
            auto [rec, rn] = co_await conn->stream.async_read_some(asio::buffer(sink), kTuple);
            if (rec) break;
            drained += rn;
          }
        }
        break;
      }
      first = false;
      auto& breq = parser.get();

      Request req = read_request(breq, *conn);
      size_t route_index = metrics.unmatched_index();
      std::string route_label;
      Response resp;
      bool target_ok = true;
      if (plain_path(req.target)) {
        req.path = req.target;
      } else if (auto url = boost::urls::parse_origin_form(req.target)) {
        req.path = url->path();
        for (auto p : url->params()) req.query[p.key] = p.value;
      } else {
        target_ok = false;
      }
      if (!target_ok) {
        resp = error_response(make_error("invalid_field", "path", "malformed URL"), req.lang);
      } else {
        RouteMatch m = router.match(req.method, req.path);
        if (m.kind == RouteMatch::Kind::found) {
          route_index = m.index;
          route_label = m.route->path;
          if (stopping) {
            resp = error_response(make_error("shutting_down"), req.lang);
          } else if (m.route->blocking) {
            auto job = [this, &req, &m]() -> asio::awaitable<Response> { co_return dispatcher.dispatch(req, m); };
            auto [jec, r] = co_await asio::co_spawn(pool, job, kTuple);
            resp = jec ? error_response(make_error("internal"), req.lang) : std::move(r);
          } else {
            resp = dispatcher.dispatch(req, m);
          }
        } else {
          resp = route(req, route_index, route_label, m);
        }
      }

      bool keep_alive = breq.keep_alive() && !stopping;
      bhttp::response<bhttp::string_body, ArenaFields> res{bhttp::response_header<ArenaFields>{ArenaFields(alloc)}};
      res.result(static_cast<bhttp::status>(resp.status));
      res.version(breq.version());
      res.set(bhttp::field::server, "jiazheng");
      res.set("X-Request-Id", req.request_id);
      res.set("X-Content-Type-Options", "nosniff");
      add_headers(res, resp, req);
      size_t body_size = resp.body.size();
      res.body() = std::move(resp.body);
      res.keep_alive(keep_alive);
      res.prepare_payload();
      if (req.method == Method::head) {
        res.body().clear();
        res.content_length(body_size);
      }
      beast::error_code wec;
      if (res.chunked()) {  // never set by our handlers; Beast then encodes the body
        std::tie(wec, std::ignore) = co_await bhttp::async_write(conn->stream, res, kTuple);
      } else {
        serialize_header(res.base(), conn->head);
        std::array<asio::const_buffer, 2> out{asio::buffer(conn->head), asio::buffer(res.body())};
        std::tie(wec, std::ignore) = co_await asio::async_write(conn->stream, out, kTuple);
      }
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      metrics.observe(route_index, resp.status, secs);
      if (opts.access_log) {
        // Route patterns, never raw targets: query strings and paths may carry personal data.
        spdlog::info("rid={} method={} route=\"{}\" status={} bytes={} ms={:.2f}", req.request_id,
                     method_name(req.method), route_label.empty() ? "unmatched" : route_label, resp.status,
                     body_size, secs * 1000);
      }
      if (wec || !keep_alive) break;
    }
    beast::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    spdlog::info("shutting down: no new connections, finishing requests in flight");
    asio::post(ioc, [this] {
      beast::error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
    });
    {
      std::lock_guard g(conns_mu);
      for (const auto& c : conns) {
        asio::post(c->stream.get_executor(), [c] {
          if (!c->busy) c->stream.socket().cancel();
        });
      }
    }  // released before the waiter starts: co_spawn may run it inline on this thread
    auto waiter = [this]() -> asio::awaitable<void> {
      auto deadline = std::chrono::steady_clock::now() + opts.shutdown_grace;
      asio::steady_timer t(ioc);
      for (;;) {
        {
          std::lock_guard g2(conns_mu);
          if (conns.empty()) co_return;
          // Connections that went idle after finishing a request close now.
          for (const auto& c : conns)
            asio::post(c->stream.get_executor(), [c] {
              if (!c->busy) c->stream.socket().cancel();
            });
        }
        if (std::chrono::steady_clock::now() > deadline) {
          spdlog::warn("shutdown grace period over: closing remaining connections");
          ioc.stop();
          co_return;
        }
        t.expires_after(std::chrono::milliseconds(50));
        co_await t.async_wait(use_awaitable);
      }
    };
    asio::co_spawn(ioc, waiter, asio::detached);
  }
};

Server::Server(ServerOptions opts, const Router& router, Dispatcher& dispatcher, Metrics& metrics,
               const StaticFiles& files)
    : impl_(std::make_unique<Impl>(std::move(opts), router, dispatcher, metrics, files)) {}

Server::~Server() = default;

void Server::run() {
  Impl& s = *impl_;
  auto address = asio::ip::make_address(s.opts.host);
  tcp::endpoint ep(address, s.opts.port);
  s.acceptor.open(ep.protocol());
  s.acceptor.set_option(asio::socket_base::reuse_address(true));
  s.acceptor.bind(ep);
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  uint16_t port = s.acceptor.local_endpoint().port();
  s.signals.async_wait([&s](const boost::system::error_code& ec, int) {
    if (!ec) s.begin_shutdown();
  });
  asio::co_spawn(s.ioc, s.listen(), [](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("listener failed: {}", ex.what());
      }
    }
  });
  spdlog::info("listening on http://{}:{} ({} I/O threads, {} workers)", s.opts.host, port, s.opts.io_threads,
               s.opts.worker_threads);
  if (on_listening) on_listening(port);
  std::vector<std::thread> threads;
  for (int i = 1; i < s.opts.io_threads; ++i) threads.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : threads) t.join();
  s.pool.join();
  spdlog::info("server stopped");
}

void Server::stop() { impl_->begin_shutdown(); }

}  // namespace jz::http
