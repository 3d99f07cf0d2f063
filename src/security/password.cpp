#include "security/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "security/random.hpp"

namespace jz::security {
namespace {

constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// libsodium wants a NUL-terminated hash that fits in crypto_pwhash_STRBYTES; anything else is not ours.
bool copy_hash(std::string_view hash, char (&out)[crypto_pwhash_STRBYTES]) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (hash.find('\0') != std::string_view::npos) return false;
  hash.copy(out, hash.size());
  out[hash.size()] = '\0';
  return true;
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing failed (out of memory)");
  }
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  char stored[crypto_pwhash_STRBYTES];
  if (!copy_hash(hash, stored)) return false;
  return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view hash) {
  ensure_sodium();
  // crypto_pwhash_str_needs_rehash compares only the limits, so an Argon2i hash with today's limits would
  // pass; the algorithm is checked here because we want every stored hash to become Argon2id.
  if (!hash.starts_with(kArgon2idPrefix)) return true;
  char stored[crypto_pwhash_STRBYTES];
  if (!copy_hash(hash, stored)) return true;
  return crypto_pwhash_str_needs_rehash(stored, kOpsLimit, kMemLimit) != 0;
}

Result<void> check_password_strength(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) return make_error("weak_password", "password", "too_long");
  size_t chars = 0;
  bool letter = false;
  bool digit = false;
  for (char ch : password) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++chars;  // count lead bytes, so 8 Chinese characters are 8, not 24
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter = true;
    if (c >= '0' && c <= '9') digit = true;
  }
  if (chars < kMinPasswordChars) return make_error("weak_password", "password", "too_short");
  if (!letter || !digit) return make_error("weak_password", "password", "needs_letter_and_digit");
  return {};
}

}  // namespace jz::security
