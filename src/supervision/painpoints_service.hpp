#pragma once
// The pain-point analysis for officials (docs/supervision.md): texts of a period classified (painpoints.hpp) and
// counted by category, source, occupation, 市州 (or county, within one 市州) and month, with masked examples and
// the words rising fastest. A city officer sees her 市州 only. Each distinct text is segmented and classified
// once per process (a bounded cache); the texts themselves are read per request for the window asked.
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "security/roles.hpp"
#include "supervision/painpoints.hpp"
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
  // `prefecture` empty: the viewer's scope (the province, or a city officer's 市州).
  Result<PainPointReport> report(const security::Principal& p, const training::Period& period, std::string prefecture);

 private:
  const Classified& classified(const std::string& text, Side side);
  db::Database& db_;
  std::mutex mu_;
  std::unordered_map<std::string, Classified> cache_;  // guarded by mu_; key: side + text
  static constexpr size_t kCacheLimit = 200000;
};

}  // namespace jz::supervision
