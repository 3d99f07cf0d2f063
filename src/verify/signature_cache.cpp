#include "verify/signature_cache.hpp"

#include <functional>

namespace jz::verify {

TokenCheck SignatureCache::check(std::string_view token, const PublicKey& key, std::string_view today,
                                 const Sm2PublicKey* sm2) {
  if (per_shard_ == 0) return check_token(token, key, today, sm2);
  Shard& shard = shards_[std::hash<std::string_view>{}(token) % kShards];
  {
    std::lock_guard g(shard.mu);
    auto it = shard.genuine.find(std::string(token));
    if (it != shard.genuine.end()) {
      TokenCheck out;
      out.payload = it->second;
      out.status = today > out.payload.expires_on  ? TokenStatus::expired
                   : today < out.payload.issued_on ? TokenStatus::not_yet_valid
                                                   : TokenStatus::valid;
      return out;
    }
  }
  TokenCheck out = check_token(token, key, today, sm2);  // outside the lock: this is the slow part
  if (out.genuine()) {
    std::lock_guard g(shard.mu);
    if (shard.genuine.size() >= per_shard_) shard.genuine.clear();
    shard.genuine.emplace(std::string(token), out.payload);
  }
  return out;
}

}  // namespace jz::verify
