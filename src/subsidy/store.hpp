#pragma once
// The subsidy module's SQL: rule versions, the records a rule reads (loaded in bulk, a chunk of worker ids at a
// time, with the conditions that translate to SQL pushed into the WHERE clause as a pre-filter — every condition
// is still evaluated in C++), batches, their frozen items and payments. One Store per connection; the caller
// owns the transaction.
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "db/database.hpp"
#include "subsidy/facts.hpp"
#include "subsidy/model.hpp"

namespace jz::subsidy {

// The records of one chunk of workers, ordered by worker id; employments by worker, start date, entry id.
struct Chunk {
  std::vector<WorkerRecord> workers;
  std::vector<EmploymentRecord> employments;
  std::vector<FounderRecord> founders;
};

struct Lookups {
  std::unordered_set<std::string> domestic_occupations;
  std::map<std::string, std::string> province_names;  // "61" → "陕西"
};

// SQL WHERE fragments (each starting with " AND ") a rule implies for its candidates; see store.cpp.
struct Pushdown {
  std::string workers_sql;
  db::Params workers_params;
  std::string employments_sql;
  db::Params employments_params;
  // True when a worker without a matching employment record can never be eligible (a condition reading only
  // employment and period fields fails for "no record"): the scan then reads workers only through their
  // employments, one query per chunk instead of two.
  bool employment_required = false;
};
Pushdown pushdown_for(const Rule& rule, const Period& period);

class Store final {
 public:
  explicit Store(db::Connection& conn) : conn_(conn) {}

  // --- Rule versions ---
  std::vector<RuleVersion> current_rules();
  std::vector<RuleVersion> rule_versions(const std::string& policy_id);  // newest first
  std::optional<RuleVersion> rule_version(const std::string& policy_id, std::optional<int> version);
  void insert_rule_version(const RuleVersion& v);

  // --- Records ---
  Lookups lookups();
  // Calls `visit` for each chunk of workers in `prefecture` ("" = all) that pass the pushdown.
  void scan(const Pushdown& pd, const std::string& prefecture, const std::function<void(Chunk&)>& visit,
            int64_t chunk_ids = 131072);
  // One worker's records, without pushdown (to explain every rule).
  std::optional<Chunk> worker_records(int64_t worker_id);
  // Workers holding a payment (any status) under this rule and period.
  std::unordered_set<int64_t> paid_workers(const std::string& policy_id, const std::string& period,
                                           std::optional<int64_t> worker_id = std::nullopt);

  // --- Batches ---
  std::optional<Batch> batch(int64_t id);
  std::optional<int64_t> batch_by_key(int64_t maker_user_id, const std::string& key);
  // The newest 200 batches (all, or of one 市州), with their payment counts.
  std::vector<Batch> batches(const std::string& prefecture_or_all, bool all);
  int64_t insert_batch(const Batch& b, const std::optional<std::string>& key);
  void insert_item(int64_t batch_id, const PersonResult& p, const std::string& evidence_json, const std::string& reference);
  void insert_payment(int64_t batch_id, const PersonResult& p, const std::string& policy_id, const std::string& period,
                      const std::string& reference, const std::string& now);
  std::vector<BatchItem> items(int64_t batch_id, int64_t limit);
  // Conditional (status = pending): false when another decision (or a withdrawal) came first.
  [[nodiscard]] bool decide(int64_t batch_id, const std::string& status, int64_t checker_id, const std::string& checker_name,
              const std::string& reason, const std::string& now);
  // The maker closes her own pending batch (conditional, as decide).
  [[nodiscard]] bool withdraw(int64_t batch_id, int64_t maker_id, const std::string& reason, const std::string& now);
  int64_t release_claims(int64_t batch_id);
  int64_t issue_payments(int64_t batch_id, const std::string& now);
  // Payment id and status of `reference` in `batch_id`, or nullopt.
  std::optional<std::pair<int64_t, std::string>> payment_by_reference(int64_t batch_id, const std::string& reference);
  void settle(int64_t payment_id, const std::string& status, const std::string& message, const std::string& now);
  // Full ID numbers (encrypted) of a batch's people, for a province admin's payment file.
  std::map<int64_t, db::Blob> id_numbers(int64_t batch_id);

  // --- Corrections and the worker's own view ---
  // Payments whose employment record is no longer active and that are not flagged yet.
  struct Correction {
    int64_t payment_id = 0, batch_id = 0, worker_id = 0, entry_id = 0;
    std::string employment_status;
  };
  std::vector<Correction> unflagged_corrections(std::optional<int64_t> batch_id = std::nullopt,
                                                std::optional<int64_t> worker_id = std::nullopt);
  void flag(int64_t payment_id, const std::string& reason, const std::string& now);
  std::vector<Payment> worker_payments(int64_t worker_id);

 private:
  db::Connection& conn_;
};

}  // namespace jz::subsidy
