#include "training/certificate.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "verify/token.hpp"

namespace jz::training {
namespace {

CertificatePayload sample() {
  return CertificatePayload{"ab12cd34ef56", make_certificate_serial("2026-11-29", 12345678), "2026-11-29",
                            42};
}

TEST(TrainingCertificate, SerialNamesTheDayAndIsNotAServiceSerial) {
  EXPECT_EQ(sample().serial, "GT2026112912345678");
  EXPECT_TRUE(looks_like_certificate_serial("GT2026112912345678"));
  EXPECT_FALSE(looks_like_certificate_serial("GS2026112912345678"));
  EXPECT_FALSE(verify::looks_like_serial("GT2026112912345678"));
}

TEST(TrainingCertificate, RoundTripsWithTheSigningKey) {
  auto key = verify::SigningKey::generate();
  auto token = sign_certificate(sample(), key);
  ASSERT_TRUE(token);
  auto back = check_certificate(*token, key.public_key());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, sample());
}

TEST(TrainingCertificate, RejectsAnotherKeyAndAlteredTokens) {
  auto key = verify::SigningKey::generate(), other = verify::SigningKey::generate();
  auto token = *sign_certificate(sample(), key);
  EXPECT_FALSE(check_certificate(token, other.public_key()));
  for (size_t i = 0; i < token.size(); i += 7) {
    std::string t = token;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(check_certificate(t, key.public_key())) << i;
  }
  EXPECT_FALSE(check_certificate("", key.public_key()));
  EXPECT_FALSE(check_certificate("a.b.c", key.public_key()));
}

TEST(TrainingCertificate, ServiceCertificateTokensAndTrainingTokensAreNotInterchangeable) {
  auto key = verify::SigningKey::generate();
  auto training = *sign_certificate(sample(), key);
  // The verify module reads the new version byte as "unknown version", never as a service certificate.
  auto as_service = verify::check_token(training, key.public_key(), "2026-11-29");
  EXPECT_EQ(as_service.status, verify::TokenStatus::bad_format);
  auto service = *verify::sign_token({"ab12cd34ef56", "GS2026112912345678", "2026-11-29", "2027-11-28"}, key);
  EXPECT_FALSE(check_certificate(service, key.public_key()));
}

TEST(TrainingCertificate, Sm2CertificatesVerifyOnlyWithTheSm2KeyAndCannotBeRelabelled) {
  auto ed = verify::SigningKey::generate();
  auto sm2 = verify::Sm2SigningKey::generate(), other = verify::Sm2SigningKey::generate();
  auto token = sign_certificate_sm2(sample(), sm2);
  ASSERT_TRUE(token);
  auto back = check_certificate(*token, ed.public_key(), &sm2.public_key());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, sample());
  EXPECT_FALSE(check_certificate(*token, ed.public_key()));                        // no SM2 key known: refused
  EXPECT_FALSE(check_certificate(*token, ed.public_key(), &other.public_key()));  // another SM2 key
  // Both kinds verify side by side during a move between the suites.
  auto classic = *sign_certificate(sample(), ed);
  EXPECT_TRUE(check_certificate(classic, ed.public_key(), &sm2.public_key()));
  // The version byte is signed: an SM2 payload relabelled as version 2 (or the reverse) does not verify.
  auto relabel = [](const std::string& t, unsigned char version) {
    std::string payload(t.size(), '\0');
    size_t dot = t.find('.'), len = 0;
    sodium_base642bin(reinterpret_cast<unsigned char*>(payload.data()), payload.size(), t.data(), dot, nullptr, &len,
                      nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    payload.resize(len);
    payload[0] = static_cast<char>(version);
    std::string b64(sodium_base64_ENCODED_LEN(payload.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    b64.resize(b64.size() - 1);
    return b64 + t.substr(dot);
  };
  EXPECT_FALSE(check_certificate(relabel(*token, kCertificateTokenVersion), ed.public_key(), &sm2.public_key()));
  EXPECT_FALSE(check_certificate(relabel(classic, kCertificateTokenVersionSm2), ed.public_key(), &sm2.public_key()));
}

TEST(TrainingCertificate, RefusesBadPayloads) {
  auto key = verify::SigningKey::generate();
  auto p = sample();
  p.public_id = "";
  EXPECT_FALSE(sign_certificate(p, key));
  p = sample();
  p.serial = "GT2026112812345678";  // not the issue day
  EXPECT_FALSE(sign_certificate(p, key));
  p = sample();
  p.course_id = 0;
  EXPECT_FALSE(sign_certificate(p, key));
}

}  // namespace
}  // namespace jz::training
