#include "verify/audit_queue.hpp"

#include <spdlog/spdlog.h>

#include "common/time.hpp"

namespace jz::verify {

AuditQueue::AuditQueue(std::unique_ptr<db::Database> db, std::chrono::milliseconds interval)
    : db_(std::move(db)), interval_(interval) {
  thread_ = std::thread([this] { run(); });
}

AuditQueue::~AuditQueue() {
  {
    std::lock_guard g(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  // The thread flushed on its way out; try once more in case that write failed.
  if (!flush()) spdlog::error("audit: {} public verification row(s) could not be written at shutdown", pending_.size());
}

void AuditQueue::push(const security::AuditActor& actor, const security::AuditEntry& entry) {
  store::AuditRow row{now_utc(), actor, entry};
  if (!actor.user_id && entry.summary.starts_with("result=forged")) {
    std::string hour = row.at.substr(0, 13);
    std::lock_guard lock(mu_);
    auto& c = counted_[hour + "|" + entry.object_id + "|" + entry.summary];
    if (c.views++ == 0) {
      c.hour = hour;
      c.first = row;
    }
    c.last_at = row.at;
    return;
  }
  std::unique_lock lock(mu_);
  drained_.wait(lock, [&] { return pending_.size() < kMaxPending || stop_; });
  pending_.push_back(std::move(row));
}

bool AuditQueue::write(std::vector<store::AuditRow>& batch, std::map<std::string, store::CountedView>& counted) {
  if (batch.empty() && counted.empty()) return true;
  try {
    auto conn = db_->acquire();
    db::Transaction tx(*conn, true);
    store::insert_audit_rows(*conn, batch);
    store::add_counted_views(*conn, counted);
    tx.commit();
    batch.clear();
    counted.clear();
    return true;
  } catch (const std::exception& e) {
    spdlog::error("audit: writing {} public verification row(s) failed, will retry: {}", batch.size(), e.what());
    return false;
  }
}

bool AuditQueue::flush() {
  std::lock_guard w(write_mu_);
  std::vector<store::AuditRow> batch;
  std::map<std::string, store::CountedView> counted;
  {
    std::lock_guard g(mu_);
    batch.swap(pending_);
    counted.swap(counted_);
  }
  bool ok = write(batch, counted);
  if (!ok) {  // put them back in front, in order
    std::lock_guard g(mu_);
    batch.insert(batch.end(), std::make_move_iterator(pending_.begin()), std::make_move_iterator(pending_.end()));
    pending_.swap(batch);
    for (auto& [key, c] : counted) {  // merge with what arrived meanwhile
      auto& now = counted_[key];
      if (now.views == 0) {
        now = std::move(c);
      } else {
        now.views += c.views;
        now.first = std::move(c.first);
      }
    }
  }
  drained_.notify_all();
  return ok;
}

void AuditQueue::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, interval_, [&] { return stop_; });
    lock.unlock();
    flush();
    lock.lock();
  }
}

}  // namespace jz::verify
