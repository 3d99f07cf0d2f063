#pragma once
// SQL of the issuers module (012_provenance.sql). Writes run inside the service's db::Transaction.
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "issuers/model.hpp"

namespace jz::issuers {

class Store {
 public:
  explicit Store(db::Connection& conn) : conn_(conn) {}

  int64_t insert_issuer(const NewIssuer& in, int64_t registered_by, const std::string& now);
  bool issuer_name_taken(const std::string& type, const std::string& name);
  std::vector<Issuer> list_issuers(const std::string& division_prefix);
  std::optional<Issuer> find_issuer(int64_t id);

  struct WorkerMatch {
    int64_t id = 0;
    std::string name;
    std::string prefecture_code;
  };
  std::optional<WorkerMatch> worker_by_id_index(const db::Blob& bidx);

  int64_t insert_health_check(int64_t issuer_id, int64_t worker_id, const HealthCheckInput& in,
                              const std::optional<std::string>& valid_until, int64_t entry_id,
                              int64_t recorded_by, const std::string& now);
  bool health_report_taken(int64_t issuer_id, int64_t worker_id, const std::string& report_no);
  std::vector<HealthCheck> list_health_checks(int64_t issuer_id, int64_t limit, int64_t offset);
  int64_t count_health_checks(int64_t issuer_id);

  bool policy_no_taken(int64_t issuer_id, const std::string& policy_no);
  int64_t insert_policy(int64_t issuer_id, const PolicyInput& in, int64_t recorded_by, const std::string& now);
  void insert_insured(int64_t policy_id, int64_t worker_id, const std::string& from, const std::string& until,
                      int64_t entry_id);
  std::vector<Policy> list_policies(int64_t issuer_id, int64_t limit, int64_t offset);
  int64_t count_policies(int64_t issuer_id);
  std::optional<Policy> find_policy(int64_t issuer_id, int64_t id);
  bool endorsement_taken(int64_t policy_id, const std::string& endorsement_no);
  int64_t insert_endorsement(int64_t policy_id, const EndorsementInput& in, std::optional<int64_t> removed,
                             std::optional<int64_t> added, int64_t recorded_by, const std::string& now);
  // Ends a person's cover by an endorsement: conditional on her row being current, so two endorsements
  // cannot both remove her. Returns the entry id of the cover ended, or nullopt when she was not covered.
  std::optional<int64_t> end_cover(int64_t policy_id, int64_t worker_id, int64_t endorsement_id,
                                   const std::string& until);
  // The credit entry of a cover that ended early: its valid_until, or withdrawn when it never began.
  void shorten_entry(int64_t entry_id, const std::string& until, const std::string& now);

 private:
  std::vector<Insured> insured_of(int64_t policy_id);
  db::Connection& conn_;
};

}  // namespace jz::issuers
