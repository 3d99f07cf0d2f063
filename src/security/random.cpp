#include "security/random.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace jz::security {

void ensure_sodium() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = sodium_init() >= 0; });
  if (!ok) throw std::runtime_error("libsodium could not be initialised (no entropy source?)");
}

std::string random_token(size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), kVariant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string random_digits(size_t n) {
  ensure_sodium();
  std::string out(n, '0');
  for (char& c : out) c = static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_generichash_BYTES];  // 32 bytes: BLAKE2b-256
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, sizeof digest * 2);
}

}  // namespace jz::security
