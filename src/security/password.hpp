#pragma once
// Password storage and the strength rule. Hashes are Argon2id (libsodium's crypto_pwhash_str format, which
// carries its own salt and parameters), so verification needs only the stored string, and a hash made with
// older or weaker parameters can be recognised and upgraded at the next successful login.
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace jz::security {

// Longest password accepted, in bytes: Argon2 does not care, but an unbounded input is a cheap way to make
// the server hash megabytes per request.
inline constexpr size_t kMaxPasswordBytes = 128;
// Shortest password accepted, in characters (UTF-8 code points).
inline constexpr size_t kMinPasswordChars = 8;

// Argon2id hash of `password` with the INTERACTIVE limits (~64 MiB, a fraction of a second). Throws
// std::runtime_error only when hashing itself fails (out of memory), which must end the request.
[[nodiscard]] std::string hash_password(std::string_view password);

// True when `password` matches `hash`. A malformed or empty hash is simply a mismatch, never an exception,
// so a corrupt row cannot be used to probe the login path.
[[nodiscard]] bool verify_password(std::string_view hash, std::string_view password);

// True when `hash` is not Argon2id with the current limits (or is not a valid hash at all): after a
// successful verify the caller should store hash_password(password) in its place.
[[nodiscard]] bool password_needs_rehash(std::string_view hash);

// The registration/change rule: at least 8 characters, at least one ASCII letter and one ASCII digit, at most
// 128 bytes. Error code "weak_password", field "password", detail naming the rule that failed
// ("too_short", "too_long", "needs_letter_and_digit").
[[nodiscard]] Result<void> check_password_strength(std::string_view password);

}  // namespace jz::security
