#pragma once
// HTTP routes of service certificates and public verification (see docs/api.md, "Service certificates"):
//   POST /api/v1/workers/{id}/certificates        issue (enterprise own staff, city officer, province admin)
//   GET  /api/v1/workers/{id}/certificates        list (whoever may see the worker's record)
//   POST /api/v1/certificates/{serial}/revoke     revoke (issuers in scope, and the worker herself)
//   GET  /api/v1/certificates/public-key          the Ed25519 public key (public)
//   GET  /api/v1/certificates/{serial}            verification by serial (public; 404 when unknown)
//   GET  /api/v1/certificates/{serial}/qr.png     the QR code of the verify URL (whoever may see the worker)
//   GET  /api/v1/verify/{token}                   verification by token, JSON (public)
//   GET  /v/{token}                               verification by token, the HTML page a QR code opens (public)
#include <filesystem>
#include <memory>

#include "security/field_crypto.hpp"
#include <string>

#include "db/database.hpp"
#include "http/router.hpp"
#include "security/field_crypto.hpp"

namespace jz::verify {

// What the routes hold on to: the signing key, the audit queue (and its own database handle) and the
// service. Keep it alive until the server has stopped; destroying it writes the last audit rows.
class Module {
 public:
  virtual ~Module() = default;
};

// Loads or creates the signing key in `key_dir`, opens one connection of its own to `database_url` for the
// audit queue, and adds the routes. Throws (at start-up) when the key files are not right.
[[nodiscard]] std::unique_ptr<Module> register_routes(http::Router& router, db::Database& db,
                                                      const std::filesystem::path& key_dir, std::string public_url,
                                                      const std::string& database_url,
                                                      security::CryptoSuite suite = security::CryptoSuite::standard);

}  // namespace jz::verify
