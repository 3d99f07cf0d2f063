#pragma once
// The verify module's SQL: service certificates, the facts of a public profile, and the batched audit rows
// of public verifications. Every query is an indexed lookup (serial, worker id, primary keys), so a
// verification costs three point queries whatever the size of the registry.
#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "security/audit.hpp"
#include "verify/model.hpp"

namespace jz::verify::store {

// The scope-relevant and issue-relevant facts of a worker.
struct WorkerForIssue {
  int64_t id = 0;
  std::string public_id;
  std::string identity_status;
  std::string prefecture_code;
  std::optional<int64_t> enterprise_id;
};
std::optional<WorkerForIssue> find_worker(db::Connection& conn, int64_t worker_id);

bool serial_exists(db::Connection& conn, const std::string& serial);
int64_t insert_certificate(db::Connection& conn, const Certificate& c);
std::optional<Certificate> find_certificate(db::Connection& conn, const std::string& serial);
std::vector<Certificate> list_certificates(db::Connection& conn, int64_t worker_id);
// Certificates of the worker neither revoked nor expired on `today`.
std::vector<Certificate> current_certificates(db::Connection& conn, int64_t worker_id, const std::string& today);
void revoke_certificate(db::Connection& conn, int64_t certificate_id, const std::string& at, const std::string& reason);
// Revokes every certificate of the worker not yet revoked (expired ones too: they could still be shown) and
// returns them; the caller audits. Used when her identity changes (registry) inside the caller's transaction.
std::vector<Certificate> revoke_all_certificates(db::Connection& conn, int64_t worker_id, const std::string& at,
                                                 const std::string& reason);
// The photo on file: type, bytes and stored digest (none for photos stored before migration 013).
struct StoredPhoto {
  std::string content_type;
  std::string data;
  std::optional<std::string> sha256;
};
std::optional<StoredPhoto> find_photo(db::Connection& conn, int64_t worker_id);

// The certificate with its worker's profile row (worker, enterprise, credit score), in one query.
struct CertificateWithWorker {
  Certificate certificate;
  ProfileFacts profile;  // occupations and entries not filled
};
std::optional<CertificateWithWorker> find_for_verification(db::Connection& conn, const std::string& serial);
// Fills profile.occupations and profile.entries.
void load_profile_details(db::Connection& conn, ProfileFacts& profile);

// One audit row as captured when the view happened (the batch is written later).
struct AuditRow {
  std::string at;
  security::AuditActor actor;
  security::AuditEntry entry;
};
// Inserts the rows on `conn`; the caller holds the transaction. Same columns as security::write_audit, but
// with the time of the view rather than the time of the write.
void insert_audit_rows(db::Connection& conn, const std::vector<AuditRow>& rows);
// Views counted rather than listed (audit_queue.hpp): the first one's row and how many there were.
struct CountedView {
  std::string hour;  // 2026-12-04T22
  AuditRow first;
  int64_t views = 0;
  std::string last_at;
};
// Adds the views to verification_counts; a key new this hour also gets its first view's audit_log row.
void add_counted_views(db::Connection& conn, const std::map<std::string, CountedView>& counted);

}  // namespace jz::verify::store
