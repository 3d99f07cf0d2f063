#include "services/rules.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <boost/json.hpp>

#include "credit/dates.hpp"
#include "services/calendar.hpp"

namespace jz::services {
namespace json = boost::json;

std::string_view service_type_label(std::string_view code) {
  if (code == "elderly_care") return "养老";
  if (code == "infant_care") return "育幼";
  if (code == "housekeeping") return "保洁";
  if (code == "maternity_care") return "母婴（月嫂）";
  if (code == "home_cooking") return "烹饪";
  if (code == "patient_escort") return "病患陪护";
  return code;
}
std::string_view mode_label(std::string_view mode) {
  if (mode == "live_in") return "住家";
  if (mode == "day") return "日间";
  if (mode == "hourly") return "计时";
  return mode;
}

std::vector<std::string> required_parties(std::string_view template_code) {
  if (template_code == "intermediary") return {"consumer", "worker", "enterprise"};
  return {"consumer", "enterprise"};
}

Result<void> validate_fields(const ContractFields& f) {
  auto money = [](int64_t v, const char* field) -> Result<void> {
    if (v < 0 || v > 1'000'000) return make_error("invalid_field", field, "0–1000000");
    return {};
  };
  for (auto [v, name] : {std::pair{f.monthly_wage, "monthly_wage"}, {f.management_fee, "management_fee"},
                         {f.trial_wage, "trial_wage"}, {f.consumer_deposit, "consumer_deposit"},
                         {f.worker_deposit, "worker_deposit"}, {f.agency_fee_consumer, "agency_fee_consumer"},
                         {f.agency_fee_worker, "agency_fee_worker"}})
    if (auto r = money(v, name); !r) return r;
  if (f.monthly_wage <= 0) return make_error("missing_field", "monthly_wage");
  if (f.rest_days < 0 || f.rest_days > 31) return make_error("invalid_field", "rest_days", "0–31");
  if (f.trial_days < 0 || f.trial_days > 366) return make_error("invalid_field", "trial_days", "0–366");
  if (f.payment_day < 1 || f.payment_day > 28) return make_error("invalid_field", "payment_day", "1–28");
  if (f.payment_method.empty() || f.payment_method.size() > 60)
    return make_error("invalid_field", "payment_method", "1–20 characters");
  if (f.service_content.empty()) return make_error("missing_field", "service_content");
  if (f.service_content.size() > 2000) return make_error("invalid_field", "service_content", "too long");
  if (f.dispute_resolution.empty() || f.dispute_resolution.size() > 1000)
    return make_error("invalid_field", "dispute_resolution", "1–300 characters");
  auto from = credit::day_number(f.period_from);
  if (!from) return make_error("invalid_field", "period_from", "YYYY-MM-DD");
  if (!f.period_to.empty()) {
    auto to = credit::day_number(f.period_to);
    if (!to || *to < *from) return make_error("invalid_field", "period_to", "YYYY-MM-DD, not before period_from");
  }
  return {};
}

int64_t max_trial_days(std::string_view period_from, std::string_view period_to) {
  if (period_to.empty()) return 180;
  auto from = credit::day_number(period_from);
  auto to = credit::day_number(period_to);
  if (!from || !to) return 0;
  int64_t term = *to - *from + 1;
  if (term < 90) return 0;
  if (term < 365) return 30;
  if (term < 3 * 365) return 60;
  return 180;
}

Result<std::vector<Warning>> check_contract(const ContractFields& f, std::string_view template_code,
                                            std::string_view mode, const WageStandard& min) {
  if (auto r = validate_fields(f); !r) return r.error();
  std::vector<Warning> warnings;
  const bool binding = template_code == "employee_based";
  auto problem = [&](Error e) -> std::optional<Error> {
    if (binding) return e;
    warnings.push_back(Warning{e.code, e.field, e.detail});
    return std::nullopt;
  };
  if (f.worker_deposit != 0) return make_error("worker_deposit_forbidden", "worker_deposit");
  if (mode == "live_in" && f.rest_days < 4) return make_error("rest_days_too_few", "rest_days", "≥ 4");
  if (mode != "hourly" && min.monthly > 0 && f.monthly_wage < min.monthly)
    if (auto e = problem(make_error("wage_below_minimum", "monthly_wage",
                                    fmt::format("最低 {} 元/月", min.monthly))))
      return *e;
  if (int64_t limit = max_trial_days(f.period_from, f.period_to); f.trial_days > limit)
    if (auto e = problem(make_error("trial_too_long", "trial_days", fmt::format("最长 {} 天", limit)))) return *e;
  if (f.trial_days > 0) {
    int64_t floor = std::max<int64_t>((f.monthly_wage * 8 + 9) / 10, mode == "hourly" ? 0 : min.monthly);
    if (f.trial_wage < floor)
      if (auto e = problem(make_error("trial_pay_too_low", "trial_wage", fmt::format("不低于 {} 元/月", floor))))
        return *e;
  }
  return warnings;
}

namespace {
std::string fill(std::string_view body, const ContractView& v) {
  const auto& f = v.contract.fields;
  auto value = [&](std::string_view key) -> std::string {
    if (key == "service_type") return std::string(service_type_label(v.order.service_type));
    if (key == "mode") return std::string(mode_label(v.order.mode));
    if (key == "county") return v.county_name;
    if (key == "service_content") return f.service_content;
    if (key == "worker_name") return v.worker_name;
    if (key == "period_from") return f.period_from;
    if (key == "period_to") return f.period_to.empty() ? std::string("双方另行约定之日") : f.period_to;
    if (key == "trial_days") return std::to_string(f.trial_days);
    if (key == "trial_wage") return std::to_string(f.trial_wage);
    if (key == "monthly_wage") return std::to_string(f.monthly_wage);
    if (key == "management_fee") return std::to_string(f.management_fee);
    if (key == "payment_day") return std::to_string(f.payment_day);
    if (key == "payment_method") return f.payment_method;
    if (key == "consumer_deposit") return std::to_string(f.consumer_deposit);
    if (key == "agency_fee_consumer") return std::to_string(f.agency_fee_consumer);
    if (key == "agency_fee_worker") return std::to_string(f.agency_fee_worker);
    if (key == "rest_days") return std::to_string(f.rest_days);
    if (key == "dispute_resolution") return f.dispute_resolution;
    return "{" + std::string(key) + "}";
  };
  std::string out;
  size_t i = 0;
  while (i < body.size()) {
    size_t open = body.find('{', i);
    if (open == std::string_view::npos) break;
    size_t close = body.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(body.substr(i, open - i));
    out += value(body.substr(open + 1, close - open - 1));
    i = close + 1;
  }
  out.append(body.substr(i));
  return out;
}
}  // namespace

std::vector<TextBlock> contract_text(const ContractView& v) {
  std::vector<TextBlock> out;
  const bool three = v.tmpl.code == "intermediary";
  out.push_back({"", fmt::format("{}　合同编号 {}-{}　第 {} 版　模板 {} 第 {} 版", v.tmpl.title, v.order.id,
                                 v.contract.version, v.contract.version, v.tmpl.code, v.tmpl.version)});
  out.push_back({"", fmt::format("甲方（消费者）：{}", v.consumer_name)});
  std::string worker = fmt::format("{}（身份证号 {}，电话 {}）", v.worker_name, v.worker_id_mask,
                                   v.worker_phone_mask.empty() ? "—" : v.worker_phone_mask);
  std::string agency = fmt::format("{}（统一社会信用代码 {}）", v.enterprise_name, v.enterprise_uscc);
  if (three) {
    out.push_back({"", "乙方（服务人员）：" + worker});
    out.push_back({"", "丙方（家政中介机构）：" + agency});
  } else {
    out.push_back({"", "乙方（家政企业）：" + agency});
    out.push_back({"", "服务人员：" + worker});
  }
  int n = 0;
  for (const auto& c : v.tmpl.clauses)
    out.push_back({fmt::format("第{}条　{}", ++n, c.heading), fill(c.body, v)});
  return out;
}

std::string content_digest(const std::vector<TextBlock>& blocks) {
  std::string all;
  for (const auto& b : blocks) {
    all += b.heading;
    all += '\n';
    all += b.body;
    all += "\n\n";
  }
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(all.data()), all.size());
  std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash, sizeof hash);
  hex.pop_back();
  return hex;
}

ContractFields fields_from_json(const json::object& o, Result<void>* error) {
  ContractFields f;
  auto fail = [&](const char* field, const char* detail) {
    if (error && *error) *error = make_error("invalid_field", field, detail);
  };
  auto num = [&](const char* key, int64_t& out) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return;
    if (v->is_int64()) out = v->as_int64();
    else if (v->is_uint64() && v->as_uint64() < 1'000'000'000) out = static_cast<int64_t>(v->as_uint64());
    else if (v->is_double() && v->as_double() == static_cast<double>(static_cast<int64_t>(v->as_double())))
      out = static_cast<int64_t>(v->as_double());
    else fail(key, "integer expected");
  };
  auto text = [&](const char* key, std::string& out) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return;
    if (!v->is_string()) return fail(key, "text expected");
    out = std::string(v->as_string());
  };
  num("monthly_wage", f.monthly_wage);
  num("management_fee", f.management_fee);
  num("rest_days", f.rest_days);
  num("trial_days", f.trial_days);
  num("trial_wage", f.trial_wage);
  num("consumer_deposit", f.consumer_deposit);
  num("worker_deposit", f.worker_deposit);
  num("agency_fee_consumer", f.agency_fee_consumer);
  num("agency_fee_worker", f.agency_fee_worker);
  num("payment_day", f.payment_day);
  text("payment_method", f.payment_method);
  text("service_content", f.service_content);
  text("period_from", f.period_from);
  text("period_to", f.period_to);
  text("dispute_resolution", f.dispute_resolution);
  return f;
}

json::object fields_to_json(const ContractFields& f) {
  return json::object{{"monthly_wage", f.monthly_wage},
                      {"management_fee", f.management_fee},
                      {"rest_days", f.rest_days},
                      {"trial_days", f.trial_days},
                      {"trial_wage", f.trial_wage},
                      {"consumer_deposit", f.consumer_deposit},
                      {"worker_deposit", f.worker_deposit},
                      {"agency_fee_consumer", f.agency_fee_consumer},
                      {"agency_fee_worker", f.agency_fee_worker},
                      {"payment_day", f.payment_day},
                      {"payment_method", f.payment_method},
                      {"service_content", f.service_content},
                      {"period_from", f.period_from},
                      {"period_to", f.period_to},
                      {"dispute_resolution", f.dispute_resolution}};
}

std::string add_working_days(std::string_view date, int n) {
  return WorkingCalendar::official().add_working_days(date, n);
}

}  // namespace jz::services
