#pragma once
// Plain types of the subsidy module: stored rule versions, simulations, payment batches and payments.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "subsidy/rule.hpp"

namespace jz::subsidy {

struct RuleVersion {
  std::string policy_id;
  int version = 0;
  std::string name;
  std::string source;  // TOML
  std::string created_by;
  std::string created_at;
};

// The record behind one condition of one person's evaluation ("the record that satisfied it").
struct EvidenceItem {
  std::string text;
  bool passed = false;
  std::map<std::string, std::string> values;
  std::vector<std::string> records;  // "worker 12", "employment 345", "enterprise 7", "payments"
};

struct PersonResult {
  int64_t worker_id = 0;
  std::string name;
  std::string prefecture_code;
  bool eligible = false;
  int64_t yuan = 0;
  std::string case_label;
  std::optional<int64_t> employment_entry_id;
  std::optional<int64_t> enterprise_id;
  std::vector<EvidenceItem> evidence;
  std::optional<size_t> first_failed;
};

struct Tally {
  int64_t people = 0;
  int64_t yuan = 0;
};

// A person who would qualify if the claims she depends on were verified (provenance: an enterprise's word on
// her poverty status or a job elsewhere is a claim): not paid, listed with who can verify each claim.
struct ClaimToVerify {
  std::string fact;  // worker.poverty_alleviated | worker.monitored | employment
  std::optional<int64_t> entry_id;  // the employment record, for `employment`
  std::string verifier_zh, verifier_en;
};
struct AwaitingPerson {
  int64_t worker_id = 0;
  std::string name;  // masked
  std::string prefecture_code;
  int64_t yuan = 0;  // what she would receive once verified
  std::string case_label;
  std::vector<ClaimToVerify> claims;
};

struct Simulation {
  std::string policy_id;
  int rule_version = 0;
  std::string period;
  std::string as_of;
  std::string prefecture_code;  // "" = the whole province
  Tally total;
  int64_t budget_yuan = 0;
  std::map<std::string, Tally> by_prefecture;
  std::map<std::string, Tally> by_case;
  std::vector<PersonResult> sample;  // the first eligible people by worker id, with evidence
  Tally awaiting;                        // would qualify once their claims are verified (not counted in total)
  std::vector<AwaitingPerson> awaiting_sample;  // the first of them by worker id
  double seconds = 0;
};

struct Batch {
  int64_t id = 0;
  std::string policy_id;
  int rule_version = 0;
  std::string period;
  std::string prefecture_code;
  std::string as_of;
  std::string status;  // pending, approved, rejected
  int64_t people = 0;
  int64_t total_yuan = 0;
  int64_t maker_user_id = 0;
  std::string maker_name;
  std::optional<int64_t> checker_user_id;
  std::string checker_name;
  std::string decided_at;
  std::string reason;
  std::string created_at;
  // Counts of the payments by status and of those flagged for review (after a correction to their record).
  std::map<std::string, int64_t> payments_by_status;
  int64_t flagged = 0;
};

struct BatchItem {
  int64_t worker_id = 0;
  std::string name;
  std::string id_number_mask;
  std::string prefecture_code;
  int64_t yuan = 0;
  std::string case_label;
  std::optional<int64_t> employment_entry_id;
  std::optional<int64_t> enterprise_id;
  std::string evidence;  // JSON text as frozen
  std::string reference;
  std::string payment_status;  // "" when the claim was released (rejected batch)
  bool review_flag = false;
  std::string review_reason;
};

struct Payment {
  int64_t id = 0;
  int64_t batch_id = 0;
  int64_t worker_id = 0;
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

}  // namespace jz::subsidy
