#pragma once
// The rules of household services: who may do what to an order (role and data scope), the state machine as
// conditional updates in one transaction each, audited inside it; contracts (checks, versions,
// confirmations, the signed verify token, the PDF); the review of a completed order. See docs/services.md.
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "credit/service.hpp"
#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "security/audit.hpp"
#include "security/field_crypto.hpp"
#include "security/roles.hpp"
#include "services/model.hpp"
#include "services/rules.hpp"
#include "services/store.hpp"
#include "verify/signing_key.hpp"

namespace jz::services {

// Payload version of contract tokens (verify/token_kinds.hpp): 0x03, then kind 0x01, the contract id
// (4 bytes), its version (2 bytes) and the first 16 bytes of its SHA-256 — so a token names one exact text.
inline constexpr unsigned char kContractTokenVersion = 3;

struct OrderPage {
  std::vector<Order> items;
  int64_t total = 0, page = 1, page_size = 20;
};

struct ContractResult {
  Contract contract;
  std::vector<Warning> warnings;
};

// What the QR code's holder sees: the contract's status, never personal data beyond masks.
struct ContractStatus {
  Contract contract;
  std::string title, enterprise_name, worker_name_masked, county_name, service_type, mode;
  bool current = false;  // the order's newest version
  std::vector<std::string> required;
};

class Service final {
 public:
  Service(db::Database& db, const reference::DivisionCatalog& catalog, credit::Service& credit,
          const security::FieldCipher& cipher, verify::SigningKey key, std::string public_url)
      : db_(db),
        catalog_(catalog),
        credit_(credit),
        cipher_(cipher),
        key_(std::move(key)),
        public_url_(std::move(public_url)) {}

  std::vector<EnterpriseInfo> listed_enterprises(const std::string& prefecture);

  // ── Orders ──
  Result<Order> create_order(const security::Principal& p, NewOrder in, const security::AuditActor& actor);
  Result<OrderPage> list_orders(const security::Principal& p, const OrderFilter& f);
  Result<Order> order(const security::Principal& p, int64_t id);
  // requested → proposed (the enterprise names one of its workers).
  Result<Order> propose(const security::Principal& p, int64_t id, int64_t worker_id, const security::AuditActor& actor);
  // 换人: proposed | accepted | contracted → proposed with another worker of the enterprise; the chain keeps why.
  Result<Order> replace(const security::Principal& p, int64_t id, int64_t worker_id, const std::string& reason,
                        const security::AuditActor& actor);
  // The proposed worker: proposed → accepted, or declines: proposed → requested.
  Result<Order> accept(const security::Principal& p, int64_t id, const security::AuditActor& actor);
  Result<Order> decline(const security::Principal& p, int64_t id, const std::string& reason,
                        const security::AuditActor& actor);
  // contracted → in_service once the household and the enterprise have both said so; in_service → completed
  // the same way, which writes the employment entry into the worker's credit file (independent: both sides
  // confirmed it).
  Result<Order> start(const security::Principal& p, int64_t id, const security::AuditActor& actor);
  Result<Order> complete(const security::Principal& p, int64_t id, const security::AuditActor& actor);
  Result<Order> cancel(const security::Principal& p, int64_t id, const std::string& reason,
                       const security::AuditActor& actor);

  // ── Contracts ──
  std::vector<ContractTemplate> templates();
  Result<ContractTemplate> add_template_version(const security::Principal& p, const std::string& code,
                                                const std::string& title, const std::string& source,
                                                const std::vector<TemplateClause>& clauses,
                                                const security::AuditActor& actor);
  // A new contract version for an accepted (or later) order, by its enterprise.
  Result<ContractResult> create_contract(const security::Principal& p, int64_t order_id, const std::string& template_code,
                                         const ContractFields& f, const security::AuditActor& actor);
  // Changes a draft no party has confirmed yet; contract_confirmed otherwise.
  Result<ContractResult> update_contract(const security::Principal& p, int64_t contract_id, const ContractFields& f,
                                         const security::AuditActor& actor);
  Result<ContractView> contract_view(const security::Principal& p, int64_t contract_id);
  Result<std::vector<Contract>> order_contracts(const security::Principal& p, int64_t order_id);
  // The caller confirms as her party the version whose digest she saw.
  Result<Contract> confirm(const security::Principal& p, int64_t contract_id, const std::string& digest,
                           const security::AuditActor& actor);
  std::string contract_pdf(const ContractView& v);
  std::string contract_token(const Contract& c) const;
  std::string verify_url(const Contract& c) const { return public_url_ + "/v/c/" + contract_token(c); }
  // The status behind a token; nullopt for a forged, altered or unknown token.
  std::optional<ContractStatus> verify_contract_token(std::string_view token);

  // ── Complaints about an order (docs/services.md "Complaints"); the rows are the credit file's complaints. ──
  // The household of the order complains about an order whose service has started (in service, completed, or
  // cancelled after it started); the order's enterprise has kComplaintReplyWorkingDays working days. With
  // `worker_id` (the complaint by worker, from her certificate) the order must be that worker's.
  Result<credit::Complaint> file_complaint(const security::Principal& p, int64_t order_id, const std::string& text,
                                           const security::AuditActor& actor,
                                           std::optional<int64_t> worker_id = std::nullopt);
  Result<std::vector<credit::Complaint>> order_complaints(const security::Principal& p, int64_t order_id);
  // The order's enterprise answers once, before the deadline. It can neither close nor reject the complaint.
  Result<credit::Complaint> reply_complaint(const security::Principal& p, int64_t complaint_id,
                                            const std::string& reply, const security::AuditActor& actor);
  // The household after the reply: accepts it (settled) or takes the complaint to the order's 市州 officer.
  Result<credit::Complaint> decide_on_reply(const security::Principal& p, int64_t complaint_id, bool accept,
                                            const security::AuditActor& actor);

  // ── The 居家上门服务证 card ──
  // The PDF card of one of the enterprise's workers with her current certificate (service_card_no_certificate
  // when she has none). Audited: it prints her photo and name.
  Result<std::string> service_card_pdf(const security::Principal& p, int64_t worker_id, const security::AuditActor& actor);

  // ── Reviews ──
  Result<credit::Review> review_order(const security::Principal& p, int64_t order_id, const credit::ReviewInput& in,
                                      const security::AuditActor& actor);

 private:
  Result<Order> load_visible(Store& s, const security::Principal& p, int64_t id);
  // The order complaint `id` with its order, when `p` is its household (consumer) or its enterprise.
  Result<std::pair<credit::Complaint, Order>> complaint_party(Store& s, credit::Store& cs, const security::Principal& p,
                                                              int64_t id);
  template <class T, class Work>
  Result<T> with_order(const security::Principal& p, int64_t id, Work&& work);
  template <class Step>
  Result<Order> order_step(const security::Principal& p, int64_t id, Step&& step);
  Result<void> move_order(db::Connection& conn, Store& s, const Order& o, std::string set, db::Params params,
                          const std::string& action, const std::string& summary, const security::AuditActor& actor,
                          std::optional<int64_t> worker = std::nullopt);
  Result<void> check_worker_free(Store& s, const Order& o, int64_t worker_id);
  // True when the household of `o` may be the enterprise's own (docs/credit-score.md, "An order's completion"):
  // then its confirmation does not make the employment entry independent.
  bool household_linked(Store& s, const Order& o);
  Result<int64_t> employment_entry(db::Connection& conn, Store& s, const Order& o, const std::string& today,
                                   const security::AuditActor& actor);
  ContractView build_view(Store& s, const Contract& c, const Order& o);
  Result<std::vector<Warning>> check(Store& s, const Order& o, const std::string& code, const ContractFields& f);

  db::Database& db_;
  const reference::DivisionCatalog& catalog_;
  credit::Service& credit_;
  const security::FieldCipher& cipher_;
  verify::SigningKey key_;
  std::string public_url_;
};

}  // namespace jz::services
