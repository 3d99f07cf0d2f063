#include "services/rules.hpp"

#include <gtest/gtest.h>

namespace jz::services {
namespace {

ContractFields good() {
  ContractFields f;
  f.monthly_wage = 3000;
  f.rest_days = 4;
  f.trial_days = 15;
  f.trial_wage = 2400;
  f.service_content = "保洁";
  f.period_from = "2026-01-01";
  f.period_to = "2026-12-31";
  return f;
}
const WageStandard kMin{2200, 1, false, false};

TEST(ServicesRules, TrialLimitsFollowTheLabourContractLaw) {
  EXPECT_EQ(max_trial_days("2026-01-01", "2026-03-01"), 0);    // under three months: none
  EXPECT_EQ(max_trial_days("2026-01-01", "2026-06-30"), 30);   // under a year: a month
  EXPECT_EQ(max_trial_days("2026-01-01", "2027-12-31"), 60);   // under three years: two months
  EXPECT_EQ(max_trial_days("2026-01-01", "2029-12-31"), 180);  // three years or more: six months
  EXPECT_EQ(max_trial_days("2026-01-01", ""), 180);            // open-ended
}

TEST(ServicesRules, EmployeeBasedRefusesWhatIntermediaryOnlyWarnsAbout) {
  auto f = good();
  f.monthly_wage = 2000;
  f.trial_wage = 2000;
  auto refused = check_contract(f, "employee_based", "day", kMin);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "wage_below_minimum");
  EXPECT_EQ(refused.error().field, "monthly_wage");
  auto warned = check_contract(f, "intermediary", "day", kMin);
  ASSERT_TRUE(warned);
  ASSERT_EQ(warned->size(), 2u);  // the wage, and the trial pay under the minimum
  EXPECT_EQ((*warned)[0].code, "wage_below_minimum");
  // Hourly orders are priced per visit: no monthly minimum.
  EXPECT_TRUE(check_contract(f, "employee_based", "hourly", kMin));
}

TEST(ServicesRules, BindingRulesForEveryModel) {
  for (const char* model : {"employee_based", "intermediary"}) {
    auto f = good();
    f.worker_deposit = 100;
    EXPECT_EQ(check_contract(f, model, "day", kMin).error().code, "worker_deposit_forbidden");
    f = good();
    f.rest_days = 3;
    EXPECT_EQ(check_contract(f, model, "live_in", kMin).error().code, "rest_days_too_few");
    EXPECT_TRUE(check_contract(f, model, "day", kMin));
  }
  auto f = good();
  f.trial_wage = 2399;  // 80 % of 3000 is 2400
  EXPECT_EQ(check_contract(f, "employee_based", "day", kMin).error().code, "trial_pay_too_low");
  f = good();
  f.trial_days = 61;  // a one-year term (365 days) allows two months
  EXPECT_EQ(check_contract(f, "employee_based", "day", kMin).error().code, "trial_too_long");
  f = good();
  f.period_to = "2025-01-01";
  EXPECT_EQ(check_contract(f, "employee_based", "day", kMin).error().field, "period_to");
}

TEST(ServicesRules, DigestChangesWithAnyFieldAndFillsPlaceholders) {
  ContractView v;
  v.tmpl.code = "employee_based";
  v.tmpl.version = 1;
  v.tmpl.title = "家政服务合同（员工制）";
  v.tmpl.clauses = {{1, "费用", "服务费每月{monthly_wage}元，服务人员{worker_name}。{unknown}"}};
  v.contract.fields = good();
  v.worker_name = "李梅";
  auto blocks = contract_text(v);
  EXPECT_EQ(blocks.back().body, "服务费每月3000元，服务人员李梅。{unknown}");
  auto d1 = content_digest(blocks);
  EXPECT_EQ(d1.size(), 64u);
  v.contract.fields.monthly_wage = 3001;
  EXPECT_NE(content_digest(contract_text(v)), d1);
}

// The complaint deadline uses the official calendar (calendar_test.cpp covers the holidays themselves).
TEST(ServicesRules, ComplaintDeadlineSkipsWeekendsAndHolidays) {
  EXPECT_EQ(add_working_days("2026-12-07", 3), "2026-12-10");  // Monday → Thursday
  EXPECT_EQ(add_working_days("2026-12-04", 3), "2026-12-09");  // Friday → Wednesday
  EXPECT_EQ(add_working_days("2026-12-05", 3), "2026-12-09");  // Saturday → Wednesday
  EXPECT_EQ(add_working_days("2026-12-06", 1), "2026-12-07");  // Sunday → Monday
  EXPECT_EQ(add_working_days("2026-09-30", 3), "2026-10-10");  // 国庆: 8, 9 and Saturday 10 October (调休)
}

}  // namespace
}  // namespace jz::services
