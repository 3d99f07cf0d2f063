#pragma once
// Request and response bodies of the credit routes: entries, reviews, complaints, disputes, reminders.
// Declared on the routes (`.request`, `.response`) for the OpenAPI document and the response check
// (http/response_check.hpp); first proposed by scripts/openapi-types.py from real answers.
#include <boost/describe.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::credit::api {

struct Complaint {
  int64_t id{};
  int64_t worker_id{};
  std::string worker_name;
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
  std::optional<std::string> stage;
  std::string stage_label;
  std::optional<std::string> reply_due;
  std::string enterprise_reply;
  std::optional<std::string> replied_at;
  std::optional<std::string> escalated_at;
  std::string escalation;
  std::optional<int64_t> credit_entry_id;
  std::optional<int64_t> score;
};
BOOST_DESCRIBE_STRUCT(Complaint, (),
                      (id, worker_id, worker_name, prefecture_code, text, status, status_label, findings,
                       entry_id, created_at, updated_at, order_id, enterprise_id, stage, stage_label,
                       reply_due, enterprise_reply, replied_at, escalated_at, escalation, credit_entry_id,
                       score))

struct CreditEntryHistoryViewEntrySource {
  std::string type;
  std::optional<int64_t> id;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(CreditEntryHistoryViewEntrySource, (), (type, id, name))

struct CreditEntryHistoryViewEntryRecordedBy {
  std::string role;
  std::string organisation;
};
BOOST_DESCRIBE_STRUCT(CreditEntryHistoryViewEntryRecordedBy, (), (role, organisation))

struct CreditEntryHistoryViewEntryAssertedBy {
  std::string role;
  std::string organisation;
  std::optional<int64_t> user_id;
};
BOOST_DESCRIBE_STRUCT(CreditEntryHistoryViewEntryAssertedBy, (), (role, organisation, user_id))

struct CreditEntryHistoryViewEntryHealth {
  std::string result;
  std::optional<std::string> notes;
};
BOOST_DESCRIBE_STRUCT(CreditEntryHistoryViewEntryHealth, (), (result, notes))

struct CreditEntryHistoryViewEvent {
  std::string at;
  std::string action;
  std::string note;
  std::string actor_role;
  std::string actor_organisation;
};
BOOST_DESCRIBE_STRUCT(CreditEntryHistoryViewEvent, (), (at, action, note, actor_role, actor_organisation))

struct CreditEntryHistoryViewDispute {
  int64_t id{};
  int64_t entry_id{};
  int64_t worker_id{};
  std::string worker_name;
  std::string entry_kind;
  std::string entry_summary;
  std::string reason;
  std::string status;
  std::string resolution;
  std::string created_at;
  std::optional<std::string> resolved_at;
};
BOOST_DESCRIBE_STRUCT(CreditEntryHistoryViewDispute, (),
                      (id, entry_id, worker_id, worker_name, entry_kind, entry_summary, reason, status,
                       resolution, created_at, resolved_at))

struct CreditEntry {
  int64_t id{};
  int64_t worker_id{};
  std::string kind;
  std::string kind_label;
  std::string status;
  CreditEntryHistoryViewEntrySource source;
  bool independent{};
  std::string verification;
  std::string verification_label;
  CreditEntryHistoryViewEntryRecordedBy recorded_by;
  CreditEntryHistoryViewEntryAssertedBy asserted_by;
  std::string occurred_on;
  std::optional<std::string> valid_until;
  bool lapsed{};
  std::string summary;
  boost::json::value details;
  std::string evidence;
  std::string created_at;
  std::string updated_at;
  std::optional<CreditEntryHistoryViewEntryHealth> health;
  bool health_restricted{};
};
BOOST_DESCRIBE_STRUCT(CreditEntry, (),
                      (id, worker_id, kind, kind_label, status, source, independent, verification,
                       verification_label, recorded_by, asserted_by, occurred_on, valid_until, lapsed,
                       summary, details, evidence, created_at, updated_at, health, health_restricted))

struct CreditEntryHistoryView {
  CreditEntry entry;
  std::vector<CreditEntryHistoryViewEvent> events;
  std::vector<CreditEntryHistoryViewDispute> disputes;
};
BOOST_DESCRIBE_STRUCT(CreditEntryHistoryView, (), (entry, events, disputes))

struct Dispute {
  int64_t id{};
  int64_t entry_id{};
  int64_t worker_id{};
  std::string worker_name;
  std::string entry_kind;
  std::string entry_summary;
  std::string reason;
  std::string status;
  std::string resolution;
  std::string created_at;
  boost::json::value resolved_at;
};
BOOST_DESCRIBE_STRUCT(Dispute, (),
                      (id, entry_id, worker_id, worker_name, entry_kind, entry_summary, reason, status,
                       resolution, created_at, resolved_at))

struct MeViewer {
  std::string at;
  std::string action;
  std::string action_label;
  std::string role;
  std::string organisation;
};
BOOST_DESCRIBE_STRUCT(MeViewer, (), (at, action, action_label, role, organisation))

struct RemindersViewItem {
  std::string type;
  std::string type_label;
  int64_t worker_id{};
  std::string worker_name;
  std::optional<int64_t> enterprise_id;
  std::string prefecture_code;
  int64_t record_id{};
  std::string label;
  std::string valid_until;
  int64_t days_left{};
  bool lapsed{};
};
BOOST_DESCRIBE_STRUCT(RemindersViewItem, (),
                      (type, type_label, worker_id, worker_name, enterprise_id, prefecture_code, record_id,
                       label, valid_until, days_left, lapsed))

struct RemindersView {
  std::vector<RemindersViewItem> items;
  int64_t total{};
  int64_t page{};
  int64_t page_size{};
  int64_t within{};
};
BOOST_DESCRIBE_STRUCT(RemindersView, (), (items, total, page, page_size, within))

struct WorkerCreditViewScale {
  int64_t min{};
  int64_t max{};
};
BOOST_DESCRIBE_STRUCT(WorkerCreditViewScale, (), (min, max))

struct WorkerCreditViewComponentRecord {
  int64_t id{};
  std::string kind;
  std::string kind_label;
  std::string status;
  std::string summary;
  std::string occurred_on;
  std::optional<std::string> valid_until;
  std::string source_type;
  std::string source_name;
  bool independent{};
};
BOOST_DESCRIBE_STRUCT(WorkerCreditViewComponentRecord, (),
                      (id, kind, kind_label, status, summary, occurred_on, valid_until, source_type,
                       source_name, independent))

struct WorkerCreditViewComponent {
  std::string key;
  std::string label_zh;
  std::string label_en;
  double weight{};
  double cap{};
  double points{};
  std::string explanation;
  std::string explanation_en;
  std::vector<WorkerCreditViewComponentRecord> records;
};
BOOST_DESCRIBE_STRUCT(WorkerCreditViewComponent, (),
                      (key, label_zh, label_en, weight, cap, points, explanation, explanation_en, records))

struct WorkerCreditView {
  int64_t worker_id{};
  int64_t score{};
  std::string band;
  std::string band_label;
  std::string band_label_en;
  WorkerCreditViewScale scale;
  boost::json::value bands;
  std::string computed_at;
  std::vector<WorkerCreditViewComponent> components;
};
BOOST_DESCRIBE_STRUCT(WorkerCreditView, (),
                      (worker_id, score, band, band_label, band_label_en, scale, bands, computed_at,
                       components))

struct WorkerReview {
  int64_t id{};
  int64_t worker_id{};
  int64_t skill{};
  int64_t attitude{};
  int64_t punctuality{};
  int64_t hygiene{};
  double average{};
  std::string text;
  int64_t entry_id{};
  std::optional<int64_t> order_id;
  bool tied_to_order{};
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(WorkerReview, (),
                      (id, worker_id, skill, attitude, punctuality, hygiene, average, text, entry_id,
                       order_id, tied_to_order, created_at))

struct ComplaintTransitionInput {
  std::string status;
  std::optional<std::string> findings;
};
BOOST_DESCRIBE_STRUCT(ComplaintTransitionInput, (), (status, findings))

struct CreditEntryDisputeInput {
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(CreditEntryDisputeInput, (), (reason))

struct DisputeResolveInput {
  bool accept{};
  std::string resolution;
};
BOOST_DESCRIBE_STRUCT(DisputeResolveInput, (), (accept, resolution))

struct DisputeResolveResult {
  int64_t id{};
  int64_t entry_id{};
  int64_t worker_id{};
  std::string worker_name;
  std::string entry_kind;
  std::string entry_summary;
  std::string reason;
  std::string status;
  std::string resolution;
  std::string created_at;
  std::string resolved_at;
};
BOOST_DESCRIBE_STRUCT(DisputeResolveResult, (),
                      (id, entry_id, worker_id, worker_name, entry_kind, entry_summary, reason, status,
                       resolution, created_at, resolved_at))

struct WorkerComplaintInput {
  std::string text;
};
BOOST_DESCRIBE_STRUCT(WorkerComplaintInput, (), (text))

struct WorkerCreditEntryInputSource {
  std::string type;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(WorkerCreditEntryInputSource, (), (type, name))

struct WorkerCreditEntryInput {
  std::string kind;
  std::string occurred_on;
  boost::json::value details;  // its members depend on the kind
  std::optional<std::string> valid_until;
  std::optional<WorkerCreditEntryInputSource> source;
  std::optional<bool> independent;
  std::optional<std::string> evidence;
};
BOOST_DESCRIBE_STRUCT(WorkerCreditEntryInput, (),
                      (kind, occurred_on, details, valid_until, source, independent, evidence))

struct WorkerCreditEntryResultAssertedBy {
  std::string role;
  std::string organisation;
  int64_t user_id{};
};
BOOST_DESCRIBE_STRUCT(WorkerCreditEntryResultAssertedBy, (), (role, organisation, user_id))

}  // namespace jz::credit::api
