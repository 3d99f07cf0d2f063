#include "training/certificate.hpp"

#include <gtest/gtest.h>

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
