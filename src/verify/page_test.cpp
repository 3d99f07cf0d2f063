#include "verify/page.hpp"

#include <gtest/gtest.h>

namespace jz::verify {
namespace {

Verification valid_verification() {
  Verification v;
  v.verdict = Verdict::valid;
  v.today = "2026-11-29";
  Certificate c;
  c.serial = "GS2026112912345678";
  c.issued_on = "2026-11-29";
  c.expires_on = "2027-11-28";
  v.certificate = c;
  return v;
}

PublicProfile profile() {
  ProfileFacts f;
  f.public_id = "k7mq2xw9ahd3";
  f.name = "张小花";
  f.birth_date = "1985-12-01";
  f.identity_status = "verified";
  f.enterprise_name = "<b>家政</b> & \"公司\"";
  f.occupations = {{"elderly_care", "养老护理", "Elderly care", 3}};
  return build_public_profile(f, "2026-11-29", Lang::zh);
}

TEST(VerifyPage, ShowsTheVerdictLightAndProfileInPlainHtml) {
  auto p = profile();
  auto v = valid_verification();
  auto light = status_light(&p, v.verdict);
  std::string html = render_page(v, &p, light, Lang::zh, "/v/abc");
  EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(html.find("证书有效"), std::string::npos);
  EXPECT_NE(html.find("黄码"), std::string::npos);  // no health check or insurance on record
  EXPECT_NE(html.find("张*花"), std::string::npos);
  EXPECT_NE(html.find("养老护理（高级）"), std::string::npos);
  EXPECT_NE(html.find("GS2026112912345678"), std::string::npos);
  EXPECT_EQ(html.find("张小花"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // Everything from the database is escaped.
  EXPECT_EQ(html.find("<b>家政</b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;家政&lt;/b&gt; &amp; &quot;公司&quot;"), std::string::npos);
  EXPECT_LT(html.size(), 8000u);
  std::string en = render_page(v, &p, light, Lang::en, "/v/abc");
  EXPECT_NE(en.find("Certificate valid"), std::string::npos);
  EXPECT_NE(en.find("href=\"/v/abc?lang=zh\""), std::string::npos);
}

TEST(VerifyPage, SaysPlainlyWhenForgedExpiredOrRevoked) {
  Verification forged;
  forged.verdict = Verdict::forged;
  forged.today = "2026-11-29";
  std::string html = render_page(forged, nullptr, status_light(nullptr, Verdict::forged), Lang::zh, "/v/x");
  EXPECT_NE(html.find("伪造或被篡改"), std::string::npos);
  EXPECT_NE(html.find("红码"), std::string::npos);
  auto expired = valid_verification();
  expired.verdict = Verdict::expired;
  EXPECT_EQ(verdict_headline(expired, Lang::zh), "证书已过期（有效期至 2027-11-28）");
  auto revoked = valid_verification();
  revoked.verdict = Verdict::revoked;
  revoked.certificate->revoked_at = "2026-12-01T08:00:00.000Z";
  EXPECT_EQ(verdict_headline(revoked, Lang::en), "Certificate revoked (2026-12-01)");
}

}  // namespace
}  // namespace jz::verify
