#pragma once
// The credit file's rules, and THE way every module writes into a worker's credit file.
//
// ── Contract for other modules (training, employment, matching, services …) ──────────────────────────────
//   credit::Service credit(db, cipher, catalog);          // cheap: holds references only; thread-safe
//   db::Transaction tx(*conn, true);                      // your write transaction
//   … your own writes …
//   credit::NewEntry e;
//   e.worker_id = worker_id;
//   e.kind = credit::EntryKind::training;
//   e.source_type = credit::SourceType::institution;      // who vouches for the fact (not self →
//   independent) e.source_id = institution_id; e.source_name = "甘肃省家政培训学校"; e.occurred_on =
//   "2025-05-30";                          // course end, job start … e.details = {{"course", "母婴护理"},
//   {"hours", 64}, {"assessment", "passed"}, {"certificate_no", "…"}}; auto id = credit.add_entry(*conn, e,
//   actor);          // Result<int64_t>: the new entry's id if (!id) return id.error(); // nothing was
//   written; roll back your own writes tx.commit();
// add_entry validates the kind's fields (kinds.hpp), encrypts health data, inserts the entry and its
// "created" event, writes the audit entry and recomputes the worker's credit_scores row — all on `conn`,
// inside the caller's transaction, so the fact, its history and the score commit or roll back together.
// It trusts the caller about the source: routes check who may record what (kinds.hpp recording_source)
// before calling it. It never begins or commits a transaction itself.
//
// Everything else here (record_entry, reviews, complaints, disputes, reminders, viewers) is what the HTTP
// routes call: each checks the principal's data scope (registry/scope.hpp), runs in its own transaction and
// audits inside it. Expected failures are Results with error-catalogue codes.
#include <optional>
#include <string>

#include "common/result.hpp"
#include "credit/kinds.hpp"
#include "credit/model.hpp"
#include "credit/score.hpp"
#include "credit/store.hpp"
#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "security/audit.hpp"
#include "security/field_crypto.hpp"
#include "security/roles.hpp"

namespace jz::credit {

// What a client sends to record an entry (POST /workers/{id}/credit-entries); the source is derived from
// the principal, never taken from the request.
struct RecordRequest {
  EntryKind kind = EntryKind::training;
  std::string occurred_on;
  std::optional<std::string> valid_until;
  boost::json::object details;
  std::string evidence;
};

struct ReviewInput {
  int skill = 0, attitude = 0, punctuality = 0, hygiene = 0;
  std::string text;  // up to 500 characters, may be empty
};

// A worker's score with the entries behind each component.
struct CreditReport {
  int64_t worker_id = 0;
  ScoreResult score;
  std::string computed_at;
  std::map<int64_t, Entry> records;  // every entry a component cites
};

struct EntryHistory {
  Entry entry;
  std::vector<EntryEvent> events;
  std::vector<Dispute> disputes;
};

struct TransitionResult {
  Complaint complaint;
  std::optional<int64_t> entry_id;  // the complaint entry created when upheld
  std::optional<int> score;         // the worker's new score when upheld
};

class Service final {
 public:
  Service(db::Database& db, const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog)
      : db_(db), cipher_(cipher), catalog_(catalog) {}

  // ── The contract (see the top of this file). ──
  [[nodiscard]] Result<int64_t> add_entry(db::Connection& conn, const NewEntry& e,
                                          const security::AuditActor& actor);

  // Recomputes worker `worker_id`'s score from her entries as of today and stores it (credit_scores), on
  // `conn` inside the caller's transaction. add_entry and every status change call it.
  ScoreResult recompute(db::Connection& conn, int64_t worker_id);

  // ── What the routes call. ──
  // Records an entry as `p` (who may record what: kinds.hpp; whose file: data scope) and returns it as `p`
  // may see it.
  Result<Entry> record_entry(const security::Principal& p, int64_t worker_id, const RecordRequest& r,
                             const security::AuditActor& actor);
  // The worker's entries as `p` may see them (health results only for herself and officials in scope).
  // Audited as a sensitive view of her record.
  Result<Page<Entry>> list_entries(const security::Principal& p, int64_t worker_id, const EntryFilter& f,
                                   const security::AuditActor& actor);
  // The score computed now, with its components and their entries; refreshes the stored row if it changed
  // (a health check lapsed overnight). Audited as a sensitive view.
  Result<CreditReport> credit_report(const security::Principal& p, int64_t worker_id,
                                     const security::AuditActor& actor);
  Result<Page<Review>> list_reviews(const security::Principal& p, int64_t worker_id, int64_t page,
                                    int64_t page_size);

  // Reviews are written only about a completed service order (services::Service::review_order); the old
  // route POST /workers/{id}/reviews answers review_needs_order. Complaints, likewise, name an order
  // (services::Service::file_complaint); complaints filed before that stay readable and are handled here.
  // The complaints the logged-in consumer filed, with their status and findings, newest first.
  Result<Page<Complaint>> my_complaints(const security::Principal& p, int64_t page, int64_t page_size);
  // The worker whose public id (printed on her certificate: what a household has after scanning the QR
  // code) is `public_id`; not_found when there is none.
  Result<int64_t> worker_by_public_id(const std::string& public_id);
  Result<Page<Complaint>> list_complaints(const security::Principal& p,
                                          const std::optional<std::string>& status, int64_t page,
                                          int64_t page_size);
  // received → investigating → upheld | rejected, by a city officer in scope or a province admin; upheld
  // adds a complaint entry to the file (and so moves the score). A complaint about a service order only once it
  // reached the officer (stage 'officer'), and only by the officer of the order's 市州.
  Result<TransitionResult> transition_complaint(const security::Principal& p, int64_t complaint_id,
                                                const std::string& to, const std::string& findings,
                                                const security::AuditActor& actor);

  // The worker contests one of her active entries; it becomes `disputed` (and keeps counting) until resolved.
  Result<Dispute> open_dispute(const security::Principal& p, int64_t entry_id, const std::string& reason,
                               const security::AuditActor& actor);
  Result<Page<Dispute>> list_disputes(const security::Principal& p, const std::optional<std::string>& status,
                                      int64_t page, int64_t page_size);
  // Accepted → the entry is withdrawn; rejected → active again. Either way the history records it.
  Result<Dispute> resolve_dispute(const security::Principal& p, int64_t dispute_id, bool accept,
                                  const std::string& resolution, const security::AuditActor& actor);
  Result<EntryHistory> history(const security::Principal& p, int64_t entry_id,
                               const security::AuditActor& actor);

  // Health checks, insurance and service certificates of the workers in `p`'s scope lapsing within
  // `within_days` (30, 60 or 90), and those lapsed in the last year with nothing to replace them.
  Result<Page<Reminder>> reminders(const security::Principal& p, int within_days, int64_t page,
                                   int64_t page_size);
  // Who viewed the logged-in worker's record: time, role and organisation of each sensitive access.
  Result<Page<Viewer>> viewers(const security::Principal& p, int64_t page, int64_t page_size);

  // Hands the complaints whose enterprise missed its reply deadline to the officer (the deadline is evaluated
  // when complaints are read: no timer). Its own short write transaction on `conn`.
  static void escalate_overdue(db::Connection& conn);

  // True when `p` may see health results in worker `w`'s file: the worker herself, officials in scope.
  static bool may_see_health(const security::Principal& p, const registry::WorkerRef& w);

 private:
  KindRefs refs(Store& store) const;
  // Decrypts the health data into `e.entry.health` when `show` is set.
  Entry reveal(StoredEntry e, bool show) const;

  db::Database& db_;
  const security::FieldCipher& cipher_;
  const reference::DivisionCatalog& catalog_;
};

}  // namespace jz::credit
