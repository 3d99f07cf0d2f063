#include "app/config.hpp"

#include "security/field_crypto.hpp"
#include "http/client_address.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

extern char** environ;

namespace jz::app {
namespace {

Result<int> parse_int(const std::string& key, const std::string& v, int lo, int hi) {
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < lo || out > hi)
    return make_error("invalid_field", key, "integer " + std::to_string(lo) + ".." + std::to_string(hi) + " expected");
  return out;
}

Result<bool> parse_bool(const std::string& key, std::string v) {
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return make_error("invalid_field", key, "true or false expected");
}

Setting str(std::string key, std::string help, std::string Config::*m) {
  return Setting{key, std::move(help), [m](Config& c, const std::string& v) -> Result<void> {
                   c.*m = v;
                   return {};
                 }};
}
Setting num(std::string key, std::string help, int Config::*m, int lo, int hi) {
  return Setting{key, std::move(help), [key, m, lo, hi](Config& c, const std::string& v) -> Result<void> {
                   auto r = parse_int(key, v, lo, hi);
                   if (!r) return r.error();
                   c.*m = *r;
                   return {};
                 }};
}
Setting flag(std::string key, std::string help, bool Config::*m) {
  return Setting{key, std::move(help), [key, m](Config& c, const std::string& v) -> Result<void> {
                   auto r = parse_bool(key, v);
                   if (!r) return r.error();
                   c.*m = *r;
                   return {};
                 }};
}

}  // namespace

std::string Config::host() const {
  auto colon = listen.rfind(':');
  std::string h = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return h.empty() ? "0.0.0.0" : h;
}

security::CryptoSuite Config::suite() const {
  return security::parse_crypto_suite(crypto_suite).value_or(security::CryptoSuite::standard);
}

std::vector<std::string> Config::warnings() const {
  std::vector<std::string> out;
  if (public_url == Config{}.public_url)
    out.push_back("public_url is the default " + public_url +
                  ": QR codes, verify links and feeds point at it; set --public-url (JZ_PUBLIC_URL) to the address "
                  "the public reaches");
  return out;
}

int Config::port() const {
  auto colon = listen.rfind(':');
  return colon == std::string::npos ? 8080 : std::atoi(listen.c_str() + colon + 1);
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> kSettings = {
      Setting{"listen", "HOST:PORT to listen on",
              [](Config& c, const std::string& v) -> Result<void> {
                auto colon = v.rfind(':');
                if (colon == std::string::npos) return make_error("invalid_field", "listen", "HOST:PORT expected");
                auto port = parse_int("listen", v.substr(colon + 1), 0, 65535);
                if (!port) return port.error();
                c.listen = v;
                return {};
              }},
      Setting{"database", "sqlite:PATH or postgresql://user@host:port/db",
              [](Config& c, const std::string& v) -> Result<void> {
                if (v.rfind("sqlite:", 0) != 0 && v.rfind("postgresql://", 0) != 0 && v.rfind("postgres://", 0) != 0)
                  return make_error("invalid_field", "database", "sqlite:PATH or postgresql://... expected");
                c.database = v;
                return {};
              }},
      str("key_dir", "directory of the encryption and signing keys (created at first start, mode 0700)",
          &Config::key_dir),
      str("web_root", "directory of the built web UI", &Config::web_root),
      str("public_url", "public base URL, used in QR codes and feeds", &Config::public_url),
      num("io_threads", "network threads", &Config::io_threads, 1, 64),
      num("threads", "worker threads for database work (also the database pool size)", &Config::threads, 1, 256),
      num("body_limit_kb", "largest request body in KiB", &Config::body_limit_kb, 1, 1 << 20),
      num("header_limit_kb", "largest request header block in KiB", &Config::header_limit_kb, 1, 1024),
      num("read_timeout_s", "seconds to receive a whole request", &Config::read_timeout_s, 1, 3600),
      num("idle_timeout_s", "seconds a keep-alive connection may stay idle", &Config::idle_timeout_s, 1, 3600),
      num("session_hours", "hours a login stays valid", &Config::session_hours, 1, 24 * 30),
      flag("access_log", "log one line per request (never personal data)", &Config::access_log),
      str("log_level", "trace, debug, info, warn, error", &Config::log_level),
      str("matching_weights", "matching score weights: skill=20,credit=20,region=20,wage=15,experience=10,rating=10,priority=5",
          &Config::matching_weights),
      Setting{"crypto_suite", "field encryption suite: standard (XChaCha20-Poly1305) or sm (国密 SM4/SM3)",
              [](Config& c, const std::string& v) -> Result<void> {
                if (!security::parse_crypto_suite(v)) return make_error("invalid_field", "crypto_suite", "standard or sm");
                c.crypto_suite = v;
                return {};
              }},
      Setting{"trusted_proxies", "comma-separated CIDR ranges of proxies whose X-Forwarded-For/-Proto are believed",
              [](Config& c, const std::string& v) -> Result<void> {
                if (auto r = http::parse_cidr_list(v, "trusted_proxies"); !r) return r.error();
                c.trusted_proxies = v;
                return {};
              }},
      num("login_max_delay_s", "longest wait imposed after failed logins, in seconds", &Config::login_max_delay_s, 1,
          3600),
      num("password_concurrency", "password hashes computed at once", &Config::password_concurrency, 1, 64),
      num("password_queue", "logins that may wait for a password slot before 503 busy", &Config::password_queue, 0,
          10000),
      Setting{"metrics_allow", "comma-separated CIDR ranges that may read /metrics without a token",
              [](Config& c, const std::string& v) -> Result<void> {
                if (auto r = http::parse_cidr_list(v, "metrics_allow"); !r) return r.error();
                c.metrics_allow = v;
                return {};
              }},
      Setting{"sqlite_synchronous", "SQLite durability: normal (default) or full (every commit survives a power cut)",
              [](Config& c, const std::string& v) -> Result<void> {
                if (v != "normal" && v != "full") return make_error("invalid_field", "sqlite_synchronous", "normal or full");
                c.sqlite_synchronous = v;
                return {};
              }},
      str("metrics_token", "bearer token that admits /metrics from any address (empty: none)", &Config::metrics_token),
      str("site_organizer", "主办单位 shown in the site footer", &Config::site_organizer),
      str("site_icp", "ICP 备案号 shown in the site footer", &Config::site_icp),
      str("site_police_record", "公安备案号 shown in the site footer", &Config::site_police_record),
      str("site_hotline", "service hotline shown in the site footer", &Config::site_hotline),
      Setting{"sms_sender", "how SMS verification codes are sent: log (writes them to the server log)",
              [](Config& c, const std::string& v) -> Result<void> {
                if (v != "log") return make_error("invalid_field", "sms_sender", "log expected");
                c.sms_sender = v;
                return {};
              }},
  };
  return kSettings;
}

std::string env_name(const std::string& key) {
  std::string out = "JZ_";
  for (char c : key) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Values read_environment() {
  Values out;
  for (const auto& s : settings()) {
    if (const char* v = std::getenv(env_name(s.key).c_str())) out[s.key] = v;
  }
  return out;
}

Result<Values> read_toml_file(const std::string& path) {
  Values out;
  if (path.empty()) return out;
  toml::table tbl;
  try {
    tbl = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return make_error("invalid_field", "config", path + ": " + std::string(e.description()));
  }
  for (auto&& [k, node] : tbl) {
    std::string key(k.str());
    if (auto s = node.value<std::string>()) out[key] = *s;
    else if (auto i = node.value<int64_t>()) out[key] = std::to_string(*i);
    else if (auto b = node.value<bool>()) out[key] = *b ? "true" : "false";
    else return make_error("invalid_field", key, "a string, integer or boolean expected");
  }
  return out;
}

Result<Config> resolve_config(const Values& file, const Values& env, const Values& flags) {
  Config c;
  for (const Values* layer : {&file, &env, &flags}) {
    for (const auto& [key, value] : *layer) {
      auto it = std::find_if(settings().begin(), settings().end(), [&](const Setting& s) { return s.key == key; });
      if (it == settings().end()) return make_error("invalid_field", key, "unknown setting");
      if (auto r = it->set(c, value); !r) return r.error();
    }
  }
  return c;
}

}  // namespace jz::app
