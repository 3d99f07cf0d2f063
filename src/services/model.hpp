#pragma once
// Household services (issue 11, docs/services.md): an order a household (consumer account) books with a listed
// enterprise, the worker the enterprise proposes, the model contract each party confirms, and the review
// of a completed order. Plain types; the schema is src/db/migrations/014_services.sql.
//
// Order states: requested → proposed → accepted → contracted → in_service → completed, or cancelled from any
// state before completed (with a reason and the role that cancelled). A replacement (换人) sends an order in
// proposed / accepted / contracted back to proposed with the new worker; the assignments keep the chain.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace jz::services {

// The service types a household can book: occupation codes (data/occupations.csv).
inline constexpr std::array<std::string_view, 6> kServiceTypes = {
    "elderly_care", "infant_care", "housekeeping", "maternity_care", "home_cooking", "patient_escort"};
inline constexpr std::array<std::string_view, 3> kModes = {"live_in", "day", "hourly"};
std::string_view service_type_label(std::string_view code);  // 养老 …
std::string_view mode_label(std::string_view mode);          // 住家 …

struct Assignment {
  int64_t id = 0;
  int64_t worker_id = 0;
  std::string worker_name;  // full; routes mask it for whoever may not see it
  std::string status;  // proposed | accepted | declined | replaced
  std::optional<int64_t> replaces_id;
  std::string reason;
  std::string proposed_at;
  std::optional<std::string> accepted_at, ended_at;
};

struct Order {
  int64_t id = 0;
  int64_t consumer_user_id = 0;
  int64_t enterprise_id = 0;
  std::string enterprise_name;
  std::optional<int64_t> worker_id;
  std::string worker_name;  // full name for the parties, masked for officials (see routes)
  std::string service_type, mode, county_code, prefecture_code, starts_on;
  std::optional<std::string> ends_on;
  std::string note, status;
  bool start_by_consumer = false, start_by_enterprise = false;
  bool complete_by_consumer = false, complete_by_enterprise = false;
  std::optional<std::string> started_on, completed_on;
  std::string cancel_reason, cancelled_by_role;
  std::optional<int64_t> employment_entry_id;
  bool reviewed = false;
  std::string created_at, updated_at;
  std::vector<Assignment> assignments;  // filled for one order, oldest first
};

struct NewOrder {
  int64_t enterprise_id = 0;
  std::string service_type, mode, county_code, starts_on;
  std::optional<std::string> ends_on;
  std::string note;
};

struct OrderFilter {
  std::optional<std::string> status;
  int64_t page = 1, page_size = 20;
};

struct TemplateClause {
  int seq = 0;
  std::string heading, body;
};
struct ContractTemplate {
  std::string code;  // employee_based (员工制) | intermediary (中介制)
  int version = 0;
  std::string title, source, created_at;
  std::vector<TemplateClause> clauses;
};

// The fields a contract fills in (all amounts in whole yuan).
struct ContractFields {
  int64_t monthly_wage = 0;
  int64_t management_fee = 0;
  int64_t rest_days = 4;
  int64_t trial_days = 0;
  int64_t trial_wage = 0;
  int64_t consumer_deposit = 0;
  int64_t worker_deposit = 0;
  int64_t agency_fee_consumer = 0;
  int64_t agency_fee_worker = 0;
  int64_t payment_day = 5;
  std::string payment_method = "银行转账";
  std::string service_content;
  std::string period_from, period_to;  // YYYY-MM-DD; period_to may be empty (open-ended)
  std::string dispute_resolution = "协商不成的，可向当地消费者协会、家政行业协会申请调解，或向人民法院起诉。";
};

struct Confirmation {
  std::string party;  // consumer | enterprise | worker
  int64_t user_id = 0;
  std::string digest, at;
};

struct Contract {
  int64_t id = 0;
  int64_t order_id = 0;
  int version = 0;
  std::string template_code;
  int template_version = 0;
  int64_t worker_id = 0;
  ContractFields fields;
  std::string content_sha256;
  std::string status;  // draft | confirmed | superseded
  std::string created_at;
  std::optional<std::string> confirmed_at;
  std::vector<Confirmation> confirmations;
};

// A non-blocking finding of the contract checks (a 中介制 wage under the minimum).
struct Warning {
  std::string code, field, detail;
};

// Everything the PDF and the verify page show of a contract: the parties as the contract names them.
struct ContractView {
  Contract contract;
  Order order;
  ContractTemplate tmpl;
  std::string consumer_name;
  std::string worker_name, worker_id_mask, worker_phone_mask;
  std::string enterprise_name, enterprise_uscc;
  std::string county_name;
  std::vector<Warning> warnings;
};

// The parties who must confirm a contract of template `code`: 员工制 the household and the enterprise,
// 中介制 all three.
std::vector<std::string> required_parties(std::string_view template_code);

}  // namespace jz::services
