#pragma once
// SQL over workers and what hangs off them (occupations, photos, memberships): the registry's worker store.
// Every function runs on a connection the caller holds, inside the caller's transaction when it writes.
// Personal fields arrive here already encrypted; this file never sees a plaintext ID number or phone.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "registry/flag_provenance.hpp"
#include "registry/model.hpp"
#include "registry/scope.hpp"
#include "registry/worker_input.hpp"

namespace jz::registry::worker_store {

struct BrandKey {
  int64_t id = 0;
  std::string code;
  std::string name;
};

std::set<std::string> occupation_codes(db::Connection& conn);
std::vector<BrandKey> brand_keys(db::Connection& conn);
bool enterprise_exists(db::Connection& conn, int64_t id);
// The worker with this ID-number blind index.
std::optional<int64_t> find_by_id_index(db::Connection& conn, const db::Blob& bidx);
bool public_id_taken(db::Connection& conn, const std::string& public_id);

// One worker row ready to insert: the validated record plus its encrypted and masked personal fields.
struct NewWorkerRow {
  const ValidatedWorker* w = nullptr;
  std::string public_id;
  db::Blob id_number_enc, id_number_bidx;
  std::string id_number_mask;
  std::optional<db::Blob> phone_enc, phone_bidx;
  std::optional<std::string> phone_mask;
  std::string now;
};
// Inserts the worker and her occupations; returns the new id.
int64_t insert_worker(db::Connection& conn, const NewWorkerRow& row);

// The console's record of worker `id` (masks only), with her occupations, memberships and whether she has a photo.
std::optional<WorkerRecord> find_worker(db::Connection& conn, int64_t id);
std::optional<int64_t> worker_id_by_public_id(db::Connection& conn, const std::string& public_id);

// Workers matching `f` within `scope` (registry/scope.hpp), a page of them with their occupations.
PageOf<WorkerRecord> list_workers(db::Connection& conn, const WorkerFilter& f, const ScopeFilter& scope,
                                  const Page& page);

// The encrypted personal fields of worker `id` (for an edit that re-validates the whole record).
struct WorkerSecrets {
  db::Blob id_number_enc;
  std::optional<db::Blob> phone_enc;
};
std::optional<WorkerSecrets> load_secrets(db::Connection& conn, int64_t id);

// Rewrites the editable columns of worker `id` from `w` (not the ID number nor what it derives) and her
// occupations. `phone` set: replace the phone columns (all null when w.phone is empty); unset: keep them.
struct PhoneColumns {
  std::optional<db::Blob> enc, bidx;
  std::optional<std::string> mask;
};
void update_worker(db::Connection& conn, int64_t id, const ValidatedWorker& w, const std::optional<PhoneColumns>& phone,
                   const std::string& now);

// Stores the photo with its SHA-256 (hex), which certificates record.
void put_photo(db::Connection& conn, int64_t worker_id, const std::string& content_type, const std::string& data,
               const std::string& sha256, const std::string& now);
std::optional<Photo> get_photo(db::Connection& conn, int64_t worker_id);
// Identity stays bound: a verified worker whose name or photo changed goes back to 'pending' (re-verification
// by an official). Returns whether she was verified (conditional update: only 'verified' becomes 'pending').
bool reset_verified_identity(db::Connection& conn, int64_t worker_id, const std::string& now);

// ── The household flags' provenance (registry/flag_provenance.hpp, 012_provenance.sql). `flag` is
// poverty_alleviated or monitored (any other name is read as poverty_alleviated: no request names a column).
struct FlagAssertionRow {
  int64_t worker_id = 0;
  std::string flag;
  bool value = false;
  bool independent = false;
  const FlagAsserter* by = nullptr;
  std::string via, evidence, at;
};
void insert_flag_assertion(db::Connection& conn, const FlagAssertionRow& row);
// Sets the flag and whether it is an independent fact (an explicit assertion).
void set_flag(db::Connection& conn, int64_t worker_id, const std::string& flag, bool value, bool verified,
              const std::string& now);
// Sets only whether the flag as it stands is an independent fact (a change recorded with an edit).
void set_flag_verified(db::Connection& conn, int64_t worker_id, const std::string& flag, bool verified);
// The latest 100 assertions of worker `worker_id`, newest first.
std::vector<FlagAssertion> flag_assertions(db::Connection& conn, int64_t worker_id);
FlagValues flags_verified(db::Connection& conn, int64_t worker_id);

}  // namespace jz::registry::worker_store
