#pragma once
// Service certificates (居家上门服务证) and their public verification (家政信用查): the rules, no HTTP.
//
//   issue    enterprise (own staff), city officer (her 市州), province admin. The worker's identity must be
//            verified. Default validity one year (issued_on … issued_on + 1 year − 1 day); an explicit
//            expires_on must be today or later and at most three years ahead. The validity is NOT cut to the
//            health check's: the traffic light shows the health check live on every scan, and a certificate
//            that lapsed with each health check would mean reprinting the QR code every time. Issuing
//            revokes the worker's other current certificates ("superseded"): one QR code in use at a time.
//            The certificate records the SHA-256 of the worker's photo on file; the verify page shows that
//            photo (by certificate token) only while it is unchanged. Changing a verified worker's name or
//            photo revokes all her certificates and sends her identity back to re-verification (registry).
//   revoke   the same roles in the same scope, and the worker herself (lost phone, left the trade). The reason
//            is stored and shown to those who may see the worker's record, never to the public.
//   verify   by token (QR code) or serial (typed in): signature, expiry, then revocation in the database,
//            then the public profile. Public; every verification is audited through the AuditQueue with
//            subject_worker_id so the worker sees it among the views of her record.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "security/audit.hpp"
#include "security/roles.hpp"
#include "verify/audit_queue.hpp"
#include "verify/model.hpp"
#include "verify/signature_cache.hpp"
#include "verify/signing_key.hpp"

namespace jz::verify {

inline constexpr int kMaxValidityYears = 3;

struct CertificatePhoto {
  std::string content_type;
  std::string data;
};

// issued_on + 1 year − 1 day (29 February issues run to 28 February).
std::string default_expiry(const std::string& issued_on);

class Service final {
 public:
  static constexpr size_t kDefaultSignatureCache = 65536;

  // `audit` receives the public verifications; `public_url` is the base of the verify URL in QR codes;
  // `signature_cache` is the number of genuine tokens whose signature check is remembered (0: none).
  Service(db::Database& db, const SigningKey& key, std::string public_url, AuditQueue& audit,
          size_t signature_cache = kDefaultSignatureCache)
      : db_(db), key_(key), public_url_(std::move(public_url)), audit_(audit), signatures_(signature_cache) {}

  // Audited (certificate.issue) inside the transaction.
  [[nodiscard]] Result<Certificate> issue(const security::Principal& by, int64_t worker_id,
                                          const std::optional<std::string>& expires_on,
                                          const security::AuditActor& actor);
  [[nodiscard]] Result<std::vector<Certificate>> list(const security::Principal& by, int64_t worker_id);
  // Audited (certificate.revoke) inside the transaction. 409 certificate_already_revoked when it is.
  [[nodiscard]] Result<Certificate> revoke(const security::Principal& by, const std::string& serial,
                                           const std::string& reason, const security::AuditActor& actor);
  // The PNG of the certificate's verify URL, for those who may see the worker's record.
  [[nodiscard]] Result<std::string> qr_png(const security::Principal& by, const std::string& serial);

  // Public. Never fails: a token that is not ours is Verdict::forged.
  [[nodiscard]] Verification verify_token(std::string_view token, Channel channel, const security::AuditActor& actor);
  // Public. 404 certificate_not_found for an unknown serial; otherwise as verify_token on the stored token.
  [[nodiscard]] Result<Verification> verify_serial(const std::string& serial, const security::AuditActor& actor);

  // Public. The photo a certificate was issued with, by its token; not_found when the token is not ours, the
  // certificate is revoked or not on record, or the photo on file is no longer the one it was issued with.
  [[nodiscard]] Result<CertificatePhoto> photo(std::string_view token, const security::AuditActor& actor);

  std::string verify_url(const std::string& token) const { return public_url_ + "/v/" + token; }
  const PublicKey& public_key() const { return key_.public_key(); }
  // 国密: sign new certificates with `signer` (SM2) when given, and verify SM2 tokens with `verifier`
  // (the SM2 public key in the key directory) — Ed25519 tokens keep verifying. Call before serving.
  void use_sm2(const Sm2SigningKey* signer, std::optional<Sm2PublicKey> verifier) {
    sm2_signer_ = signer;
    sm2_public_ = std::move(verifier);
  }
  const std::optional<Sm2PublicKey>& sm2_public_key() const { return sm2_public_; }

 private:
  Verification verify(std::string_view token, const std::optional<std::string>& serial_hint, Channel channel,
                      const security::AuditActor& actor);

  db::Database& db_;
  const SigningKey& key_;
  const Sm2SigningKey* sm2_signer_ = nullptr;
  std::optional<Sm2PublicKey> sm2_public_;
  const std::string public_url_;
  AuditQueue& audit_;
  SignatureCache signatures_;
};

}  // namespace jz::verify
