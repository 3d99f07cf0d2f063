#pragma once
// The SQL of household services (014_services.sql). Every function runs on the caller's connection, inside
// the caller's transaction; state changes are conditional updates whose row count the service checks.
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "services/model.hpp"
#include "services/rules.hpp"

namespace jz::services {

struct EnterpriseInfo {
  int64_t id = 0;
  std::string name, uscc, division_code, prefecture_code, listing_status;
};
struct WorkerInfo {
  int64_t id = 0;
  std::string name, id_number_mask, phone_mask, prefecture_code;
  std::optional<int64_t> enterprise_id;
};

class Store final {
 public:
  explicit Store(db::Connection& conn) : c_(conn) {}

  std::optional<EnterpriseInfo> enterprise(int64_t id);
  std::vector<EnterpriseInfo> listed_enterprises(const std::string& prefecture, int64_t limit);
  std::optional<WorkerInfo> worker(int64_t id);
  std::string user_display_name(int64_t user_id);
  // Takes the worker's row lock (PostgreSQL) so that two proposals of one worker serialise; SQLite writes
  // are serialised already.
  void lock_worker(int64_t worker_id);

  int64_t insert_order(int64_t consumer_user_id, const NewOrder& o, const std::string& prefecture,
                       const std::string& now);
  std::optional<Order> order(int64_t id);
  std::vector<Assignment> assignments(int64_t order_id);
  // Orders where `column` (consumer_user_id, enterprise_id, worker_id) = `value`, or of a 市州 prefix
  // (column "prefecture_code", value ignored, `prefecture` given; "" = the whole province), newest first.
  std::vector<Order> orders_by(const std::string& column, int64_t value, const std::string& prefecture,
                               const OrderFilter& f, int64_t* total);

  // UPDATE service_orders SET <set> WHERE id = ? AND status = <from>; the number of rows changed.
  int64_t update_order_if(int64_t id, const std::string& from, const std::string& set, db::Params params);

  // The first other live order that keeps `worker_id` busy over [starts_on, ends_on]: a live-in order of
  // hers (accepted, contracted or in service) overlapping it, or — when the new order is live-in — any live
  // order of hers overlapping it.
  std::optional<int64_t> busy_with(int64_t worker_id, int64_t exclude_order, bool new_is_live_in,
                                   const std::string& starts_on, const std::optional<std::string>& ends_on);

  int64_t insert_assignment(int64_t order_id, int64_t worker_id, std::optional<int64_t> replaces,
                            const std::string& reason, const std::string& now);
  std::optional<Assignment> open_assignment(int64_t order_id);  // the proposed or accepted one
  int64_t update_assignment_if(int64_t id, const std::string& from, const std::string& to,
                               const std::string& time_column, const std::string& now);

  // Templates.
  std::optional<ContractTemplate> template_version(const std::string& code, std::optional<int> version);
  std::vector<ContractTemplate> templates();
  int insert_template_version(const std::string& code, const std::string& title, const std::string& source,
                              const std::vector<TemplateClause>& clauses, int64_t user_id, const std::string& now);

  // Minimum wage for a county on a day.
  WageStandard min_wage(const std::string& county_code, const std::string& day);

  // Contracts.
  std::optional<Contract> contract(int64_t id);
  std::optional<Contract> latest_contract(int64_t order_id);
  std::vector<Contract> contracts_of(int64_t order_id);
  int64_t insert_contract(const Contract& c, int64_t user_id);
  int64_t update_draft_if_unconfirmed(int64_t id, const ContractFields& f, const std::string& digest);
  bool insert_confirmation(int64_t contract_id, const Confirmation& c);
  int64_t mark_confirmed(int64_t contract_id, const std::string& now);
  void supersede_others(int64_t order_id, int64_t keep_id);

  // What tells whether a household account may be an enterprise's own (Service::household_linked).
  struct Household {
    std::optional<db::Blob> phone_enc;           // users.phone_enc, set by the SMS sign-up
    bool linked_account = false;                 // the account is itself an enterprise's or a worker's
    std::string signup_ip;                       // of its SMS sign-up (the audit row), "" when not signed up so
  };
  std::optional<Household> household(int64_t user_id);
  // Whether a worker of enterprise `enterprise_id` has this phone (blind index under "workers.phone").
  bool enterprise_staff_phone(int64_t enterprise_id, const db::Blob& phone_bidx);
  // Whether an account of enterprise `enterprise_id` ever acted from `ip` (the audit log).
  bool enterprise_used_ip(int64_t enterprise_id, const std::string& ip);

  // The 居家上门服务证 card: the worker's newest certificate valid on `today`, and her photo.
  struct CardCertificate {
    std::string serial, token, issued_on, expires_on;
  };
  std::optional<CardCertificate> current_certificate(int64_t worker_id, const std::string& today);
  std::optional<std::pair<std::string, std::string>> worker_photo(int64_t worker_id);  // content type, bytes

  // Reviews tied to orders.
  bool order_reviewed(int64_t order_id);
  void insert_order_review(int64_t order_id, int64_t review_id, const std::string& now);

  // Benchmark only (bench/services_bench.sh): `households` disabled consumer accounts, `enterprises` listed
  // enterprises and `orders` requested orders spread evenly over them, generated inside the database.
  // Returns the first household's and the first enterprise's id.
  std::pair<int64_t, int64_t> bench_fill(int64_t households, int64_t enterprises, int64_t orders);

 private:
  Order order_row(const db::Row& r);
  db::Connection& c_;
};

}  // namespace jz::services
