#include "verify/token.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

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

TEST_F(TokenTest, IsNotYetValidBeforeItsIssueDay) {
  auto c = check_token(token_, key_.public_key(), "2026-11-28");
  EXPECT_EQ(c.status, TokenStatus::not_yet_valid);
  EXPECT_EQ(c.payload.issued_on, "2026-11-29");
  EXPECT_TRUE(c.genuine());
  EXPECT_EQ(token_status_name(c.status), "not_yet_valid");
}

// Only the canonical base64url spelling verifies: setting an unused trailing bit of either part keeps the decoded
// bytes (a lenient decoder would accept it) but changes the string, so it is refused.
TEST_F(TokenTest, RejectsNonCanonicalBase64url) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  auto flip_low_bit = [](std::string t, size_t at) {
    t[at] = kAlphabet[kAlphabet.find(t[at]) ^ 1];
    return t;
  };
  size_t dot = token_.find('.');
  std::string payload_bits = flip_low_bit(token_, dot - 1);       // 22 bytes: 4 unused bits in the last char
  std::string signature_bits = flip_low_bit(token_, token_.size() - 1);  // 64 bytes: 2 unused bits
  EXPECT_EQ(check_token(payload_bits, key_.public_key(), "2026-11-29").status, TokenStatus::bad_format);
  auto c = check_token(signature_bits, key_.public_key(), "2026-11-29");
  EXPECT_EQ(c.status, TokenStatus::bad_format);
  EXPECT_EQ(c.detail, "not base64url");
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

namespace jz::verify {
namespace {

std::string b64url_decode(std::string_view s) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    acc = (acc << 6) | static_cast<uint32_t>(kAlphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

class Sm2TokenTest : public ::testing::Test {
 protected:
  SigningKey ed_ = SigningKey::generate();
  Sm2SigningKey sm2_ = Sm2SigningKey::generate();
};

TEST_F(Sm2TokenTest, BothKindsVerifyDuringAMigration) {
  std::string v2 = sign_token_sm2(kPayload, sm2_).value(), v1 = sign_token(kPayload, ed_).value();
  auto c2 = check_token(v2, ed_.public_key(), "2026-11-29", &sm2_.public_key());
  ASSERT_EQ(c2.status, TokenStatus::valid) << c2.detail;
  EXPECT_EQ(c2.payload, kPayload);
  EXPECT_EQ(check_token(v1, ed_.public_key(), "2026-11-29", &sm2_.public_key()).status, TokenStatus::valid);
  EXPECT_EQ(check_token(v2, ed_.public_key(), "2027-11-29", &sm2_.public_key()).status, TokenStatus::expired);
  // Without the SM2 key, or with another one, an SM2 token is not ours.
  EXPECT_EQ(check_token(v2, ed_.public_key(), "2026-11-29").status, TokenStatus::bad_signature);
  auto other = Sm2SigningKey::generate();
  EXPECT_EQ(check_token(v2, ed_.public_key(), "2026-11-29", &other.public_key()).status, TokenStatus::bad_signature);
  // The algorithm byte is signed: relabelling an SM2 token as Ed25519 (or back) does not verify.
  std::string payload = b64url_decode(v2.substr(0, v2.find('.')));
  EXPECT_EQ(static_cast<unsigned char>(payload[0]), kTokenVersionAlg);
  EXPECT_EQ(static_cast<unsigned char>(payload[1]), kAlgSm2Sm3);
  for (size_t i = 0; i < v2.find('.'); i += 5) {
    std::string t = v2;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    auto r = check_token(t, ed_.public_key(), "2026-11-29", &sm2_.public_key());
    EXPECT_FALSE(r.status == TokenStatus::valid || r.status == TokenStatus::expired) << i;
  }
}

// The published format is enough for anyone with OpenSSL: the payload and the DER signature of a token
// verify with `openssl pkeyutl` and the PEM public key.
TEST_F(Sm2TokenTest, OpensslCommandLineVerifiesAnSm2Token) {
  std::string token = sign_token_sm2(kPayload, sm2_).value();
  size_t dot = token.find('.');
  auto dir = std::filesystem::temp_directory_path() / ("jz-sm2-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "pub.pem") << sm2_.public_key().pem();
  std::ofstream(dir / "payload.bin", std::ios::binary) << b64url_decode(token.substr(0, dot));
  std::ofstream(dir / "sig.der", std::ios::binary) << b64url_decode(token.substr(dot + 1));
  auto run = [&](const std::string& payload_file) {
    std::string cmd = "cd " + dir.string() + " && openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in " +
                      payload_file + " -sigfile sig.der -digest sm3 -pkeyopt distid:1234567812345678 2>&1";
    std::string out;
    if (FILE* f = popen(cmd.c_str(), "r")) {
      char buf[512];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
      pclose(f);
    }
    return out;
  };
  EXPECT_NE(run("payload.bin").find("Signature Verified Successfully"), std::string::npos) << run("payload.bin");
  std::string altered = b64url_decode(token.substr(0, dot));
  altered.back() ^= 1;
  std::ofstream(dir / "altered.bin", std::ios::binary) << altered;
  EXPECT_NE(run("altered.bin").find("Verification Failure"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_F(Sm2TokenTest, KeyFilesAreCreatedOnceAndReadBack) {
  auto dir = std::filesystem::temp_directory_path() / ("jz-sm2-keys-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(Sm2SigningKey::load_public(dir));
  auto a = Sm2SigningKey::load_or_create(dir);
  auto b = Sm2SigningKey::load_or_create(dir);
  EXPECT_EQ(a.public_key(), b.public_key());
  ASSERT_TRUE(Sm2SigningKey::load_public(dir));
  EXPECT_EQ(*Sm2SigningKey::load_public(dir), a.public_key());
  auto perms = std::filesystem::status(dir / Sm2SigningKey::kSecretFile).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  // A token signed with the first load verifies with the second.
  std::string t = sign_token_sm2(kPayload, a).value();
  EXPECT_EQ(check_token(t, PublicKey{}, "2026-11-29", &b.public_key()).status, TokenStatus::valid);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jz::verify
