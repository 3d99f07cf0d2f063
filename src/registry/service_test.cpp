#include "registry/service.hpp"

#include <gtest/gtest.h>

namespace jz::registry {
namespace {

std::string code_of(const Result<void>& r) { return r.ok() ? "" : r.error().code; }

TEST(ListingTransition, OfficialsApproveSuspendAndReinstate) {
  EXPECT_EQ(code_of(check_listing_transition("applied", "approved", false, "", true)), "");
  EXPECT_EQ(code_of(check_listing_transition("approved", "suspended", false, "投诉查实", true)), "");
  EXPECT_EQ(code_of(check_listing_transition("suspended", "approved", false, "整改完成", true)), "");
  EXPECT_EQ(code_of(check_listing_transition("suspended", "applied", false, "", true)), "");
}

TEST(ListingTransition, RefusesEveryOtherStep) {
  const char* statuses[] = {"applied", "approved", "suspended"};
  int allowed = 0;
  for (const char* from : statuses)
    for (const char* to : statuses) {
      auto r = check_listing_transition(from, to, false, "a reason", true);
      if (r.ok()) ++allowed;
      else EXPECT_EQ(r.error().code, "invalid_transition") << from << "→" << to;
    }
  EXPECT_EQ(allowed, 4);
  auto same = check_listing_transition("approved", "approved", false, "x", true);
  EXPECT_EQ(same.error().code, "invalid_transition");
  EXPECT_EQ(same.error().field, "status");
  EXPECT_EQ(code_of(check_listing_transition("applied", "suspended", false, "x", true)), "invalid_transition");
  EXPECT_EQ(code_of(check_listing_transition("approved", "applied", false, "x", true)), "invalid_transition");
}

TEST(ListingTransition, SuspensionAndReinstatementNeedAReason) {
  auto r = check_listing_transition("approved", "suspended", false, "", true);
  EXPECT_EQ(r.error().code, "missing_field");
  EXPECT_EQ(r.error().field, "reason");
  EXPECT_EQ(code_of(check_listing_transition("suspended", "approved", false, "", true)), "missing_field");
}

TEST(ListingTransition, ApprovingACodeHeldForReviewNeedsAReason) {
  EXPECT_EQ(code_of(check_listing_transition("applied", "approved", true, "", true)), "missing_field");
  EXPECT_EQ(code_of(check_listing_transition("applied", "approved", true, "营业执照原件核对无误", true)), "");
}

TEST(ListingTransition, AnEnterpriseMayOnlyReapply) {
  EXPECT_EQ(code_of(check_listing_transition("suspended", "applied", false, "", false)), "");
  EXPECT_EQ(code_of(check_listing_transition("applied", "approved", false, "", false)), "official_only");
  EXPECT_EQ(code_of(check_listing_transition("approved", "suspended", false, "x", false)), "official_only");
  EXPECT_EQ(code_of(check_listing_transition("approved", "applied", false, "", false)), "invalid_transition");
}

TEST(ListingTransition, UnknownStatusIsAnInvalidField) {
  auto r = check_listing_transition("applied", "deleted", false, "", true);
  EXPECT_EQ(r.error().code, "invalid_field");
  EXPECT_EQ(r.error().field, "status");
}

TEST(PhotoContentType, ReadsTheMagicBytes) {
  EXPECT_EQ(photo_content_type(std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10)), "image/jpeg");
  EXPECT_EQ(photo_content_type(std::string("\x89PNG\r\n\x1A\n\x00\x00", 10)), "image/png");
  EXPECT_EQ(photo_content_type("GIF89a"), "");
  EXPECT_EQ(photo_content_type("<svg xmlns="), "");
  EXPECT_EQ(photo_content_type(std::string("\xFF\xD8", 2)), "");
  EXPECT_EQ(photo_content_type(""), "");
}

TEST(UnitScope, CityOfficersSeeTheirPrefectureAndEnterprisesWhatTheyRun) {
  Unit u;
  u.kind = UnitKind::service_point;
  u.prefecture_code = "6201";
  u.enterprise_id = 7;
  security::Principal lanzhou;
  lanzhou.role = security::Role::city_officer;
  lanzhou.division_code = "6201";
  security::Principal tianshui = lanzhou;
  tianshui.division_code = "6205";
  security::Principal operator_;
  operator_.role = security::Role::enterprise;
  operator_.enterprise_id = 7;
  security::Principal other = operator_;
  other.enterprise_id = 8;
  security::Principal dept;
  dept.role = security::Role::department;
  EXPECT_TRUE(can_edit_unit(lanzhou, u));
  EXPECT_FALSE(can_view_unit(tianshui, u));
  EXPECT_FALSE(can_edit_unit(tianshui, u));
  EXPECT_TRUE(can_view_unit(operator_, u));
  EXPECT_FALSE(can_edit_unit(operator_, u));
  EXPECT_TRUE(can_manage_unit_members(operator_, u));
  EXPECT_FALSE(can_manage_unit_members(other, u));
  EXPECT_TRUE(can_view_unit(dept, u));
  EXPECT_FALSE(can_edit_unit(dept, u));
  EXPECT_FALSE(can_manage_unit_members(dept, u));
}

TEST(EnterpriseScope, EachRoleSeesWhatItShould) {
  Enterprise e;
  e.id = 3;
  e.prefecture_code = "6205";
  security::Principal p;
  p.role = security::Role::city_officer;
  p.division_code = "6201";
  EXPECT_FALSE(can_view_enterprise(p, e));
  p.division_code = "6205";
  EXPECT_TRUE(can_view_enterprise(p, e));
  p.role = security::Role::enterprise;
  p.enterprise_id = 4;
  EXPECT_FALSE(can_view_enterprise(p, e));
  p.enterprise_id = 3;
  EXPECT_TRUE(can_view_enterprise(p, e));
  p.role = security::Role::worker;
  EXPECT_FALSE(can_view_enterprise(p, e));
}

}  // namespace
}  // namespace jz::registry
