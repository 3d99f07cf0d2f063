#pragma once
// Encryption of personal data stored in single columns (ID numbers, phones, health data), and blind indexes
// for finding such rows by exact value without decrypting the table.
//
// Ciphertext layout (stored as a BLOB):
//   [0]      format tag 0x01
//   [1..4]   key version, big-endian (which line of field.keys)
//   [5..28]  24-byte random nonce
//   [29..]   XChaCha20-Poly1305-IETF ciphertext followed by its 16-byte tag
// The associated data is the 5-byte header followed by `context` (the column, e.g. "workers.id_number"), so a
// ciphertext copied into another column, or given another version number, fails to decrypt.
//
// The 国密 suite (crypto_suite = "sm", docs/crypto-sm.md) writes format 0x02 instead, through OpenSSL 3:
//   [0]      format tag 0x02
//   [1..4]   key version, big-endian
//   [5..20]  16-byte random initial counter block
//   [21..]   SM4-CTR ciphertext followed by a 32-byte HMAC-SM3 tag over header, counter block, the length of
//            `context` (4 bytes big-endian), `context` and the ciphertext (encrypt-then-MAC: Debian's OpenSSL
//            3.0 has no SM4-GCM). The SM4 key and the MAC key are derived from the field key with HMAC-SM3.
// Blind indexes are then HMAC-SM3 instead of keyed BLAKE2b. Either suite decrypts both formats, so data moves
// from one suite to the other with `jiazheng keys rotate` (which also recomputes the blind indexes).
//
// A FieldCipher is an immutable snapshot of a Keyring's keys, safe to share between threads. After rotating
// the keyring, build a new FieldCipher.
#include <cstdint>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "db/database.hpp"
#include "security/keyring.hpp"

namespace jz::security {

enum class CryptoSuite { standard, sm };
// "standard" | "sm"; nullopt for anything else.
std::optional<CryptoSuite> parse_crypto_suite(std::string_view name);
std::string_view crypto_suite_name(CryptoSuite s);

class FieldCipher final {
 public:
  static constexpr unsigned char kFormatV1 = 0x01;
  static constexpr unsigned char kFormatSm = 0x02;
  static constexpr size_t kHeaderSize = 1 + 4;
  static constexpr size_t kNonceSize = 24;
  static constexpr size_t kTagSize = 16;
  static constexpr size_t kBlindIndexSize = 32;

  explicit FieldCipher(const Keyring& keyring, CryptoSuite suite = CryptoSuite::standard);

  // Encrypts `plaintext` under the current key for the column `context`. Contexts are fixed column names, not
  // user input; they must not contain '\0' (std::invalid_argument otherwise).
  [[nodiscard]] db::Blob encrypt(std::string_view plaintext, std::string_view context) const;

  // The plaintext, or Error "internal" with detail "decrypt_failed" when the blob was altered, truncated or
  // belongs to another context, or "unknown_key_version" when its key is not held (dropped too early?).
  [[nodiscard]] Result<std::string> decrypt(const db::Blob& blob, std::string_view context) const;

  // True when `blob` was encrypted under an older key than the current one, or in the other suite's format.
  // Also true for a blob whose header cannot be read, so that the rotation job tries it and reports the
  // failure instead of skipping it.
  [[nodiscard]] bool needs_reencrypt(const db::Blob& blob) const;

  // Deterministic 32-byte keyed BLAKE2b of context + '\0' + value, for exact lookup and uniqueness
  // constraints. Normalise `normalized_value` first (e.g. upper-case the X of an ID number), or equal values
  // will not match. Context-separated so equal phones in two columns do not reveal each other. Uses the
  // blind-index key, which field-key rotation does not touch.
  [[nodiscard]] db::Blob blind_index(std::string_view normalized_value, std::string_view context) const;

  uint32_t current_version() const { return current_; }
  CryptoSuite suite() const { return suite_; }

 private:
  db::Blob encrypt_sm(std::string_view plaintext, std::string_view context) const;
  Result<std::string> decrypt_sm(const db::Blob& blob, std::string_view context) const;

  CryptoSuite suite_ = CryptoSuite::standard;
  std::map<uint32_t, SecretKey> keys_;
  // Per key version, the 国密 suite's derived keys (SM4 key in the first 16 bytes, then the 32-byte HMAC-SM3 key),
  // computed once here instead of two HMACs for every value.
  std::map<uint32_t, std::array<unsigned char, 64>> sm_keys_;
  uint32_t current_ = 0;
  SecretKey blind_key_;
};

}  // namespace jz::security
