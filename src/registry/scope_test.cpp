#include "registry/scope.hpp"

#include <gtest/gtest.h>

namespace jz::registry {
namespace {

using security::Principal;
using security::Role;

Principal as(Role r, std::string division = "", std::optional<int64_t> enterprise = {}, std::optional<int64_t> worker = {}) {
  Principal p;
  p.role = r;
  p.division_code = std::move(division);
  p.enterprise_id = enterprise;
  p.worker_id = worker;
  return p;
}

const WorkerRef kLanzhouStaffOf7{11, "6201", 7};

TEST(WorkerScope, CityOfficerSeesOnlyHerPrefecture) {
  EXPECT_TRUE(can_view_worker(as(Role::city_officer, "6201"), kLanzhouStaffOf7));
  EXPECT_FALSE(can_view_worker(as(Role::city_officer, "6205"), kLanzhouStaffOf7));
  EXPECT_FALSE(can_view_worker(as(Role::city_officer, ""), kLanzhouStaffOf7));
}

TEST(WorkerScope, EnterpriseSeesOnlyItsStaff) {
  EXPECT_TRUE(can_view_worker(as(Role::enterprise, "6201", 7), kLanzhouStaffOf7));
  EXPECT_FALSE(can_view_worker(as(Role::enterprise, "6201", 8), kLanzhouStaffOf7));
  EXPECT_FALSE(can_view_worker(as(Role::enterprise, "6201"), WorkerRef{12, "6201", std::nullopt}));
}

TEST(WorkerScope, WorkerSeesHerselfOnly) {
  EXPECT_TRUE(can_view_worker(as(Role::worker, "", {}, 11), kLanzhouStaffOf7));
  EXPECT_FALSE(can_view_worker(as(Role::worker, "", {}, 12), kLanzhouStaffOf7));
}

TEST(WorkerScope, DepartmentsReadButDoNotEdit) {
  EXPECT_TRUE(can_view_worker(as(Role::department), kLanzhouStaffOf7));
  EXPECT_FALSE(can_edit_worker(as(Role::department), kLanzhouStaffOf7));
  EXPECT_TRUE(can_edit_worker(as(Role::province_admin), kLanzhouStaffOf7));
}

TEST(WorkerScope, ConsumersAndInstitutionsSeeNoFullRecord) {
  EXPECT_FALSE(can_view_worker(as(Role::consumer), kLanzhouStaffOf7));
  EXPECT_FALSE(can_view_worker(as(Role::institution), kLanzhouStaffOf7));
  EXPECT_TRUE(worker_scope_filter(as(Role::consumer)).none);
}

TEST(WorkerScope, FilterBindsTheScopeValue) {
  auto f = worker_scope_filter(as(Role::city_officer, "6201"), "x");
  EXPECT_EQ(f.sql, " AND x.prefecture_code = ?");
  ASSERT_EQ(f.params.size(), 1u);
  EXPECT_EQ(std::get<std::string>(f.params[0]), "6201");
  EXPECT_TRUE(worker_scope_filter(as(Role::province_admin)).sql.empty());
}

}  // namespace
}  // namespace jz::registry
