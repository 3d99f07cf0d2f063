#pragma once
// Remembers which token strings carry a good signature, so that a QR code scanned again (a household
// checking at the door, then again at the second visit; an enterprise's front desk) costs a hash lookup
// instead of an Ed25519 verification (~90 µs on the benchmark machine, about 40 % of a verification).
//
// Safe because the answer for an exact token string never changes while the key does not (the key is fixed
// for the life of the process): only genuine tokens are stored, with their signed payload; expiry is still
// computed from that payload on every call, and revocation is still read from the database by the service.
// Forged tokens are never cached, so garbage cannot evict genuine entries.
//
// Bounded: 16 shards, each cleared when it reaches its share of `capacity` (simple, no per-hit bookkeeping).
// Capacity 0 disables the cache. Thread-safe.
#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "verify/token.hpp"

namespace jz::verify {

class SignatureCache final {
 public:
  explicit SignatureCache(size_t capacity) : per_shard_(capacity / kShards) {}
  // Same answer as check_token(token, key, today).
  [[nodiscard]] TokenCheck check(std::string_view token, const PublicKey& key, std::string_view today,
                                 const Sm2PublicKey* sm2 = nullptr);

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, TokenPayload> genuine;  // guarded by mu
  };
  const size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace jz::verify
