#include "supervision/accounts.hpp"

#include <gtest/gtest.h>

namespace jz::supervision {
namespace {

security::Principal as(security::Role role, const std::string& division = {}) {
  security::Principal p;
  p.role = role;
  p.division_code = division;
  return p;
}

TEST(SupervisionAccounts, ProvinceAdminManagesEveryAccount) {
  auto admin = as(security::Role::province_admin);
  EXPECT_TRUE(AccountAdmin::manages(admin, "city_officer", "6205"));
  EXPECT_TRUE(AccountAdmin::manages(admin, "department", ""));
  EXPECT_TRUE(AccountAdmin::manages(admin, "health_provider", "620102"));  // roles added later too
}

TEST(SupervisionAccounts, CityOfficerManagesRolesBelowHersInHerPrefecture) {
  auto lz = as(security::Role::city_officer, "6201");
  EXPECT_TRUE(AccountAdmin::manages(lz, "worker", "620102"));
  EXPECT_TRUE(AccountAdmin::manages(lz, "enterprise", "6201"));
  EXPECT_FALSE(AccountAdmin::manages(lz, "worker", "620502"));       // another 市州
  EXPECT_FALSE(AccountAdmin::manages(lz, "worker", ""));             // no division: not hers
  EXPECT_FALSE(AccountAdmin::manages(lz, "city_officer", "6201"));   // her own rank
  EXPECT_FALSE(AccountAdmin::manages(lz, "province_admin", "6201"));
  EXPECT_FALSE(AccountAdmin::manages(lz, "insurer", "620102"));      // a role she was not given
  EXPECT_FALSE(AccountAdmin::manages(as(security::Role::city_officer, ""), "worker", "620102"));
  EXPECT_FALSE(AccountAdmin::manages(as(security::Role::department), "worker", "620102"));
  EXPECT_FALSE(AccountAdmin::manages(as(security::Role::enterprise, "620102"), "worker", "620102"));
}

}  // namespace
}  // namespace jz::supervision
