#pragma once
// The bodies the subsidy routes read and write, as described structs: routes.cpp declares them in the
// OpenAPI document (`.request`, `.response`). Optional members are fields a client may omit (requests) or
// that may be null or only some answers carry (responses). Money is whole yuan (integers).
#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jz::subsidy::api {

// ---- Requests ----

struct RuleSource {
  std::string source;  // the rule as TOML
};
BOOST_DESCRIBE_STRUCT(RuleSource, (), (source))

struct NewBatch {
  std::string policy_id;
  std::optional<std::string> period;      // default this year
  std::optional<std::string> prefecture;  // a 市州 code; none: the caller's scope
};
BOOST_DESCRIBE_STRUCT(NewBatch, (), (policy_id, period, prefecture))

struct Approval {
  int64_t total_yuan = 0;  // the total the checker reviewed
};
BOOST_DESCRIBE_STRUCT(Approval, (), (total_yuan))

struct Rejection {
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(Rejection, (), (reason))

struct Withdrawal {
  std::optional<std::string> reason;
};
BOOST_DESCRIBE_STRUCT(Withdrawal, (), (reason))

// The bank's result as JSON; the file itself may also be the body (text/csv or XLSX).
struct BankResultInput {
  std::string csv;
};
BOOST_DESCRIBE_STRUCT(BankResultInput, (), (csv))

// ---- Responses ----

struct FactValue {
  std::string value;
  std::string label;
};
BOOST_DESCRIBE_STRUCT(FactValue, (), (value, label))

struct FactView {
  std::string field;
  std::string type;  // boolean | integer | date | text
  std::string label;
  std::string label_not;
  std::optional<std::vector<FactValue>> values;  // facts with named values
};
BOOST_DESCRIBE_STRUCT(FactView, (), (field, type, label, label_not, values))

struct Facts {
  std::vector<FactView> facts;
};
BOOST_DESCRIBE_STRUCT(Facts, (), (facts))

// A rule version; `source` with one version, the policy's facts in the list of policies.
struct VersionView {
  std::string policy_id;
  int version = 0;
  std::string name;
  std::string created_by;
  std::string created_at;
  std::optional<std::string> source;
  std::optional<std::string> legal_basis;
  std::optional<std::string> subject;
  std::optional<int64_t> budget_yuan;
  std::optional<int64_t> conditions;
};
BOOST_DESCRIBE_STRUCT(VersionView, (),
                      (policy_id, version, name, created_by, created_at, source, legal_basis, subject, budget_yuan,
                       conditions))

struct PolicyView {
  std::string policy_id;
  int version = 0;
  std::string name;
  std::string created_by;
  std::string created_at;
  std::string source;
  std::vector<VersionView> versions;  // newest first
};
BOOST_DESCRIBE_STRUCT(PolicyView, (), (policy_id, version, name, created_by, created_at, source, versions))

// One condition of a rule for one person: the values it read and the records they came from.
struct EvidenceView {
  std::string condition;
  bool passed = false;
  std::map<std::string, std::string> values;
  std::vector<std::string> records;
  std::optional<std::string> plain;  // the condition in plain words
};
BOOST_DESCRIBE_STRUCT(EvidenceView, (), (condition, passed, values, records, plain))

// A person's result under a rule; on a worker's page also the policy it belongs to.
struct PersonView {
  int64_t worker_id = 0;
  std::string name;
  std::string prefecture_code;
  bool eligible = false;
  int64_t yuan = 0;
  std::string case_;
  std::vector<EvidenceView> evidence;
  std::optional<int64_t> employment_entry_id;
  std::optional<int64_t> enterprise_id;
  std::optional<std::string> failed_condition;
  std::optional<std::string> failed_text;  // when a condition failed
  std::optional<int64_t> failed_index;     // likewise
  std::optional<std::string> policy_id;    // a worker's subsidies
  std::optional<std::string> policy_name;
  std::optional<int> rule_version;
  std::optional<bool> already_paid;
};
BOOST_DESCRIBE_STRUCT(PersonView, (),
                      (worker_id, name, prefecture_code, eligible, yuan, case_, evidence, employment_entry_id,
                       enterprise_id, failed_condition, failed_text, failed_index, policy_id, policy_name,
                       rule_version, already_paid))

struct TallyByPrefecture {
  int64_t people = 0;
  int64_t yuan = 0;
  std::string prefecture_code;
};
BOOST_DESCRIBE_STRUCT(TallyByPrefecture, (), (people, yuan, prefecture_code))

struct TallyByCase {
  int64_t people = 0;
  int64_t yuan = 0;
  std::string case_;
};
BOOST_DESCRIBE_STRUCT(TallyByCase, (), (people, yuan, case_))

struct ClaimView {
  std::string fact;
  std::optional<int64_t> entry_id;
  std::string verifier;
  std::string verifier_en;
};
BOOST_DESCRIBE_STRUCT(ClaimView, (), (fact, entry_id, verifier, verifier_en))

struct AwaitingView {
  int64_t worker_id = 0;
  std::string name;
  std::string prefecture_code;
  int64_t yuan = 0;
  std::string case_;
  std::vector<ClaimView> claims;
};
BOOST_DESCRIBE_STRUCT(AwaitingView, (), (worker_id, name, prefecture_code, yuan, case_, claims))

struct AwaitingTotals {
  int64_t people = 0;
  int64_t yuan = 0;
  std::vector<AwaitingView> sample;
};
BOOST_DESCRIBE_STRUCT(AwaitingTotals, (), (people, yuan, sample))

struct SimulationView {
  std::string policy_id;
  int rule_version = 0;
  std::string period;
  std::string as_of;
  std::string prefecture_code;
  int64_t people = 0;
  int64_t yuan = 0;
  int64_t budget_yuan = 0;
  bool over_budget = false;
  std::vector<TallyByPrefecture> by_prefecture;
  std::vector<TallyByCase> by_case;
  std::vector<PersonView> sample;
  AwaitingTotals awaiting_verification;  // would qualify once their claims are verified: not in the totals
  double seconds = 0;
};
BOOST_DESCRIBE_STRUCT(SimulationView, (),
                      (policy_id, rule_version, period, as_of, prefecture_code, people, yuan, budget_yuan, over_budget,
                       by_prefecture, by_case, sample, awaiting_verification, seconds))

struct PaymentView {
  int64_t id = 0;
  int64_t batch_id = 0;
  std::string policy_id;
  std::string policy_name;
  std::string period;
  int64_t yuan = 0;
  std::string reference;
  std::string status;
  std::string issued_at;
  std::string settled_at;
  bool review_flag = false;
  std::string review_reason;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(PaymentView, (),
                      (id, batch_id, policy_id, policy_name, period, yuan, reference, status, issued_at, settled_at,
                       review_flag, review_reason, created_at))

struct WorkerSubsidiesView {
  int64_t worker_id = 0;
  std::string period;
  std::vector<PaymentView> payments;
  std::vector<PersonView> policies;
};
BOOST_DESCRIBE_STRUCT(WorkerSubsidiesView, (), (worker_id, period, payments, policies))

// What the caller may do with a batch, and why not.
struct BatchActions {
  bool decide = false;
  bool withdraw = false;
  std::optional<std::string> why_not;
  std::optional<std::string> why_not_message;
};
BOOST_DESCRIBE_STRUCT(BatchActions, (), (decide, withdraw, why_not, why_not_message))

struct BatchItemView {
  int64_t worker_id = 0;
  std::string name;
  std::string id_number_mask;
  std::string prefecture_code;
  int64_t yuan = 0;
  std::string case_;
  std::string reference;
  std::string payment_status;  // empty once the claim was released
  bool review_flag = false;
  std::string review_reason;
  std::optional<int64_t> employment_entry_id;
  std::optional<int64_t> enterprise_id;
  std::optional<std::vector<EvidenceView>> evidence;  // as frozen with the batch
};
BOOST_DESCRIBE_STRUCT(BatchItemView, (),
                      (worker_id, name, id_number_mask, prefecture_code, yuan, case_, reference, payment_status,
                       review_flag, review_reason, employment_entry_id, enterprise_id, evidence))

// A batch; one batch also carries its policy's name, the caller's actions and its frozen list.
struct BatchView {
  int64_t id = 0;
  std::string policy_id;
  int rule_version = 0;
  std::string period;
  std::string prefecture_code;
  std::string as_of;
  std::string status;  // pending | approved | rejected | withdrawn
  int64_t people = 0;
  int64_t total_yuan = 0;
  int64_t maker_user_id = 0;
  std::string maker_name;
  std::optional<int64_t> checker_user_id;
  std::string checker_name;
  std::string decided_at;
  std::string reason;
  std::string created_at;
  std::map<std::string, int64_t> payments;  // payment status → count
  int64_t flagged = 0;
  std::optional<std::string> policy_name;
  std::optional<BatchActions> actions;
  std::optional<std::vector<BatchItemView>> items;
};
BOOST_DESCRIBE_STRUCT(BatchView, (),
                      (id, policy_id, rule_version, period, prefecture_code, as_of, status, people, total_yuan,
                       maker_user_id, maker_name, checker_user_id, checker_name, decided_at, reason, created_at,
                       payments, flagged, policy_name, actions, items))

struct BankProfileView {
  std::string id;
  std::string name;
  std::string bank;
  std::string encoding;  // gbk | utf-8
  std::vector<std::string> columns;
  std::string total_record;  // first | last | none
  std::string confirmed;
};
BOOST_DESCRIBE_STRUCT(BankProfileView, (), (id, name, bank, encoding, columns, total_record, confirmed))

struct BankProfiles {
  std::vector<BankProfileView> profiles;
};
BOOST_DESCRIBE_STRUCT(BankProfiles, (), (profiles))

struct BankResultView {
  int64_t paid = 0;
  int64_t failed = 0;
  int64_t unchanged = 0;
};
BOOST_DESCRIBE_STRUCT(BankResultView, (), (paid, failed, unchanged))

}  // namespace jz::subsidy::api
