#pragma once
// Audit of public verifications, written in batches. Every verification of a certificate is a view of a
// worker's record and is audited (with subject_worker_id, so she sees it under "who viewed me"), but it is
// also the hottest public endpoint: one write transaction per request would serialise every scan of a QR
// code behind SQLite's single writer. So a verification only appends its row — stamped with the time of
// the view — to this in-process queue, and one background thread writes whatever has accumulated every
// ~100 ms, in one transaction.
//
// Nothing is dropped: a failed flush keeps its rows and retries on the next tick; producers wait when more
// than kMaxPending rows are pending (the database is down, say), so memory stays bounded; the destructor
// (and flush()) writes what is left, so a SIGTERM — which lets the server finish its requests and return
// from run() — loses no row. Only a hard kill can lose the last ~100 ms of views.
//
// Anonymous verifications of forged tokens name no worker and cost an attacker nothing to repeat with a new
// token each time, so they are counted, not listed: per UTC hour, channel and serial asked for, one row in
// verification_counts (views, first and last time) and one audit_log row for the first of them.
//
// The queue owns its database handle (one connection), so it can still flush after the server has closed
// its own pool during shutdown. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "verify/store.hpp"

namespace jz::verify {

class AuditQueue final {
 public:
  static constexpr size_t kMaxPending = 100'000;

  explicit AuditQueue(std::unique_ptr<db::Database> db, std::chrono::milliseconds interval = std::chrono::milliseconds(100));
  ~AuditQueue();  // stops the thread after a last flush
  AuditQueue(const AuditQueue&) = delete;
  AuditQueue& operator=(const AuditQueue&) = delete;

  // Records the view; the row carries the current time. Waits only while kMaxPending rows are pending.
  void push(const security::AuditActor& actor, const security::AuditEntry& entry);
  // Writes every pending row now (tests, shutdown). Returns false if the write failed (rows kept).
  bool flush();

 private:
  void run();
  bool write(std::vector<store::AuditRow>& batch, std::map<std::string, store::CountedView>& counted);

  std::unique_ptr<db::Database> db_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;     // the writer: stop requested or time to flush
  std::condition_variable drained_;  // producers waiting for room
  std::vector<store::AuditRow> pending_;  // guarded by mu_
  std::map<std::string, store::CountedView> counted_;  // forged anonymous views by hour|serial|summary; mu_
  bool stop_ = false;                     // guarded by mu_
  std::mutex write_mu_;                   // one batch written at a time (thread and flush())
  std::thread thread_;
};

}  // namespace jz::verify
