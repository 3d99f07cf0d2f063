#pragma once
// The compact signed token printed in a certificate's QR code, verifiable offline with the published key:
//
//   token   = base64url(payload) "." base64url(signature)          (no padding; 117 characters for a
//                                                                    12-character public id)
//   base64url is RFC 4648 section 5 without padding, and canonical: the unused low bits of the last character
//   must be zero; a decoder refuses any other spelling (so one certificate has exactly one token string).
//   payload = version   1 byte   0x01
//             id_len    1 byte   length of the worker's public id (1-64)
//             public_id id_len bytes (ASCII)
//             issued    2 bytes  big-endian days since 1970-01-01 (UTC)
//             expires   2 bytes  big-endian days since 1970-01-01: the last day the certificate is valid
//             number    4 bytes  big-endian, the random part of the serial (0-99,999,999)
//   signature = Ed25519 (crypto_sign_detached) over the payload bytes, 64 bytes
//
// The serial is not stored separately: it is "GS" + issued date (YYYYMMDD) + the number in 8 digits, so a
// serial always names its issue day and the token stays short enough for a small QR code. Revocation is
// not in the token (it cannot be); the service checks it against the database.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "verify/signing_key.hpp"

namespace jz::verify {

inline constexpr unsigned char kTokenVersion = 1;     // Ed25519, the layout above
inline constexpr unsigned char kTokenVersionAlg = 4;  // version 4: an algorithm byte follows the version (2 is training certificates, 3 contracts)
inline constexpr unsigned char kAlgSm2Sm3 = 2;        //   SM2 with SM3 (国密), DER signature of 70-72 bytes
inline constexpr size_t kMaxPublicIdLength = 64;

struct TokenPayload {
  std::string public_id;   // the worker's public id (never the database id, never personal data)
  std::string serial;      // "GS2026112912345678"
  std::string issued_on;   // YYYY-MM-DD
  std::string expires_on;  // YYYY-MM-DD, inclusive
  bool operator==(const TokenPayload&) const = default;
};

enum class TokenStatus {
  valid,
  bad_format,     // not a token at all: wrong shape, not base64url, truncated, unknown version
  bad_signature,  // well formed, but not signed by this key: forged, or altered after signing
  expired,        // genuine, but past its last valid day (payload is filled; see expires_on)
  not_yet_valid,  // genuine, but checked before its issue day (a wrong clock, or a date given on purpose)
};
std::string_view token_status_name(TokenStatus s);

struct TokenCheck {
  TokenStatus status = TokenStatus::bad_format;
  TokenPayload payload;  // filled for valid and expired
  std::string detail;    // why bad_format, for logs and the CLI (never personal data)
  bool genuine() const {
    return status == TokenStatus::valid || status == TokenStatus::expired || status == TokenStatus::not_yet_valid;
  }
};

// Signs `payload`. Errors (invalid_field) for a public id that is empty, too long or not printable ASCII, a
// serial that does not match the issue date, or dates outside 1970-2149 or expiring before issue.
Result<std::string> sign_token(const TokenPayload& payload, const SigningKey& key);

// Signs `payload` as a version 4 token with SM2 (crypto_suite = "sm"): payload = 0x04, 0x02 (SM2-SM3), then the
// version 1 fields from id_len on; signature = DER SM2 signature with SM3 and ID "1234567812345678".
Result<std::string> sign_token_sm2(const TokenPayload& payload, const Sm2SigningKey& key);

// Checks format, signature and expiry against `today` (YYYY-MM-DD). Version 1 tokens verify with `key`
// (Ed25519), version 4 SM2 tokens with `sm2` (none given: they read as bad_signature), so both kinds verify
// while a deployment moves from one to the other. Never throws on any input.
[[nodiscard]] TokenCheck check_token(std::string_view token, const PublicKey& key, std::string_view today,
                                     const Sm2PublicKey* sm2 = nullptr);

// "GS" + YYYYMMDD + 8 digits.
std::string make_serial(std::string_view issued_on, uint32_t number);
// True for a string of the serial's shape (used to answer 404 without a query for anything else).
bool looks_like_serial(std::string_view serial);
// A serial as people type or read it out: full-width forms folded, spaces, dashes and dots dropped, letters
// upper-cased ("gs 2026 1129 1234-5678" → "GS2026112912345678"). Anything else is kept for the format check.
std::string canonical_serial(std::string_view typed);

// Days since 1970-01-01 for a valid YYYY-MM-DD, and back.
std::optional<int64_t> days_from_date(std::string_view date);
std::string date_from_days(int64_t days);

// For other token kinds (token_kinds.hpp): `payload` (its first byte the kind's version, never 1) signed
// as base64url(payload) "." base64url(signature), and back — the payload when `token` is well formed and
// signed by `key`, nullopt otherwise. The kind parses its own payload.
std::string sign_kind_payload(std::string_view payload, const SigningKey& key);
std::optional<std::string> open_kind_token(std::string_view token, const PublicKey& key);

}  // namespace jz::verify
