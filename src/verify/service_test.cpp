#include "verify/service.hpp"

#include <gtest/gtest.h>

namespace jz::verify {
namespace {

TEST(CertificateValidity, DefaultsToOneYearUpToTheDayBefore) {
  EXPECT_EQ(default_expiry("2026-11-29"), "2027-11-28");
  EXPECT_EQ(default_expiry("2026-01-01"), "2026-12-31");
  EXPECT_EQ(default_expiry("2028-02-29"), "2029-02-28");
  EXPECT_EQ(default_expiry("2027-03-01"), "2028-02-29");
}

TEST(CertificateValidity, StateFollowsRevocationThenExpiry) {
  Certificate c;
  c.expires_on = "2027-11-28";
  EXPECT_EQ(certificate_state(c, "2027-11-28"), "valid");
  EXPECT_EQ(certificate_state(c, "2027-11-29"), "expired");
  c.revoked_at = "2026-12-01T00:00:00.000Z";
  EXPECT_EQ(certificate_state(c, "2026-12-02"), "revoked");
}

}  // namespace
}  // namespace jz::verify
