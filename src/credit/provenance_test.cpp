// The assertion table (credit/provenance.hpp): who may assert what, and whose word is independent. The rows the
// issue's attacks depend on are pinned one by one; the rest by the table's own invariants.
#include "credit/provenance.hpp"

#include <gtest/gtest.h>

#include <set>

#include "credit/kinds.hpp"

namespace jz::credit {
namespace {

using security::Role;

bool independent(Role role, EntryKind kind, std::string_view place = "", std::string_view prefecture = "") {
  auto rule = assertion_rule(role, kind);
  return rule && is_independent(*rule, place, prefecture);
}

TEST(Provenance, AnEnterprisesWordOnItsOwnWorkersHealthAndInsuranceIsAClaim) {
  ASSERT_TRUE(assertion_rule(Role::enterprise, EntryKind::health_check));
  EXPECT_EQ(assertion_rule(Role::enterprise, EntryKind::health_check)->source, SourceType::enterprise);
  EXPECT_FALSE(independent(Role::enterprise, EntryKind::health_check));
  EXPECT_FALSE(independent(Role::enterprise, EntryKind::insurance));
  // The issuers and officials are independent for the same facts.
  EXPECT_TRUE(independent(Role::health_provider, EntryKind::health_check));
  EXPECT_TRUE(independent(Role::insurer, EntryKind::insurance));
  EXPECT_TRUE(independent(Role::city_officer, EntryKind::health_check));
  EXPECT_TRUE(independent(Role::province_admin, EntryKind::insurance));
  // An issuer vouches for its own kind only.
  EXPECT_FALSE(assertion_rule(Role::health_provider, EntryKind::insurance));
  EXPECT_FALSE(assertion_rule(Role::insurer, EntryKind::health_check));
  EXPECT_FALSE(assertion_rule(Role::health_provider, EntryKind::employment));
}

TEST(Provenance, AnEnterprisesJobCountsOnlyWhereItIsRegistered) {
  EXPECT_TRUE(independent(Role::enterprise, EntryKind::employment, "620102", "6201"));
  EXPECT_TRUE(independent(Role::enterprise, EntryKind::employment, "6201", "6201"));
  EXPECT_FALSE(independent(Role::enterprise, EntryKind::employment, "620502", "6201"));  // 天水: another 市州
  EXPECT_FALSE(independent(Role::enterprise, EntryKind::employment, "", "6201"));        // 北京: out of province
  EXPECT_FALSE(independent(Role::enterprise, EntryKind::employment, "620102", ""));      // unknown registration
  EXPECT_TRUE(independent(Role::city_officer, EntryKind::employment));                    // anywhere
  EXPECT_FALSE(independent(Role::worker, EntryKind::employment, "620102", "6201"));
}

TEST(Provenance, TheTableIsConsistent) {
  std::set<std::pair<Role, EntryKind>> seen;
  for (const auto& r : assertion_rules()) {
    EXPECT_TRUE(seen.insert({r.role, r.kind}).second) << "two rows for one role and kind";
    EXPECT_NE(r.kind, EntryKind::review) << "reviews come only through their workflow";
    EXPECT_NE(r.kind, EntryKind::complaint) << "complaints come only through their workflow";
    EXPECT_NE(r.role, Role::department);
    EXPECT_NE(r.role, Role::consumer);
    // A self source is never independent; recording_source reads the same table.
    if (r.source == SourceType::self) EXPECT_EQ(r.independence, Independence::never);
    EXPECT_EQ(recording_source(r.role, r.kind), r.source);
  }
  // The demo generator's implied roles agree with the table.
  EXPECT_TRUE(independent_by_source(EntryKind::health_check, SourceType::hospital));
  EXPECT_TRUE(independent_by_source(EntryKind::insurance, SourceType::insurer));
  EXPECT_FALSE(independent_by_source(EntryKind::insurance, SourceType::enterprise));
  EXPECT_FALSE(independent_by_source(EntryKind::employment, SourceType::self));
  EXPECT_TRUE(independent_by_source(EntryKind::review, SourceType::consumer));
}

TEST(Provenance, FlagsAreIndependentOnlyFromHerOwnCityOrTheProvince) {
  EXPECT_TRUE(flag_assertion_independent(Role::city_officer, "6201", "6201"));
  EXPECT_FALSE(flag_assertion_independent(Role::city_officer, "6205", "6201"));
  EXPECT_FALSE(flag_assertion_independent(Role::city_officer, "", "6201"));
  EXPECT_TRUE(flag_assertion_independent(Role::province_admin, "62", "6201"));
  for (Role r : {Role::enterprise, Role::worker, Role::department, Role::institution, Role::health_provider,
                 Role::insurer, Role::consumer})
    EXPECT_FALSE(flag_assertion_independent(r, "6201", "6201")) << security::role_name(r);
  EXPECT_TRUE(is_attested_flag("poverty_alleviated"));
  EXPECT_TRUE(is_attested_flag("monitored"));
  EXPECT_FALSE(is_attested_flag("graduate"));
}

}  // namespace
}  // namespace jz::credit
