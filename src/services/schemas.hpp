#pragma once
// The bodies the services routes read and write, as described structs: routes.cpp declares them in the
// OpenAPI document (`.request`, `.response`). Optional members are fields a client may omit (requests) or
// that may be null or only some answers carry (responses). Money is whole yuan (integers).
#include <boost/describe.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::services::api {

// ---- Requests ----

struct OrderInput {
  int64_t enterprise_id = 0;
  std::string service_type;
  std::string mode;
  std::string county_code;
  std::string starts_on;
  std::optional<std::string> ends_on;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(OrderInput, (), (enterprise_id, service_type, mode, county_code, starts_on, ends_on, note))

struct Proposal {
  int64_t worker_id = 0;
};
BOOST_DESCRIBE_STRUCT(Proposal, (), (worker_id))

struct Replacement {
  int64_t worker_id = 0;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(Replacement, (), (worker_id, reason))

struct OptionalReason {
  std::optional<std::string> reason;
};
BOOST_DESCRIBE_STRUCT(OptionalReason, (), (reason))

struct Reason {
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(Reason, (), (reason))

struct ReviewInput {
  int skill = 0;
  int attitude = 0;
  int punctuality = 0;
  int hygiene = 0;
  std::optional<std::string> text;
};
BOOST_DESCRIBE_STRUCT(ReviewInput, (), (skill, attitude, punctuality, hygiene, text))

struct ComplaintInput {
  std::string text;  // at most 1000 characters
};
BOOST_DESCRIBE_STRUCT(ComplaintInput, (), (text))

struct ReplyInput {
  std::string reply;
};
BOOST_DESCRIBE_STRUCT(ReplyInput, (), (reply))

struct DecisionInput {
  bool accept = false;
};
BOOST_DESCRIBE_STRUCT(DecisionInput, (), (accept))

struct ClauseInput {
  std::string heading;
  std::string body;
};
BOOST_DESCRIBE_STRUCT(ClauseInput, (), (heading, body))

struct TemplateInput {
  std::string title;
  std::optional<std::string> source;
  std::vector<ClauseInput> clauses;
};
BOOST_DESCRIBE_STRUCT(TemplateInput, (), (title, source, clauses))

// A contract's fields; each may be omitted (its default then applies).
struct FieldsInput {
  std::optional<int64_t> monthly_wage;
  std::optional<int64_t> management_fee;
  std::optional<int64_t> rest_days;
  std::optional<int64_t> trial_days;
  std::optional<int64_t> trial_wage;
  std::optional<int64_t> consumer_deposit;
  std::optional<int64_t> worker_deposit;
  std::optional<int64_t> agency_fee_consumer;
  std::optional<int64_t> agency_fee_worker;
  std::optional<int64_t> payment_day;
  std::optional<std::string> payment_method;
  std::optional<std::string> service_content;
  std::optional<std::string> period_from;
  std::optional<std::string> period_to;
  std::optional<std::string> dispute_resolution;
};
BOOST_DESCRIBE_STRUCT(FieldsInput, (),
                      (monthly_wage, management_fee, rest_days, trial_days, trial_wage, consumer_deposit,
                       worker_deposit, agency_fee_consumer, agency_fee_worker, payment_day, payment_method,
                       service_content, period_from, period_to, dispute_resolution))

struct ContractInput {
  std::string template_;  // employee_based | intermediary
  FieldsInput fields;
};
BOOST_DESCRIBE_STRUCT(ContractInput, (), (template_, fields))

struct ContractChange {
  FieldsInput fields;
};
BOOST_DESCRIBE_STRUCT(ContractChange, (), (fields))

struct DigestInput {
  std::string digest;  // the SHA-256 the party saw
};
BOOST_DESCRIBE_STRUCT(DigestInput, (), (digest))

// ---- Responses ----

struct BookableEnterprise {
  int64_t id = 0;
  std::string name;
  std::string prefecture_code;
  std::string division_code;
};
BOOST_DESCRIBE_STRUCT(BookableEnterprise, (), (id, name, prefecture_code, division_code))

struct AssignmentView {
  int64_t id = 0;
  int64_t worker_id = 0;
  std::string worker_name;  // masked for officials
  std::string status;
  std::optional<int64_t> replaces_id;
  std::string reason;
  std::string proposed_at;
  std::optional<std::string> accepted_at;
  std::optional<std::string> ended_at;
};
BOOST_DESCRIBE_STRUCT(AssignmentView, (),
                      (id, worker_id, worker_name, status, replaces_id, reason, proposed_at, accepted_at, ended_at))

struct PartiesConfirmed {
  bool consumer = false;
  bool enterprise = false;
};
BOOST_DESCRIBE_STRUCT(PartiesConfirmed, (), (consumer, enterprise))

struct OrderView {
  int64_t id = 0;
  int64_t enterprise_id = 0;
  std::string enterprise_name;
  std::optional<int64_t> worker_id;
  std::optional<std::string> worker_name;
  std::string service_type;
  std::string service_type_label;
  std::string mode;
  std::string mode_label;
  std::string county_code;
  std::string county;
  std::string prefecture_code;
  std::string prefecture;
  std::string starts_on;
  std::optional<std::string> ends_on;
  std::string note;  // empty for officials
  std::string status;
  PartiesConfirmed start_confirmed;
  PartiesConfirmed complete_confirmed;
  std::optional<std::string> started_on;
  std::optional<std::string> completed_on;
  std::string cancel_reason;
  std::string cancelled_by_role;
  std::optional<int64_t> employment_entry_id;
  bool reviewed = false;
  std::vector<AssignmentView> assignments;
  std::string created_at;
  std::string updated_at;
};
BOOST_DESCRIBE_STRUCT(OrderView, (),
                      (id, enterprise_id, enterprise_name, worker_id, worker_name, service_type, service_type_label,
                       mode, mode_label, county_code, county, prefecture_code, prefecture, starts_on, ends_on, note,
                       status, start_confirmed, complete_confirmed, started_on, completed_on, cancel_reason,
                       cancelled_by_role, employment_entry_id, reviewed, assignments, created_at, updated_at))

struct ReviewView {
  int64_t id = 0;
  int64_t order_id = 0;
  int64_t worker_id = 0;
  std::optional<int64_t> entry_id;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(ReviewView, (), (id, order_id, worker_id, entry_id, created_at))

// A complaint about an order (credit::complaint_to_json), with its stage and the enterprise's reply.
struct ComplaintView {
  int64_t id = 0;
  int64_t worker_id = 0;
  std::string worker_name;  // masked
  std::string prefecture_code;
  std::string text;
  std::string status;
  std::string status_label;
  std::string findings;
  std::optional<int64_t> entry_id;
  std::string created_at;
  std::string updated_at;
  std::optional<int64_t> order_id;
  std::optional<int64_t> enterprise_id;
  std::optional<std::string> stage;  // enterprise | officer | settled
  std::string stage_label;
  std::optional<std::string> reply_due;
  std::string enterprise_reply;
  std::optional<std::string> replied_at;
  std::optional<std::string> escalated_at;
  std::string escalation;
};
BOOST_DESCRIBE_STRUCT(ComplaintView, (),
                      (id, worker_id, worker_name, prefecture_code, text, status, status_label, findings, entry_id,
                       created_at, updated_at, order_id, enterprise_id, stage, stage_label, reply_due, enterprise_reply,
                       replied_at, escalated_at, escalation))

struct ClauseView {
  int seq = 0;
  std::string heading;
  std::string body;
};
BOOST_DESCRIBE_STRUCT(ClauseView, (), (seq, heading, body))

struct TemplateView {
  std::string code;
  int version = 0;
  std::string title;
  std::string source;
  std::string created_at;
  std::vector<ClauseView> clauses;
};
BOOST_DESCRIBE_STRUCT(TemplateView, (), (code, version, title, source, created_at, clauses))

struct FieldsView {
  int64_t monthly_wage = 0;
  int64_t management_fee = 0;
  int64_t rest_days = 0;
  int64_t trial_days = 0;
  int64_t trial_wage = 0;
  int64_t consumer_deposit = 0;
  int64_t worker_deposit = 0;
  int64_t agency_fee_consumer = 0;
  int64_t agency_fee_worker = 0;
  int64_t payment_day = 0;
  std::string payment_method;
  std::string service_content;
  std::string period_from;
  std::string period_to;  // empty: open-ended
  std::string dispute_resolution;
};
BOOST_DESCRIBE_STRUCT(FieldsView, (),
                      (monthly_wage, management_fee, rest_days, trial_days, trial_wage, consumer_deposit,
                       worker_deposit, agency_fee_consumer, agency_fee_worker, payment_day, payment_method,
                       service_content, period_from, period_to, dispute_resolution))

struct ConfirmationView {
  std::string party;
  std::string at;
  std::string digest;
};
BOOST_DESCRIBE_STRUCT(ConfirmationView, (), (party, at, digest))

// A labour-rule concern about a contract's fields that does not refuse it.
struct WarningView {
  std::string code;
  std::string field;
  std::string message;
};
BOOST_DESCRIBE_STRUCT(WarningView, (), (code, field, message))

struct ContractView {
  int64_t id = 0;
  int64_t order_id = 0;
  int version = 0;
  std::string template_code;
  int template_version = 0;
  int64_t worker_id = 0;
  FieldsView fields;
  std::string content_sha256;
  std::string status;  // draft | confirmed | superseded
  std::string created_at;
  std::optional<std::string> confirmed_at;
  std::vector<ConfirmationView> confirmations;
  std::vector<std::string> required_parties;
  std::string verify_url;
  std::string pdf_url;
  std::optional<std::vector<WarningView>> warnings;  // when made or changed
};
BOOST_DESCRIBE_STRUCT(ContractView, (),
                      (id, order_id, version, template_code, template_version, worker_id, fields, content_sha256,
                       status, created_at, confirmed_at, confirmations, required_parties, verify_url, pdf_url,
                       warnings))

}  // namespace jz::services::api
