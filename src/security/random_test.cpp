#include "security/random.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>

namespace jz::security {
namespace {

TEST(RandomToken, IsUnpaddedBase64UrlOfTheRequestedLength) {
  const std::string token = random_token(32);
  EXPECT_EQ(token.size(), 43u);  // ceil(32 * 4 / 3) without '=' padding
  for (char c : token) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << c;
  }
}

TEST(RandomToken, DiffersBetweenCalls) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(random_token(16));
  EXPECT_EQ(seen.size(), 100u);
}

TEST(RandomToken, ZeroBytesGivesEmptyString) {
  EXPECT_EQ(random_token(0), "");
}

TEST(RandomDigits, HasExactlyNDecimalDigits) {
  const std::string code = random_digits(6);
  ASSERT_EQ(code.size(), 6u);
  for (char c : code) EXPECT_TRUE(c >= '0' && c <= '9');
}

TEST(RandomDigits, UsesEveryDigit) {
  const std::string many = random_digits(2000);
  for (char d = '0'; d <= '9'; ++d) EXPECT_NE(many.find(d), std::string::npos) << d;
}

TEST(TokenHash, IsBlake2b256HexOfKnownVector) {
  // BLAKE2b-256 of the empty string (RFC 7693 parameters, 32-byte output).
  EXPECT_EQ(token_hash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(TokenHash, IsDeterministicAndDistinguishesTokens) {
  const std::string a = random_token(32);
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(a + "x"));
  EXPECT_EQ(token_hash(a).size(), 64u);
}

}  // namespace
}  // namespace jz::security
