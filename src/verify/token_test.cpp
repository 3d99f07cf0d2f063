#include "verify/token.hpp"

#include <gtest/gtest.h>

namespace jz::verify {
namespace {

const TokenPayload kPayload{"k7mq2xw9ahd3", "GS2026112912345678", "2026-11-29", "2027-11-28"};

class TokenTest : public ::testing::Test {
 protected:
  SigningKey key_ = SigningKey::generate();
  std::string token_ = sign_token(kPayload, key_).value();
};

TEST_F(TokenTest, RoundTripsEveryField) {
  auto c = check_token(token_, key_.public_key(), "2026-11-29");
  ASSERT_EQ(c.status, TokenStatus::valid) << c.detail;
  EXPECT_EQ(c.payload, kPayload);
}

TEST_F(TokenTest, IsShortEnoughForASmallQrCode) {
  EXPECT_EQ(token_.size(), 117u) << token_;
  EXPECT_EQ(token_.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
            std::string::npos);
}

TEST_F(TokenTest, RejectsAFlippedBitAnywhere) {
  // Flip each bit of each decoded byte by changing characters: every character change of either part must
  // read as forged (or malformed), never as valid.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t i = 0; i < token_.size(); ++i) {
    if (token_[i] == '.') continue;
    for (char c : {'A', 'f', '_', '9'}) {
      if (c == token_[i]) continue;
      std::string altered = token_;
      altered[i] = c;
      auto r = check_token(altered, key_.public_key(), "2026-11-29");
      EXPECT_NE(r.status, TokenStatus::valid) << "position " << i;
      EXPECT_NE(r.status, TokenStatus::expired) << "position " << i;
    }
  }
}

TEST_F(TokenTest, RejectsAlteredPayloadBitsAsForged) {
  // Re-encode a payload with one bit flipped: well formed, wrong signature.
  std::string head = token_.substr(0, token_.find('.'));
  // The last character of the public id region: change 'A'..; simply swap a middle character.
  std::string altered = token_;
  size_t pos = head.size() / 2;
  altered[pos] = altered[pos] == 'B' ? 'C' : 'B';
  EXPECT_EQ(check_token(altered, key_.public_key(), "2026-11-29").status, TokenStatus::bad_signature);
}

TEST_F(TokenTest, RejectsAnotherKey) {
  auto other = SigningKey::generate();
  EXPECT_EQ(check_token(token_, other.public_key(), "2026-11-29").status, TokenStatus::bad_signature);
  // A token signed by another key is forged for us even with a perfectly plausible payload.
  auto forged = sign_token(kPayload, other).value();
  EXPECT_EQ(check_token(forged, key_.public_key(), "2026-11-29").status, TokenStatus::bad_signature);
}

TEST_F(TokenTest, ExpiresAfterItsLastDay) {
  EXPECT_EQ(check_token(token_, key_.public_key(), "2027-11-28").status, TokenStatus::valid);
  auto c = check_token(token_, key_.public_key(), "2027-11-29");
  EXPECT_EQ(c.status, TokenStatus::expired);
  EXPECT_EQ(c.payload.expires_on, "2027-11-28");
  EXPECT_TRUE(c.genuine());
}

TEST_F(TokenTest, RejectsTruncatedTokens) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{29}, size_t{30}, size_t{31}, token_.size() - 1})
    EXPECT_EQ(check_token(token_.substr(0, n), key_.public_key(), "2026-11-29").status, TokenStatus::bad_format)
        << n;
  EXPECT_EQ(check_token(token_.substr(1), key_.public_key(), "2026-11-29").status, TokenStatus::bad_format);
}

TEST_F(TokenTest, RejectsNonBase64AndOddShapes) {
  for (std::string t : {std::string("not a token"), std::string("abc.def"), token_ + ".x", std::string("."),
                        std::string("!!!!.????"), token_.substr(0, token_.find('.')),
                        std::string("%41%42.%43"), token_ + "=", std::string(600, 'A') + "." + "B"}) {
    EXPECT_EQ(check_token(t, key_.public_key(), "2026-11-29").status, TokenStatus::bad_format) << t;
  }
  std::string with_plus = token_;
  with_plus[3] = '+';  // standard base64, not base64url
  EXPECT_EQ(check_token(with_plus, key_.public_key(), "2026-11-29").status, TokenStatus::bad_format);
}

TEST_F(TokenTest, RefusesToSignInvalidPayloads) {
  auto p = kPayload;
  p.public_id = "";
  EXPECT_FALSE(sign_token(p, key_).ok());
  p = kPayload;
  p.public_id = "has space";
  EXPECT_FALSE(sign_token(p, key_).ok());
  p = kPayload;
  p.serial = "GS2026113012345678";  // not the issue date
  EXPECT_FALSE(sign_token(p, key_).ok());
  p = kPayload;
  p.expires_on = "2026-11-28";  // before issue
  EXPECT_FALSE(sign_token(p, key_).ok());
  p = kPayload;
  p.expires_on = "2026-02-30";
  EXPECT_FALSE(sign_token(p, key_).ok());
}

TEST(TokenDates, ConvertBothWays) {
  EXPECT_EQ(days_from_date("1970-01-01"), 0);
  EXPECT_EQ(days_from_date("2000-03-01"), 11017);
  EXPECT_EQ(date_from_days(11017), "2000-03-01");
  EXPECT_EQ(date_from_days(*days_from_date("2028-02-29")), "2028-02-29");
  EXPECT_FALSE(days_from_date("2027-02-29"));
  EXPECT_FALSE(days_from_date("2027-1-01"));
  EXPECT_TRUE(looks_like_serial("GS2026112912345678"));
  // Typed on a phone: lower case, grouped with spaces or dashes, full-width from a Chinese keyboard.
  EXPECT_EQ(canonical_serial("gs 2026 1129 1234-5678"), "GS2026112912345678");
  EXPECT_EQ(canonical_serial("ｇｓ２０２６１１２９１２３４５６７８\u3000"), "GS2026112912345678");
  EXPECT_FALSE(looks_like_serial(canonical_serial("GS2026112912345678x")));
  EXPECT_FALSE(looks_like_serial("GS202611291234567"));
  EXPECT_FALSE(looks_like_serial("XS2026112912345678"));
  EXPECT_EQ(make_serial("2026-11-29", 42), "GS2026112900000042");
}

}  // namespace
}  // namespace jz::verify
