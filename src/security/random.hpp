#pragma once
// Randomness and hashing for secrets that are not passwords: session and reset tokens, numeric codes,
// and the hash under which a session token is stored so that a leaked table does not leak live sessions.
// Everything here comes from libsodium; ensure_sodium() is the one place it is initialised.
#include <cstddef>
#include <string>
#include <string_view>

namespace jz::security {

// Initialises libsodium once per process. Throws std::runtime_error when it cannot (no usable entropy
// source), because nothing that depends on secrets may run after that. Thread-safe; cheap after the first
// call.
void ensure_sodium();

// `bytes` random bytes as base64url without padding: safe in URLs, cookies and headers as they are.
[[nodiscard]] std::string random_token(size_t bytes);

// `n` uniformly random decimal digits (randombytes_uniform, so no modulo bias), e.g. for SMS codes.
[[nodiscard]] std::string random_digits(size_t n);

// Lower-case hex of the unkeyed BLAKE2b-256 of `token`. Tokens are high-entropy, so a fast unkeyed hash is
// enough: the database stores this, the client holds the token, and a database dump cannot be replayed.
[[nodiscard]] std::string token_hash(std::string_view token);

}  // namespace jz::security
