#pragma once
// Configuration: defaults, then a TOML file, then JZ_* environment variables, then command-line flags,
// later ones winning. Every setting has one key used in all four places: `listen` in the file,
// JZ_LISTEN in the environment, --listen on the command line.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "security/field_crypto.hpp"

namespace jz::app {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string database = "sqlite:var/jiazheng.db";
  std::string key_dir = "var/keys";
  std::string web_root = "web/dist";
  std::string public_url = "http://localhost:8080";  // base of links printed in QR codes and feeds
  int io_threads = 1;
  int threads = 4;  // worker pool for blocking handlers; also the database pool size
  int body_limit_kb = 4096;  // photos up to 2 MB, spreadsheet uploads of ~20,000 rows
  int header_limit_kb = 16;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;
  int session_hours = 12;
  bool access_log = true;
  std::string log_level = "info";
  // Points of each matching score component, e.g. "skill=20,credit=20,region=20,wage=15,experience=10,rating=10,
  // priority=5" (docs/matching.md); empty = those defaults.
  std::string matching_weights;
  // Field encryption and blind indexes: "standard" (XChaCha20-Poly1305, BLAKE2b) or "sm" (国密: SM4-CTR with
  // HMAC-SM3, HMAC-SM3); docs/crypto-sm.md. Switching moves data with `jiazheng keys rotate`.
  std::string crypto_suite = "standard";
  // Hardening (issue 13; docs/operations.md): proxies whose X-Forwarded-For/-Proto are believed (CIDR list),
  // the longest login delay, the Argon2 gate, who may read /metrics.
  std::string trusted_proxies;
  int login_max_delay_s = 60;
  int password_concurrency = 2;
  int password_queue = 32;
  std::string metrics_allow = "127.0.0.0/8,::1/128";
  std::string metrics_token;
  std::string sqlite_synchronous = "normal";  // "full": survive a power cut (db/sqlite/sqlite_database.hpp)
  // The site footer (GET /api/v1/meta → site): who runs the site, its ICP and public-security filing
  // numbers, and the hotline. Empty ones are not shown.
  std::string site_organizer, site_icp, site_police_record, site_hotline;
  // How SMS verification codes are sent: "log" writes them to the server log (docs/operations.md).
  std::string sms_sender = "log";

  std::string host() const;
  int port() const;
  // What an operator should fix before going live, e.g. public_url left at its default (QR codes and feeds
  // would then point at http://localhost:8080). Logged at start and shown by /readyz.
  std::vector<std::string> warnings() const;
  // crypto_suite as the enum (validated when set).
  security::CryptoSuite suite() const;
};

using Values = std::map<std::string, std::string>;

struct Setting {
  std::string key;
  std::string help;
  std::function<Result<void>(Config&, const std::string&)> set;
};
const std::vector<Setting>& settings();

// Environment variable name for a key: "key_dir" → "JZ_KEY_DIR".
std::string env_name(const std::string& key);
// The values of the JZ_* variables present in `environ`.
Values read_environment();
// Top-level keys of a TOML file as strings. A missing optional file gives {}; a bad one an error.
Result<Values> read_toml_file(const std::string& path);
// Applies the layers in order; an unknown key or a bad value is an error naming the key.
Result<Config> resolve_config(const Values& file, const Values& env, const Values& flags);

}  // namespace jz::app
