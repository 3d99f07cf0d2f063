#pragma once
// The pain-point analysis for officials (docs/supervision.md): texts of a period classified (painpoints.hpp) and
// counted by category, source, occupation, 市州 (or county, within one 市州) and month, with masked examples and
// the words rising fastest. A city officer sees her 市州 only. The counts come from PainIndex
// (painpoints_index.hpp): each text is classified once, when the index first sees it, loaded by the first report
// (the server does not preload it: see painpoints_routes.cpp) and brought up to date before each request with the texts added and the workers and survey answers
// changed since; a report reads only its few example texts. recompute_painpoints gives the same report from the
// texts themselves, read and classified on the spot (the tests' oracle).
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "security/roles.hpp"
#include "supervision/painpoints.hpp"
#include "supervision/painpoints_index.hpp"
#include "training/progress.hpp"

namespace jz::supervision {

struct PainExample {
  std::string source, day, text;  // text masked
};

struct PainCategoryFigures {
  std::string code;
  int64_t count = 0;
  std::vector<int64_t> series;                 // per month of PainPointReport::months
  std::vector<PainExample> examples;           // newest first, at most 3
  std::vector<std::pair<std::string, int64_t>> cues;  // the cue words most often behind it
};

struct RisingTerm {
  std::string term;
  int64_t recent = 0, before = 0;  // last three months of the series; the three before
  double growth = 0;               // (recent + 1) / (before + 1)
};

struct PainPointReport {
  training::Period period;
  std::string prefecture;  // "" the province by 市州; else this 市州 by county
  int64_t texts = 0, with_pain_point = 0;
  std::map<std::string, int64_t> by_source;             // texts per source
  std::vector<PainCategoryFigures> categories;           // taxonomy order
  std::vector<std::string> months;                       // 12 months ending with the period's last month
  std::map<std::string, std::map<std::string, int64_t>> by_area;        // area code → category → count
  std::map<std::string, std::map<std::string, int64_t>> by_occupation;  // occupation code → category → count
  std::map<std::string, std::string> occupation_names;
  std::vector<RisingTerm> rising;
};

class PainPointService final {
 public:
  explicit PainPointService(db::Database& db) : db_(db) {}
  ~PainPointService();
  PainPointService(const PainPointService&) = delete;
  PainPointService& operator=(const PainPointService&) = delete;
  // `prefecture` empty: the viewer's scope (the province, or a city officer's 市州).
  Result<PainPointReport> report(const security::Principal& p, const training::Period& period, std::string prefecture);

  // Loads the texts and workers changed since the last refresh (everything the first time). Thread-safe.
  void refresh();
  // Starts the first load on a thread of its own (the first request waits for it if it has not finished).
  void preload();
  const PainIndex& index() const { return index_; }

  static constexpr std::chrono::seconds kLookBack{120};
  static constexpr int64_t kReadBack = 1000;  // ids re-read below the highest seen (rows committed late)

 private:
  db::Database& db_;
  PainIndex index_;
  std::mutex refresh_mu_;
  bool loaded_ = false;                   // guarded by refresh_mu_
  Clock::time_point last_refresh_start_;  // guarded by refresh_mu_
  int64_t max_id_[3] = {0, 0, 0};         // review, complaint, dispute; guarded by refresh_mu_
  std::atomic<bool> stopping_{false};
  std::thread preload_;
};

// The report of `period` within `prefecture` ("" the province by 市州), recomputed from the texts themselves:
// every text of the window read and classified now. What the index must equal; slow at millions of texts.
PainPointReport recompute_painpoints(db::Connection& conn, const training::Period& period,
                                     const std::string& prefecture);

}  // namespace jz::supervision
