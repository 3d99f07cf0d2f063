#pragma once
// Argon2id takes ~64 MiB and a fraction of a second per call: unbounded, a login flood would take every
// worker thread and memory with it. The gate lets at most `concurrent` verifications run at once and at
// most `queue` more wait; past that a caller is refused at once (the login answers 503 busy) instead of
// piling up. Callers run the work on their own (worker) thread; the gate only bounds how many do.
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>

namespace jz::security {

class PasswordGate {
 public:
  PasswordGate(size_t concurrent, size_t queue) : concurrent_(concurrent < 1 ? 1 : concurrent), queue_(queue) {}

  // Runs f() when a slot is free and returns its result; nullopt, without running it, when the queue is full.
  template <class F>
  auto run(F&& f) -> std::optional<decltype(f())> {
    {
      std::unique_lock lock(mu_);
      if (running_ >= concurrent_) {
        if (waiting_ >= queue_) return std::nullopt;
        ++waiting_;
        cv_.wait(lock, [this] { return running_ < concurrent_; });
        --waiting_;
      }
      ++running_;
    }
    struct Release {
      PasswordGate* g;
      ~Release() {
        {
          std::lock_guard lock(g->mu_);
          --g->running_;
        }
        g->cv_.notify_one();
      }
    } release{this};
    return f();
  }

  size_t running() const {
    std::lock_guard lock(mu_);
    return running_;
  }
  size_t waiting() const {
    std::lock_guard lock(mu_);
    return waiting_;
  }

 private:
  size_t concurrent_, queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  size_t running_ = 0, waiting_ = 0;
};

}  // namespace jz::security
