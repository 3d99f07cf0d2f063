#pragma once
// Training certificates (培训合格证书): a serial and a compact token signed with the same Ed25519 key as the
// service certificates (verify/signing_key.hpp), so the published public key verifies both offline.
//
//   token   = base64url(payload) "." base64url(signature)
//   payload = version   1 byte   0x02  (service certificates are 0x01: verify/token.hpp rejects 0x02 as
//                                       "unknown version", so the two kinds can never be mistaken)
//             kind      1 byte   0x01  training certificate
//             id_len    1 byte   length of the worker's public id (1-64)
//             public_id id_len bytes (ASCII)
//             issued    2 bytes  big-endian days since 1970-01-01
//             number    4 bytes  big-endian, the random part of the serial (0-99,999,999)
//             course    4 bytes  big-endian course id
//   signature = Ed25519 over the payload bytes
//
// With crypto_suite = "sm" (国密) the same layout goes out as version 0x05 and is signed with SM2 over SM3 (DER,
// 70-72 bytes; the service certificates' SM2 key and ID, docs/crypto-sm.md). The version byte is inside the signed
// payload; either kind verifies wherever its key is known, so a deployment can move between the suites.
//
// Serial: "GT" + issue date (YYYYMMDD) + 8 digits. Training certificates do not expire.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "verify/signing_key.hpp"

namespace jz::training {

inline constexpr unsigned char kCertificateTokenVersion = 2;     // Ed25519
inline constexpr unsigned char kCertificateTokenVersionSm2 = 5;  // SM2-SM3 (verify/token.hpp: 1 and 4 are service certificates, 3 contracts)
inline constexpr unsigned char kCertificateKindTraining = 1;

struct CertificatePayload {
  std::string public_id;
  std::string serial;     // GT2026112912345678
  std::string issued_on;  // YYYY-MM-DD
  int64_t course_id = 0;
  bool operator==(const CertificatePayload&) const = default;
};

std::string make_certificate_serial(std::string_view issued_on, uint32_t number);
bool looks_like_certificate_serial(std::string_view s);

Result<std::string> sign_certificate(const CertificatePayload& p, const verify::SigningKey& key);
Result<std::string> sign_certificate_sm2(const CertificatePayload& p, const verify::Sm2SigningKey& key);
// The payload when `token` is well formed and signed: version 2 by `key`, version 5 by `sm2` (none given: refused);
// nullopt for anything else. Never throws.
std::optional<CertificatePayload> check_certificate(std::string_view token, const verify::PublicKey& key,
                                                    const verify::Sm2PublicKey* sm2 = nullptr);

}  // namespace jz::training
