#include "verify/signature_cache.hpp"

#include <gtest/gtest.h>

namespace jz::verify {
namespace {

TEST(SignatureCache, AnswersExactlyAsTheUncachedCheck) {
  auto key = SigningKey::generate();
  auto other = SigningKey::generate();
  TokenPayload p{"k7mq2xw9ahd3", "GS2026112912345678", "2026-11-29", "2027-11-28"};
  std::string good = sign_token(p, key).value();
  std::string forged = sign_token(p, other).value();
  for (size_t capacity : {size_t{0}, size_t{16}, size_t{1000}}) {
    SignatureCache cache(capacity);
    for (int round = 0; round < 3; ++round) {  // first a miss, then hits
      auto c = cache.check(good, key.public_key(), "2026-11-30");
      EXPECT_EQ(c.status, TokenStatus::valid);
      EXPECT_EQ(c.payload, p);
      // Expiry is computed on every call, from the cached payload.
      EXPECT_EQ(cache.check(good, key.public_key(), "2027-11-29").status, TokenStatus::expired);
      EXPECT_EQ(cache.check(forged, key.public_key(), "2026-11-30").status, TokenStatus::bad_signature);
      EXPECT_EQ(cache.check("garbage", key.public_key(), "2026-11-30").status, TokenStatus::bad_format);
    }
  }
}

TEST(SignatureCache, StaysBoundedUnderManyTokens) {
  auto key = SigningKey::generate();
  SignatureCache cache(32);
  for (uint32_t i = 0; i < 500; ++i) {
    TokenPayload p{"w" + std::to_string(i), make_serial("2026-11-29", i), "2026-11-29", "2027-11-28"};
    auto t = sign_token(p, key).value();
    EXPECT_EQ(cache.check(t, key.public_key(), "2026-11-29").payload, p);
    EXPECT_EQ(cache.check(t, key.public_key(), "2026-11-29").payload, p);
  }
}

}  // namespace
}  // namespace jz::verify
