#pragma once
// The matching engine of one server instance: the worker index (index.hpp) built from the database at
// start-up and kept current by following the database, so that several instances on one PostgreSQL agree
// within a second without any module having to announce its writes:
//   * a background thread polls every `poll_interval` for workers (updated_at), credit scores
//     (computed_at) and employments (updated_at) stamped since the last poll minus a look-back window
//     (commit-order and clock skew between instances), and reloads those workers (a change is skipped as
//     already applied only once its stamp is a second old, so two writes in one millisecond are both seen);
//   * before each query, catch_up() runs one such poll on the caller's thread (or waits for one that started
//     after the call), so a write through this instance's API is visible to its next match;
//   * an instance that was down loads everything when it starts.
// Deleting a worker row is not followed (the registry has no delete); a reload that finds no row removes her.
//
// Thread-safe: queries share the index under a shared lock; updates take it exclusively. Owned by the
// caller of start() (cli.cpp keeps it alive for the server's life; stop() or the destructor joins the thread).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "db/database.hpp"
#include "common/time.hpp"
#include "matching/index.hpp"

namespace jz::matching {

struct EngineStats {
  size_t workers = 0;
  size_t memory_bytes = 0;
  double load_seconds = 0;
  uint64_t polls = 0, reloaded = 0;
  std::string watermark;
};

class Engine final {
 public:
  Engine(db::Database& db, Weights weights, std::chrono::milliseconds poll_interval = std::chrono::milliseconds(200),
         std::chrono::seconds look_back = std::chrono::seconds(5));
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Builds the index from the database (chunks of ids); call once before start().
  void load();
  // Starts / stops the follower thread.
  void start();
  void stop();
  // Applies every change committed before this call.
  void catch_up();

  [[nodiscard]] std::vector<Scored> top_k(const Demand& d, size_t k, const Roaring* cohort = nullptr,
                                          QueryStats* stats = nullptr) const;
  // The same ranking by scoring every eligible worker (WorkerIndex::top_k_exhaustive): the benchmark's peer.
  [[nodiscard]] std::vector<Scored> top_k_exhaustive(const Demand& d, size_t k, QueryStats* stats = nullptr) const;
  [[nodiscard]] std::optional<WorkerFacts> facts(int64_t id) const;
  [[nodiscard]] const Weights& weights() const { return weights_; }
  // Changes whenever the index changes (a load or a poll that applied something): results computed at the
  // same generation are still exact.
  [[nodiscard]] uint64_t generation() const { return generation_.load(); }
  [[nodiscard]] EngineStats stats() const;

 private:
  void poll_once();
  void run();

  db::Database& db_;
  const Weights weights_;
  const std::chrono::milliseconds interval_;
  const std::chrono::seconds look_back_;

  mutable std::shared_mutex index_mu_;
  WorkerIndex index_;  // GUARDED_BY(index_mu_)

  // One poll at a time; callers of catch_up() wait for a poll that started after they did.
  std::mutex poll_mu_;
  std::condition_variable poll_cv_;
  bool polling_ = false;         // GUARDED_BY(poll_mu_)
  uint64_t polls_started_ = 0;   // GUARDED_BY(poll_mu_)
  uint64_t polls_finished_ = 0;  // GUARDED_BY(poll_mu_)
  Clock::time_point last_poll_start_;  // GUARDED_BY(poll_mu_) polls read changes since this minus look_back
  std::map<std::string, std::string> applied_;  // GUARDED_BY(poll_mu_) change key → stamp, within the window
  std::atomic<uint64_t> reloaded_{0};
  std::atomic<uint64_t> generation_{0};
  double load_seconds_ = 0;

  std::mutex run_mu_;
  std::condition_variable run_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace jz::matching
