#include "matching/engine.hpp"

#include <spdlog/spdlog.h>

#include "credit/dates.hpp"
#include "matching/store.hpp"

namespace jz::matching {
namespace {

int32_t today_day() { return static_cast<int32_t>(credit::day_number(today_utc()).value_or(0)); }

}  // namespace

Engine::Engine(db::Database& db, Weights weights, std::chrono::milliseconds poll_interval,
               std::chrono::seconds look_back)
    : db_(db), weights_(weights), interval_(poll_interval), look_back_(look_back), index_(Geo::instance(), weights) {}

Engine::~Engine() { stop(); }

void Engine::load() {
  auto started = std::chrono::steady_clock::now();
  {
    std::lock_guard lk(poll_mu_);
    last_poll_start_ = Clock::now();
  }
  auto conn = db_.acquire();
  Store store(*conn);
  int64_t max_id = store.max_worker_id();
  int32_t today = today_day();
  constexpr int64_t kChunk = 100000;
  for (int64_t lo = 1; lo <= max_id; lo += kChunk) {
    auto facts = store.load_facts(lo, lo + kChunk - 1, today);
    std::unique_lock lk(index_mu_);
    for (const auto& f : facts) index_.upsert(f);
  }
  {
    std::unique_lock lk(index_mu_);
    index_.optimize();
    ++generation_;
  }
  load_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::shared_lock lk(index_mu_);
  spdlog::info("matching index: {} workers, {:.1f} MiB, loaded in {:.2f} s", index_.size(),
               index_.memory_bytes() / 1048576.0, load_seconds_);
}

void Engine::poll_once() {
  Clock::time_point started = Clock::now();
  std::string since;
  {
    std::lock_guard lk(poll_mu_);
    since = format_utc(last_poll_start_ - look_back_);
  }
  std::vector<int64_t> ids;
  std::vector<Change> fresh;
  auto conn = db_.acquire();
  Store store(*conn);
  auto changes = store.changes_since(since);
  {
    std::lock_guard lk(poll_mu_);
    for (auto& c : changes)
      if (!applied_.count(c.key)) fresh.push_back(c);
  }
  for (const auto& c : fresh) ids.push_back(c.worker_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (!ids.empty()) {
    auto facts = store.load_facts(ids, today_day());
    std::unique_lock lk(index_mu_);
    size_t k = 0;
    for (int64_t id : ids) {
      while (k < facts.size() && facts[k].id < id) ++k;
      if (k < facts.size() && facts[k].id == id) index_.upsert(facts[k]);
      else index_.remove(id);
    }
    reloaded_ += ids.size();
    ++generation_;
  }
  std::lock_guard lk(poll_mu_);
  // A change is remembered as applied only once its stamp is a second old: a later write to the same row
  // within the same millisecond would carry the same stamp and must not be skipped (instances' clocks are
  // assumed to agree within that second; younger changes are simply reloaded again by the next polls).
  const std::string settled = format_utc(started - std::chrono::seconds(1));
  for (const auto& c : fresh)
    if (c.stamp < settled) applied_[c.key] = c.stamp;
  for (auto it = applied_.begin(); it != applied_.end();) it = it->second < since ? applied_.erase(it) : std::next(it);
  last_poll_start_ = started;
}

void Engine::catch_up() {
  std::unique_lock lk(poll_mu_);
  uint64_t need = polls_started_ + 1;  // a poll that starts after this call began
  while (polls_finished_ < need) {
    if (!polling_) {
      polling_ = true;
      uint64_t mine = ++polls_started_;
      lk.unlock();
      try {
        poll_once();
      } catch (...) {
        lk.lock();
        polling_ = false;
        ++polls_finished_;
        poll_cv_.notify_all();
        throw;
      }
      lk.lock();
      polling_ = false;
      polls_finished_ = std::max(polls_finished_, mine);
      poll_cv_.notify_all();
    } else {
      poll_cv_.wait(lk);
    }
  }
}

void Engine::start() {
  std::lock_guard lk(run_mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void Engine::stop() {
  {
    std::lock_guard lk(run_mu_);
    stopping_ = true;
  }
  run_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Engine::run() {
  std::unique_lock lk(run_mu_);
  while (!stopping_) {
    lk.unlock();
    try {
      catch_up();
    } catch (const std::exception& e) {
      spdlog::warn("matching index: poll failed: {}", e.what());
    }
    lk.lock();
    run_cv_.wait_for(lk, interval_, [this] { return stopping_; });
  }
}

std::vector<Scored> Engine::top_k(const Demand& d, size_t k, const Roaring* cohort, QueryStats* stats) const {
  std::shared_lock lk(index_mu_);
  return index_.top_k(d, k, weights_, cohort, stats);
}

std::vector<Scored> Engine::top_k_exhaustive(const Demand& d, size_t k, QueryStats* stats) const {
  std::shared_lock lk(index_mu_);
  return index_.top_k_exhaustive(d, k, weights_, nullptr, stats);
}

std::optional<WorkerFacts> Engine::facts(int64_t id) const {
  std::shared_lock lk(index_mu_);
  return index_.facts(id);
}

EngineStats Engine::stats() const {
  EngineStats s;
  {
    std::shared_lock lk(index_mu_);
    s.workers = index_.size();
    s.memory_bytes = index_.memory_bytes();
  }
  s.load_seconds = load_seconds_;
  s.reloaded = reloaded_;
  return s;
}

}  // namespace jz::matching
