#pragma once
// SQL of the credit file: credit_entries, credit_entry_events, reviews, complaints, disputes, credit_scores,
// and the reads of service_certificates and audit_log the reminders and "who viewed me" need. Only this
// file and store.cpp know these tables' SQL. A Store works on a connection the caller holds (and, for
// writes, inside the caller's transaction).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "credit/kinds.hpp"
#include "credit/model.hpp"
#include "credit/score.hpp"
#include "db/database.hpp"
#include "registry/scope.hpp"

namespace jz::credit {

// An entry row with its encrypted health data still encrypted.
struct StoredEntry {
  Entry entry;
  std::optional<db::Blob> details_enc;
};

struct StoredScore {
  int score = 0;
  std::string band;
  std::string components;  // JSON text
  std::string computed_at;
};

struct EntryFilter {
  std::optional<std::string> kind;
  std::optional<std::string> status;
  int64_t page = 1;
  int64_t page_size = 50;
};

// The readable organisation of an account, never a person's name: its enterprise, its office or 市州, or
// its role ("消费者"). `role` empty means a system action.
std::string organisation_label(std::string_view role, std::string_view department,
                               std::string_view display_name, std::string_view enterprise_name,
                               std::string_view division_name);

class Store final {
 public:
  explicit Store(db::Connection& conn) : conn_(conn) {}

  // Entries.
  int64_t insert_entry(const NewEntry& e, bool independent, const std::string& summary,
                       const std::string& details, const std::optional<db::Blob>& details_enc,
                       const std::optional<std::string>& valid_until, std::optional<int64_t> recorded_by,
                       const std::string& now);
  void insert_event(int64_t entry_id, const std::string& at, std::optional<int64_t> actor,
                    const std::string& action, const std::string& note);
  std::optional<StoredEntry> find_entry(int64_t id);
  Page<StoredEntry> list_entries(int64_t worker_id, const EntryFilter& f);
  // Every entry of the worker that is not withdrawn (what the score reads), oldest first.
  std::vector<StoredEntry> live_entries(int64_t worker_id);
  // The employments row of a new employment entry (same transaction as the entry).
  void insert_employment(int64_t entry_id, int64_t worker_id, const EmploymentFacts& f, bool independent,
                         const std::string& now);
  // Employment entries that have no employments row (written before the table existed) get one: returns
  // how many were added.
  int64_t backfill_employments();
  // Compare-and-set of an entry's status (an employment row follows it); false when it was no longer `from`.
  bool set_entry_status(int64_t id, EntryStatus from, EntryStatus to, const std::string& now);
  std::vector<EntryEvent> events(int64_t entry_id);

  // Scores.
  // Keeps the registry's identity_status in step with the latest independent identity verification.
  void set_identity_status(int64_t worker_id, const std::string& status, const std::string& now);
  void upsert_score(int64_t worker_id, int score, char band, const std::string& components,
                    const std::string& now);
  std::optional<StoredScore> find_score(int64_t worker_id);

  // Reviews.
  int64_t insert_review(int64_t worker_id, int64_t consumer_user_id, int skill, int attitude, int punctuality,
                        int hygiene, const std::string& text, const std::string& now,
                        std::optional<int64_t> order_id = std::nullopt);
  void link_review(int64_t review_id, int64_t entry_id);
  Page<Review> list_reviews(int64_t worker_id, int64_t page, int64_t page_size);

  // Complaints.
  std::optional<Complaint> find_complaint(int64_t id);
  Page<Complaint> list_complaints(const registry::ScopeFilter& scope,
                                  const std::optional<std::string>& status, int64_t page, int64_t page_size);
  // Compare-and-set of the status; false when it was no longer `from`.
  bool transition_complaint(int64_t id, const std::string& from, const std::string& to,
                            const std::string& findings, int64_t handled_by, const std::string& now);
  void link_complaint(int64_t complaint_id, int64_t entry_id);
  // Complaints about service orders (migration 019; the rules are services::Service's).
  // `c` gives worker_id, text, order_id, enterprise_id, order_prefecture and reply_due; stage 'enterprise'.
  int64_t insert_order_complaint(const Complaint& c, int64_t consumer_user_id, const std::string& now);
  // Every complaint still with its enterprise after its reply_due (reply_due < today) goes to the officer
  // (escalation 'overdue'); the number moved. Run before complaints are read, so the deadline needs no timer.
  int64_t escalate_overdue(const std::string& today, const std::string& now);
  // The enterprise's one reply while the complaint is with it; false when it was answered or moved meanwhile.
  bool reply_to_complaint(int64_t id, const std::string& reply, const std::string& now);
  // Compare-and-set of the stage (enterprise → settled | officer); `escalation` says why it moved.
  bool move_complaint_stage(int64_t id, const std::string& from, const std::string& to, const std::string& escalation,
                            const std::string& now);
  std::vector<Complaint> complaints_of_order(int64_t order_id);

  // Disputes.
  int64_t insert_dispute(int64_t entry_id, int64_t worker_id, const std::string& reason,
                         const std::string& now);
  std::optional<Dispute> find_dispute(int64_t id);
  std::vector<Dispute> disputes_of_entry(int64_t entry_id);
  Page<Dispute> list_disputes(const registry::ScopeFilter& scope, const std::optional<std::string>& status,
                              int64_t page, int64_t page_size);
  bool resolve_dispute(int64_t id, const std::string& status, const std::string& resolution,
                       int64_t resolved_by, const std::string& now);

  // Health checks and insurance (valid_until) and service certificates (expires_on) of workers in `scope`
  // that lapse on or before `cutoff` and were still valid on `lapsed_since` or later, unless a later one of
  // the same kind supersedes them; soonest first.
  Page<Reminder> reminders(const registry::ScopeFilter& scope, const std::string& today,
                           const std::string& cutoff, const std::string& lapsed_since, int64_t page,
                           int64_t page_size);

  // Sensitive audit entries about worker `worker_id` by anyone but `self_user_id`, newest first.
  Page<Viewer> viewers(int64_t worker_id, int64_t self_user_id, int64_t page, int64_t page_size);

  // Reference and naming.
  std::map<std::string, std::string> occupations();
  std::optional<std::string> enterprise_name(int64_t id);
  std::optional<std::string> enterprise_prefecture(int64_t id);  // its registered 市州 (4 digits)
  std::string organisation_of_user(int64_t user_id);
  // The masked name of a worker (for lists).
  std::string worker_name_masked(int64_t worker_id);

 private:
  db::Connection& conn_;
};

// What the demo generator needs to know of a worker.
struct DemoWorker {
  int64_t id = 0;
  std::optional<int64_t> enterprise_id;
  std::string prefecture_code;
  std::string county_code;
  std::string identity_status;
  std::string occupation;  // her first occupation code, or empty
};

struct DemoEnterprise {
  int64_t id = 0;
  std::string name;
  std::string division_code;
};

// Bulk loading for demo data: prepared statements and explicit ids, no read-back. Write calls go inside
// the caller's write transactions; finish() moves PostgreSQL's id sequences past the explicit ids.
class BulkWriter final {
 public:
  explicit BulkWriter(db::Connection& conn);
  // Up to `limit` workers with id > `after` that have no credit_scores row yet (never scored), by id.
  std::vector<DemoWorker> unscored_workers(int64_t after, int64_t limit);
  std::vector<DemoEnterprise> enterprises();
  // Ids of `n` review-only household accounts (demo-household-NN, disabled, no usable password), created
  // if missing, so demo reviews never come from an account someone logs in with.
  std::vector<int64_t> demo_households(int n, const std::string& now);
  int64_t next_entry_id() { return next_entry_++; }
  int64_t next_review_id() { return next_review_++; }
  int64_t next_complaint_id() { return next_complaint_++; }
  void entry(int64_t id, int64_t worker_id, EntryKind kind, SourceType source,
             std::optional<int64_t> source_id, const std::string& source_name, const std::string& occurred_on,
             const std::optional<std::string>& valid_until, const std::string& summary,
             const std::string& details, const std::optional<db::Blob>& details_enc,
             const std::string& evidence, const std::string& now);
  void review(int64_t id, int64_t worker_id, int64_t consumer, int skill, int attitude, int punctuality,
              int hygiene, const std::string& text, int64_t entry_id, const std::string& created_at);
  void complaint(int64_t id, int64_t worker_id, int64_t consumer, const std::string& text,
                 const std::string& status, const std::string& findings, std::optional<int64_t> entry_id,
                 const std::string& created_at);
  void score(int64_t worker_id, int score, char band, const std::string& components, const std::string& now);
  void employment(int64_t entry_id, int64_t worker_id, const EmploymentFacts& f, bool independent,
                  const std::string& now);
  void finish();

 private:
  db::Connection& conn_;
  std::unique_ptr<db::Statement> entry_, event_, review_, complaint_, score_, employment_;
  int64_t next_entry_ = 1, next_review_ = 1, next_complaint_ = 1;
};

}  // namespace jz::credit
