#pragma once
// The pure rules of household services (no I/O): the contract checks, the contract's text and its digest.
//
// Contract checks (ContractFields of a template):
//   worker_deposit must be 0 (Labour Contract Law §9, 就业服务与就业管理规定 §58)          → worker_deposit_forbidden
//   住家 (live_in): rest_days ≥ 4 a month                                                    → rest_days_too_few
//   wage ≥ the county's minimum monthly wage (live_in and day modes; hourly orders are
//   priced per visit): 员工制 refused (wage_below_minimum, field monthly_wage); 中介制 only warned — a
//   household employing directly falls outside the Labour Law (劳部发〔1995〕309号 §4)
//   trial period (LCL §19) by the contract's term: < 3 months none; < 1 year ≤ 30 days; < 3 years ≤ 60 days;
//   3 years or open-ended ≤ 180 days                                                        → trial_too_long
//   trial pay (LCL §20) ≥ 80 % of the agreed wage and ≥ the minimum wage                   → trial_pay_too_low
//   The trial rules bind 员工制 and warn on 中介制, like the wage.
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "services/model.hpp"

namespace jz::services {

// The minimum monthly wage that applies to a county on a day.
struct WageStandard {
  int64_t monthly = 0;
  int tier = 0;
  bool county_tier_known = false;  // false: no verified tier for the county, the highest standard applies
  bool verified = false;
};

// Field-level checks (required fields, ranges, dates). The first problem as an Error.
Result<void> validate_fields(const ContractFields& f);

// The labour rules above. An Error for a refused contract; otherwise the warnings (possibly none).
Result<std::vector<Warning>> check_contract(const ContractFields& f, std::string_view template_code,
                                            std::string_view mode, const WageStandard& min);

// The longest trial (days) for a contract running period_from..period_to ("" = open-ended).
int64_t max_trial_days(std::string_view period_from, std::string_view period_to);

// One block of the contract text: a heading (may be empty) and its paragraph.
struct TextBlock {
  std::string heading, body;
};
// The contract's content as printed: the title, the parties and every clause with its fields filled in.
std::vector<TextBlock> contract_text(const ContractView& v);
// SHA-256 (lower-case hex) of the content: the blocks joined with their headings, so any change of a
// field, a party or a clause changes it.
std::string content_digest(const std::vector<TextBlock>& blocks);

// The enterprise's deadline to answer a complaint: `date` plus `n` working days of the official calendar
// (services/calendar.hpp: public holidays skipped, 调休 weekend working days counted; a year without its notice
// in data/calendar/holidays.csv counts Monday to Friday). `date` must be valid.
std::string add_working_days(std::string_view date, int n);
inline constexpr int kComplaintReplyWorkingDays = 3;

ContractFields fields_from_json(const boost::json::object& o, Result<void>* error);
boost::json::object fields_to_json(const ContractFields& f);

}  // namespace jz::services
