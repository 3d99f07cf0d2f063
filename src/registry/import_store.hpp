#pragma once
// SQL of the spreadsheet import: bulk duplicate checks by blind index and the batch writer. The one-row
// path is WorkerWriter (worker_input.hpp); a file of a million rows needs prepared statements, explicit ids
// and encryption done beforehand on other threads, so it has its own writer here. Both write the same
// columns the same way (encrypted ID number and phone, blind indexes, masks).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "registry/flag_provenance.hpp"
#include "registry/worker_input.hpp"
#include "security/field_crypto.hpp"

namespace jz::db {
class BulkLoad;  // db/bulk.hpp
}  // namespace jz::db

namespace jz::registry {

struct OccupationName {
  std::string code, name_zh, name_en;
};
std::vector<OccupationName> occupation_names(db::Connection& conn);

// The 市州 of enterprise `id`, or nullopt when there is no such enterprise.
std::optional<std::string> enterprise_prefecture(db::Connection& conn, int64_t id);

// The personal fields of one worker, encrypted and masked. Pure CPU and thread-safe: built on worker threads
// while the writer inserts the previous batch.
struct EncryptedWorker {
  std::string public_id;
  db::Blob id_number_enc, id_number_bidx;
  std::string id_number_mask;
  std::optional<db::Blob> phone_enc, phone_bidx;
  std::optional<std::string> phone_mask;
};
EncryptedWorker encrypt_worker(const security::FieldCipher& cipher, const ValidatedWorker& w, db::Blob id_number_bidx,
                               std::string public_id);
// A public id (12 characters, the alphabet of new_public_id()) from 64 random bits the caller drew in bulk:
// one system call per batch, not per row.
std::string public_id_from_bits(uint64_t bits);

class WorkerBatchWriter final {
 public:
  // On a connection inside the caller's write transaction. On PostgreSQL it locks the workers table against
  // other writers (readers go on) so that the ids it assigns are its own.
  explicit WorkerBatchWriter(db::Connection& conn);
  ~WorkerBatchWriter();
  WorkerBatchWriter(const WorkerBatchWriter&) = delete;
  WorkerBatchWriter& operator=(const WorkerBatchWriter&) = delete;

  // For each blind index, whether a worker with it is already registered (checked in batches of 500).
  static std::vector<bool> existing(db::Connection& conn, std::span<const db::Blob> id_number_bidx);

  // For a load large against the table (SQLite only): drops the secondary, non-unique indexes of workers and
  // worker_occupations now and builds them again in finish(), in the same transaction — one sort instead of a
  // million random B-tree insertions. Readers keep their snapshot (WAL) and see the indexes throughout.
  void begin_bulk();
  // Adds the worker and her occupations (written by finish() at the latest); returns the new id.
  int64_t insert(const ValidatedWorker& w, const EncryptedWorker& e, const std::string& now);
  // Writes the rows still buffered, rebuilds what begin_bulk() dropped, and moves PostgreSQL's id sequence past
  // the ids used (a later one-row insert must not collide). Call before commit and before reading the rows back.
  void finish();
  // Records who asserted the flags of every worker inserted from now on (registry/flag_provenance.hpp).
  void set_asserter(const std::optional<FlagAsserter>& a) { asserter_ = a; }

 private:
  std::optional<FlagAsserter> asserter_;
  db::Connection& conn_;
  std::unique_ptr<db::BulkLoad> load_;
  size_t workers_ = 0, occupations_ = 0, assertions_ = 0;  // tables of load_
  int64_t next_id_ = 1;
  bool used_ = false;
  std::vector<std::string> dropped_indexes_;  // CREATE INDEX statements to run again in finish()
  db::Params row_;
};

}  // namespace jz::registry
