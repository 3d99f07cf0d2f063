#include "security/field_crypto.hpp"

#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <stdexcept>

#include "security/random.hpp"

namespace jz::security {
namespace {

static_assert(FieldCipher::kNonceSize == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(FieldCipher::kTagSize == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(SecretKey::kSize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(SecretKey::kSize == crypto_generichash_KEYBYTES);

constexpr size_t kPrefixSize = FieldCipher::kHeaderSize + FieldCipher::kNonceSize;

void check_context(std::string_view context) {
  // '\0' separates context from value in the blind index; allowing it in a context would let two
  // different (context, value) pairs hash the same input.
  if (context.find('\0') != std::string_view::npos) throw std::invalid_argument("field context contains NUL");
}

// Associated data: header bytes then context.
db::Blob associated_data(const unsigned char* header, std::string_view context) {
  db::Blob ad(header, header + FieldCipher::kHeaderSize);
  ad.insert(ad.end(), context.begin(), context.end());
  return ad;
}

uint32_t read_version(const db::Blob& blob) {
  return (uint32_t{blob[1]} << 24) | (uint32_t{blob[2]} << 16) | (uint32_t{blob[3]} << 8) | uint32_t{blob[4]};
}

bool header_readable(const db::Blob& blob) {
  return blob.size() >= kPrefixSize + FieldCipher::kTagSize && blob[0] == FieldCipher::kFormatV1;
}

// ---- The 国密 suite (format 0x02): SM4-CTR, then HMAC-SM3 over everything (encrypt-then-MAC).
constexpr size_t kSmIvSize = 16, kSmTagSize = 32;
constexpr size_t kSmPrefixSize = FieldCipher::kHeaderSize + kSmIvSize;

bool sm_header_readable(const db::Blob& blob) {
  return blob.size() >= kSmPrefixSize + kSmTagSize && blob[0] == FieldCipher::kFormatSm;
}

// HMAC-SM3 of the concatenated parts under `key`.
std::array<unsigned char, 32> hmac_sm3(const unsigned char* key, size_t key_len,
                                       std::initializer_list<std::string_view> parts) {
  std::array<unsigned char, 32> out{};
  // Fetched once: a fetched algorithm is immutable and may be shared by threads (OpenSSL 3 "Performance").
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = mac ? EVP_MAC_CTX_new(mac) : nullptr;
  char digest[] = "SM3";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
  size_t len = 0;
  bool ok = ctx && EVP_MAC_init(ctx, key, key_len, params) == 1;
  for (auto p : parts)
    ok = ok && EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(p.data()), p.size()) == 1;
  ok = ok && EVP_MAC_final(ctx, out.data(), &len, out.size()) == 1 && len == out.size();
  EVP_MAC_CTX_free(ctx);
  if (!ok) throw std::runtime_error("HMAC-SM3 unavailable in this OpenSSL");
  return out;
}

std::string_view bytes(const unsigned char* p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }

// SM4-CTR is its own inverse: the same call encrypts and decrypts.
void sm4_ctr(const unsigned char* key, const unsigned char* iv, const unsigned char* in, size_t n, unsigned char* out) {
  static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "SM4-CTR", nullptr);
  EVP_CIPHER_CTX* ctx = cipher ? EVP_CIPHER_CTX_new() : nullptr;
  int len = 0, fin = 0;
  bool ok = ctx && EVP_EncryptInit_ex2(ctx, cipher, key, iv, nullptr) == 1 &&
            EVP_EncryptUpdate(ctx, out, &len, in, static_cast<int>(n)) == 1 &&
            EVP_EncryptFinal_ex(ctx, out + len, &fin) == 1 && static_cast<size_t>(len + fin) == n;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) throw std::runtime_error("SM4-CTR unavailable in this OpenSSL");
}

// k_enc = the first 16 bytes of HMAC-SM3(field key, "jiazheng field sm4 key") (bytes 0-15 of the result),
// k_mac = HMAC-SM3(field key, "jiazheng field hmac-sm3 key") (bytes 32-63).
std::array<unsigned char, 64> sm_keys(const SecretKey& k) {
  std::array<unsigned char, 64> out{};
  auto enc = hmac_sm3(k.data(), k.size(), {"jiazheng field sm4 key"});
  auto mac = hmac_sm3(k.data(), k.size(), {"jiazheng field hmac-sm3 key"});
  std::copy(enc.begin(), enc.end(), out.begin());
  std::copy(mac.begin(), mac.end(), out.begin() + 32);
  return out;
}
const unsigned char* sm_enc_key(const std::array<unsigned char, 64>& k) { return k.data(); }

std::array<unsigned char, 32> sm_tag(const std::array<unsigned char, 64>& k, const unsigned char* prefix,
                                     std::string_view context, const unsigned char* ct, size_t n) {
  unsigned char len[4] = {static_cast<unsigned char>(context.size() >> 24), static_cast<unsigned char>(context.size() >> 16),
                          static_cast<unsigned char>(context.size() >> 8), static_cast<unsigned char>(context.size())};
  return hmac_sm3(k.data() + 32, 32, {bytes(prefix, kSmPrefixSize), bytes(len, 4), context, bytes(ct, n)});
}

}  // namespace

std::optional<CryptoSuite> parse_crypto_suite(std::string_view name) {
  if (name == "standard") return CryptoSuite::standard;
  if (name == "sm") return CryptoSuite::sm;
  return std::nullopt;
}

std::string_view crypto_suite_name(CryptoSuite s) { return s == CryptoSuite::sm ? "sm" : "standard"; }

FieldCipher::FieldCipher(const Keyring& keyring, CryptoSuite suite)
    : suite_(suite),
      keys_(keyring.field_keys()),
      current_(keyring.current_version()),
      blind_key_(keyring.blind_index_key()) {
  ensure_sodium();
  for (const auto& [version, key] : keys_) sm_keys_.emplace(version, sm_keys(key));
}

db::Blob FieldCipher::encrypt_sm(std::string_view plaintext, std::string_view context) const {
  db::Blob out(kSmPrefixSize + plaintext.size() + kSmTagSize);
  out[0] = kFormatSm;
  for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<unsigned char>(current_ >> (24 - 8 * i));
  unsigned char* iv = out.data() + kHeaderSize;
  randombytes_buf(iv, kSmIvSize);  // a random 128-bit initial counter block per value
  const auto& k = sm_keys_.at(current_);
  unsigned char* ct = out.data() + kSmPrefixSize;
  sm4_ctr(sm_enc_key(k), iv, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), ct);
  auto tag = sm_tag(k, out.data(), context, ct, plaintext.size());
  std::copy(tag.begin(), tag.end(), ct + plaintext.size());
  return out;
}

Result<std::string> FieldCipher::decrypt_sm(const db::Blob& blob, std::string_view context) const {
  if (!sm_header_readable(blob)) return make_error("internal", {}, "decrypt_failed");
  const auto key = sm_keys_.find(read_version(blob));
  if (key == sm_keys_.end()) return make_error("internal", {}, "unknown_key_version");
  const auto& k = key->second;
  const size_t n = blob.size() - kSmPrefixSize - kSmTagSize;
  const unsigned char* ct = blob.data() + kSmPrefixSize;
  auto tag = sm_tag(k, blob.data(), context, ct, n);
  if (sodium_memcmp(tag.data(), ct + n, kSmTagSize) != 0) return make_error("internal", {}, "decrypt_failed");
  std::string plain(n, '\0');
  sm4_ctr(sm_enc_key(k), blob.data() + kHeaderSize, ct, n, reinterpret_cast<unsigned char*>(plain.data()));
  return plain;
}

db::Blob FieldCipher::encrypt(std::string_view plaintext, std::string_view context) const {
  check_context(context);
  if (suite_ == CryptoSuite::sm) return encrypt_sm(plaintext, context);
  db::Blob out(kPrefixSize + plaintext.size() + kTagSize);
  out[0] = kFormatV1;
  out[1] = static_cast<unsigned char>(current_ >> 24);
  out[2] = static_cast<unsigned char>(current_ >> 16);
  out[3] = static_cast<unsigned char>(current_ >> 8);
  out[4] = static_cast<unsigned char>(current_);
  unsigned char* nonce = out.data() + kHeaderSize;
  randombytes_buf(nonce, kNonceSize);  // 192-bit random nonces: no counter to keep across restarts
  const db::Blob ad = associated_data(out.data(), context);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + kPrefixSize, &written, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), ad.data(), ad.size(), nullptr, nonce, keys_.at(current_).data());
  out.resize(kPrefixSize + written);
  return out;
}

Result<std::string> FieldCipher::decrypt(const db::Blob& blob, std::string_view context) const {
  check_context(context);
  if (!blob.empty() && blob[0] == kFormatSm) return decrypt_sm(blob, context);
  if (!header_readable(blob)) return make_error("internal", {}, "decrypt_failed");
  const auto key = keys_.find(read_version(blob));
  if (key == keys_.end()) return make_error("internal", {}, "unknown_key_version");
  const db::Blob ad = associated_data(blob.data(), context);
  const unsigned char* nonce = blob.data() + kHeaderSize;
  const size_t sealed = blob.size() - kPrefixSize;
  std::string plain(sealed - kTagSize, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &written,
                                                 nullptr, blob.data() + kPrefixSize, sealed, ad.data(),
                                                 ad.size(), nonce, key->second.data()) != 0) {
    return make_error("internal", {}, "decrypt_failed");
  }
  plain.resize(written);
  return plain;
}

bool FieldCipher::needs_reencrypt(const db::Blob& blob) const {
  const bool sm = suite_ == CryptoSuite::sm;
  if (sm ? !sm_header_readable(blob) : !header_readable(blob)) return true;  // unreadable, or the other suite's
  return read_version(blob) < current_;
}

db::Blob FieldCipher::blind_index(std::string_view normalized_value, std::string_view context) const {
  check_context(context);
  if (suite_ == CryptoSuite::sm) {
    const unsigned char separator = 0;
    auto h = hmac_sm3(blind_key_.data(), blind_key_.size(), {context, bytes(&separator, 1), normalized_value});
    return db::Blob(h.begin(), h.end());
  }
  crypto_generichash_state state;
  crypto_generichash_init(&state, blind_key_.data(), blind_key_.size(), kBlindIndexSize);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(context.data()), context.size());
  const unsigned char separator = 0;
  crypto_generichash_update(&state, &separator, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(normalized_value.data()),
                            normalized_value.size());
  db::Blob out(kBlindIndexSize);
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

}  // namespace jz::security
