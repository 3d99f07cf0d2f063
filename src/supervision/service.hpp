#pragma once
// The supervision module's rules (product section 7, docs/supervision.md), no HTTP.
//
//   dashboard  the province's figures for a period (year, quarter, month or from/to) by 市州, or by the
//              counties of one 市州: enterprises, workers and their credentials, trainee-times against the
//              target (from the training module's own index, not recomputed), employment and labour transfer,
//              wages, reviews, complaints, subsidies paid, and a monthly series. A city officer sees her 市州
//              only; a province admin and a department official the whole province.
//
// The figures come from FiguresIndex (figures.hpp), loaded on a thread at start-up and brought up to date
// before each request with the rows changed since the last refresh (a look-back window covers rows whose
// transaction committed after a later refresh had started).
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "security/roles.hpp"
#include "supervision/figures.hpp"
#include "training/progress.hpp"

namespace jz::training {
class Service;
}

namespace jz::supervision {

// `period` YYYY, YYYY-Qn or YYYY-MM, or `from` and `to` dates; invalid_field / missing_field otherwise.
Result<training::Period> parse_dashboard_period(const std::optional<std::string>& period,
                                                const std::optional<std::string>& from,
                                                const std::optional<std::string>& to);

struct Dashboard {
  training::Period period;
  std::string as_of;       // the day stock figures are counted on
  std::string prefecture;  // "" : the province by 市州; else this 市州 by county
  FiguresResult figures;
  std::map<std::string, int64_t> trainee_times;  // group code → trainee-times in the period
  int64_t trainee_total = 0;
  std::map<std::string, int64_t> trainee_targets;  // 市州 → target of the period (province view)
  int64_t trainee_target = 0;
  size_t facts = 0;  // facts in the index
};

class Service final {
 public:
  Service(db::Database& db, const reference::DivisionCatalog& catalog, std::shared_ptr<training::Service> training);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // `prefecture` empty: the viewer's whole scope (the province, or a city officer's 市州).
  Result<Dashboard> dashboard(const security::Principal& p, const training::Period& period,
                              const std::string& prefecture);

  // Loads the rows changed since the last refresh (everything the first time). Thread-safe.
  void refresh();
  // Starts the first load on a thread of its own (the first request waits for it if it has not finished).
  void preload();
  const FiguresIndex& index() const { return index_; }

  static constexpr std::chrono::seconds kLookBack{120};
  static constexpr int64_t kReadBack = 1000;  // ids re-read below the highest seen (append-only tables)

 private:
  db::Database& db_;
  const reference::DivisionCatalog& catalog_;
  std::shared_ptr<training::Service> training_;
  FiguresIndex index_;
  std::mutex refresh_mu_;
  bool loaded_ = false;                    // guarded by refresh_mu_
  Clock::time_point last_refresh_start_;   // guarded by refresh_mu_
  int64_t max_review_id_ = 0, max_certificate_id_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread preload_;
};

}  // namespace jz::supervision
