#pragma once
// Subsidies paid without application (免申预付): the rules as versioned data, eligibility over the records with
// evidence, simulation, payment batches with maker–checker approval, the bank's payment file and result, and
// corrections flagged for review. No HTTP here; every write runs in one db::Transaction with its audit entry.
//
// Who may do what (the routes admit the roles; the service checks the scope):
//   province admin   edit rules; simulate, make, approve or reject batches anywhere; full ID numbers in files
//   department       read rules, simulate, read batches, approve or reject batches anywhere (the checker)
//   city officer     simulate, make, approve or reject batches of her 市州 only; masked ID numbers
//   worker           her own subsidies
// Who checks a batch (why_cannot_check): a person other than its maker, and someone always can —
//   a 市州 batch      the department, a province admin, or another city officer of that 市州;
//   a province batch  the department or another province admin (never a city officer).
// So the demo round works: admin (or lanzhou) makes → dept approves. The maker may withdraw her pending
// batch (releasing its people for another batch); approve, reject and withdraw are conditional updates of a
// pending batch, so of concurrent requests exactly one wins.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "security/audit.hpp"
#include "security/field_crypto.hpp"
#include "security/roles.hpp"
#include "subsidy/model.hpp"
#include "subsidy/store.hpp"

namespace jz::subsidy {

struct PolicySummary {
  RuleVersion current;
  std::string legal_basis;
  std::string subject;
  int64_t budget_yuan = 0;
  int64_t conditions = 0;
};

struct SaveOutcome {
  std::optional<RuleVersion> saved;
  std::vector<RuleProblem> problems;  // when not saved
};

struct WorkerRuleResult {
  RuleVersion rule;
  PersonResult result;
  bool already_paid = false;
};
struct WorkerSubsidies {
  int64_t worker_id = 0;
  std::string period;
  std::vector<Payment> payments;
  std::vector<WorkerRuleResult> rules;
};

struct BatchDetail {
  Batch batch;
  std::string policy_name;
  std::vector<BatchItem> items;
};

struct CreatedBatch {
  Batch batch;
  bool created = false;  // false: an earlier request with the same Idempotency-Key made it
};

struct PaymentFile {
  std::string filename;
  std::string content_type;
  std::string body;
  bool unmasked = false;
};

struct BankImportReport {
  int64_t paid = 0;
  int64_t failed = 0;
  int64_t unchanged = 0;
};

// "" when `p` may approve or reject `b` now, else the error code saying why not (forbidden, out_of_scope,
// subsidy_batch_decided, subsidy_maker_cannot_check, subsidy_province_batch_checker).
std::string why_cannot_check(const security::Principal& p, const Batch& b);
// Whether `p` made `b` and it is still pending.
bool may_withdraw(const security::Principal& p, const Batch& b);

// Evidence as JSON (frozen into batch items, shown by the API).
boost::json::array evidence_json(const std::vector<EvidenceItem>& items);

class Service final {
 public:
  Service(db::Database& db, const security::FieldCipher& cipher) : db_(db), cipher_(cipher) {}

  // Loads data/policies/*.toml as version 1 of each rule that is not stored yet, and as the next version of a
  // default the province never edited whose shipped text changed. Idempotent.
  void install_default_policies();

  Result<std::vector<PolicySummary>> policies();
  Result<std::vector<RuleVersion>> versions(const std::string& policy_id);
  // Checks the TOML and, when it is sound, stores it as the next version (province admin only).
  Result<SaveOutcome> save_policy(const security::Principal& p, const std::string& policy_id, const std::string& source,
                                  const security::AuditActor& actor);

  Result<Simulation> simulate(const security::Principal& p, const std::string& policy_id, const std::string& period,
                              const std::optional<std::string>& prefecture, size_t sample = 20);

  Result<WorkerSubsidies> worker_subsidies(const security::Principal& p, int64_t worker_id, const std::string& period,
                                           const security::AuditActor& actor);

  Result<CreatedBatch> create_batch(const security::Principal& p, const std::string& policy_id,
                                    const std::string& period, const std::optional<std::string>& prefecture,
                                    const std::optional<std::string>& idempotency_key, const security::AuditActor& actor);
  Result<std::vector<Batch>> batches(const security::Principal& p, const security::AuditActor& actor);
  Result<BatchDetail> batch(const security::Principal& p, int64_t id, const security::AuditActor& actor);
  // The checker confirms the total she reviewed: a batch that is not the one she saw is not approved.
  Result<Batch> approve(const security::Principal& p, int64_t id, int64_t confirmed_total_yuan,
                        const security::AuditActor& actor);
  Result<Batch> reject(const security::Principal& p, int64_t id, const std::string& reason,
                       const security::AuditActor& actor);
  // The maker closes her own pending batch; its claims are released (audited). 409 when it was decided.
  Result<Batch> withdraw(const security::Principal& p, int64_t id, const std::string& reason,
                         const security::AuditActor& actor);
  // The payment file in the layout of bank profile `bank` (data/banks/<bank>.toml), CSV or XLSX.
  Result<PaymentFile> payment_file(const security::Principal& p, int64_t id, const std::string& format,
                                   const std::string& bank, const security::AuditActor& actor);
  // The bank's result file as the bank returns it (CSV in GBK or UTF-8, or XLSX), read with profile `bank`.
  Result<BankImportReport> import_bank_result(const security::Principal& p, int64_t id, const std::string& bytes,
                                              const std::string& content_type, const std::string& bank,
                                              const security::AuditActor& actor);

  // Flags payments whose employment record was withdrawn or disputed since (audited). Returns how many.
  int64_t flag_corrections(db::Connection& conn, const security::AuditActor& actor,
                           std::optional<int64_t> batch_id = std::nullopt, std::optional<int64_t> worker_id = std::nullopt);

 private:
  void install_default_policies_once();
  Result<Rule> load_rule(Store& store, const std::string& policy_id, RuleVersion* version = nullptr);
  Result<Batch> decide(const security::Principal& p, int64_t id, bool approve, const std::string& reason,
                       std::optional<int64_t> confirmed_total, const security::AuditActor& actor);

  db::Database& db_;
  const security::FieldCipher& cipher_;
};

// Runs `rule` over the records of `prefecture` ("" = all): totals, and the first `keep` eligible people with
// their evidence (keep = SIZE_MAX: all of them). `pushdown` false evaluates every record in C++ only;
// `chunk_ids` 0 chooses the chunk of worker ids (see service.cpp). Exposed for the tests.
Simulation run_rule(Store& store, const Rule& rule, const Period& period, const std::string& prefecture,
                    const std::string& as_of, size_t keep, bool pushdown = true, int64_t chunk_ids = 0);

}  // namespace jz::subsidy
