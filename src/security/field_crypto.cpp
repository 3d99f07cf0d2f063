#include "security/field_crypto.hpp"

#include <sodium.h>

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

}  // namespace

FieldCipher::FieldCipher(const Keyring& keyring)
    : keys_(keyring.field_keys()),
      current_(keyring.current_version()),
      blind_key_(keyring.blind_index_key()) {
  ensure_sodium();
}

db::Blob FieldCipher::encrypt(std::string_view plaintext, std::string_view context) const {
  check_context(context);
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
  if (!header_readable(blob)) return true;
  return read_version(blob) < current_;
}

db::Blob FieldCipher::blind_index(std::string_view normalized_value, std::string_view context) const {
  check_context(context);
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
