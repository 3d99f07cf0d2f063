#pragma once
// The Ed25519 key that signs service certificates (居家上门服务证), kept in the key directory beside the
// field keys (security::Keyring's folder, mode 0700):
//   signing.key  one line, base64 of the 32-byte seed; mode 0600. Whoever holds it can issue certificates.
//   signing.pub  one line, base64 of the 32-byte public key; may be published (GET /api/v1/certificates/public-key).
// Both are created at first start. A signing.pub without signing.key means certificates were issued with a
// key that is now lost: starting would silently make every printed QR code "forged", so that throws, as
// does a secret file with group/other permissions or a public file that does not match the secret.
// Several instances sharing one PostgreSQL database must share the key directory (copy it, as the field keys).
//
// SigningKey and PublicKey are immutable after construction and safe to share between threads.
#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace jz::verify {

class PublicKey final {
 public:
  static constexpr size_t kSize = 32;
  static constexpr size_t kSignatureSize = 64;
  PublicKey() = default;
  explicit PublicKey(const std::array<unsigned char, kSize>& bytes) : bytes_(bytes) {}

  // Reads the key from any of the forms we publish: the PEM block (SubjectPublicKeyInfo, as openssl writes
  // it), the bare base64 line of signing.pub, or the JSON of the public-key endpoint ({"public_key": …}).
  static Result<PublicKey> parse(std::string_view text);

  // True when `signature` (64 bytes) is this key's Ed25519 signature of `message`.
  [[nodiscard]] bool verify(std::string_view message, std::string_view signature) const;

  std::string base64() const;  // standard base64 of the 32 bytes
  std::string pem() const;     // "-----BEGIN PUBLIC KEY-----" … (RFC 8410), ends with a newline
  const std::array<unsigned char, kSize>& bytes() const { return bytes_; }
  bool operator==(const PublicKey&) const = default;

 private:
  std::array<unsigned char, kSize> bytes_{};
};

class SigningKey final {
 public:
  inline static constexpr const char* kSecretFile = "signing.key";
  inline static constexpr const char* kPublicFile = "signing.pub";

  // Loads the key pair from `dir`, or creates both files when neither exists (the directory must exist or is
  // created 0700). Throws std::runtime_error, naming the file and the fix, for anything else irregular.
  static SigningKey load_or_create(const std::filesystem::path& dir);
  // A fresh random key pair that lives only in memory (tests).
  static SigningKey generate();

  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey();

  // The 64-byte Ed25519 signature of `message`.
  [[nodiscard]] std::string sign(std::string_view message) const;
  const PublicKey& public_key() const { return public_; }

 private:
  SigningKey() = default;
  static SigningKey from_seed(const unsigned char* seed);

  std::array<unsigned char, 64> secret_{};  // libsodium's secret key: seed || public key; wiped on destruction
  PublicKey public_;
};

// ---- SM2 (国密, crypto_suite = "sm"): signatures with SM2 over SM3 and the distinguishing ID
// "1234567812345678" (GB/T 32918 / GM/T 0009's default), DER-encoded, through OpenSSL 3. Files beside the
// Ed25519 ones: signing_sm2.key (PKCS#8 PEM, 0600) and signing_sm2.pub (SubjectPublicKeyInfo PEM). Checkable with
//   openssl pkeyutl -verify -pubin -inkey signing_sm2.pub -rawin -in payload -sigfile sig -digest sm3
//        -pkeyopt distid:1234567812345678   (one command line)
inline constexpr std::string_view kSm2Id = "1234567812345678";

// OpenSSL's key object, shared (reference-counted, safe to use from several threads with a context each).
using OpensslKey = std::shared_ptr<::evp_pkey_st>;

class Sm2PublicKey final {
 public:
  // The PEM public key (or the JSON of the public-key endpoint, {"sm2": {"pem": …}}).
  static Result<Sm2PublicKey> parse(std::string_view text);
  [[nodiscard]] bool verify(std::string_view message, std::string_view der_signature) const;
  const std::string& pem() const { return pem_; }
  bool operator==(const Sm2PublicKey& o) const { return pem_ == o.pem_; }

 private:
  friend class Sm2SigningKey;
  std::string pem_;
  OpensslKey key_;
};

class Sm2SigningKey final {
 public:
  inline static constexpr const char* kSecretFile = "signing_sm2.key";
  inline static constexpr const char* kPublicFile = "signing_sm2.pub";
  // Loads the pair from `dir`, or creates it when neither file exists (same rules as SigningKey).
  static Sm2SigningKey load_or_create(const std::filesystem::path& dir);
  // The public key in `dir`, if an SM2 key was ever made there (verifying SM2 tokens during a migration).
  static std::optional<Sm2PublicKey> load_public(const std::filesystem::path& dir);
  static Sm2SigningKey generate();
  // The DER signature (70-72 bytes) of `message`.
  [[nodiscard]] std::string sign(std::string_view message) const;
  const Sm2PublicKey& public_key() const { return public_; }

 private:
  std::string secret_pem_;  // PKCS#8 PEM
  OpensslKey secret_;
  Sm2PublicKey public_;
};

}  // namespace jz::verify
