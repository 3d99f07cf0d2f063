#pragma once
// The pain points' in-memory index (docs/supervision.md): every text households and workers wrote (reviews,
// complaints, dispute reasons, survey answers) held as its classification — category, cue words, the words worth
// following — with its day and its worker, so that a report over millions of texts is one pass over packed
// entries instead of reading and segmenting every text of the window per request. Each text is classified once,
// when it is first loaded (or when a survey answer changes); the worker's division and first occupation are
// kept apart and follow the worker (a text counts where its worker is registered now, as the SQL it replaces
// did). Holds no SQL and no text: the service loads it (painpoints_service.hpp) and reads the few example texts
// a report shows by their ids.
//
// Thread-safe: a shared mutex, many readers, one writer.
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "supervision/painpoints.hpp"

namespace jz::supervision {

// In the order of their names, so that ties of (day, id) between sources sort the same way everywhere.
enum class PainSource : uint8_t { complaint, dispute, review, survey };
inline constexpr const char* kPainSourceNames[] = {"complaint", "dispute", "review", "survey"};

struct PainWorkerFact {
  int64_t id = 0;
  std::string division;    // current division code
  std::string occupation;  // first occupation code, "" none
};

// A text picked as an example: the service reads and masks it.
struct PainExampleRef {
  PainSource source = PainSource::review;
  int64_t id = 0;
  int32_t day = 0;
};

// Newer first: day, then id, then source (descending).
bool pain_newer(const PainExampleRef& a, const PainExampleRef& b);

struct PainQuery {
  int32_t from_day = 0, to_day = 0;  // the period
  int32_t window_from_day = 0;       // texts from here to to_day are read (the series' 12 months and the period)
  std::vector<int32_t> month_starts; // first days of the 12 months of the series, and the day after the last
  int32_t before_from_day = 0, recent_from_day = 0;  // rising terms: months 7-9 and 10-12 of the series
  std::string prefix;                // "62" the province, "6201" a 市州
  size_t area_digits = 4;            // 4: by 市州; 6: by county
};

// The counts of a report before examples are read and cues and terms ranked (PainPointService finishes it).
struct PainTally {
  int64_t texts = 0, with_pain_point = 0;
  std::map<std::string, int64_t> by_source;
  std::map<std::string, int64_t> counts;                 // category → texts in the period
  std::map<std::string, std::vector<int64_t>> series;    // category → per month of the series
  std::map<std::string, std::vector<PainExampleRef>> examples;  // category → newest in the period, ≤ 3
  std::map<std::string, std::map<std::string, int64_t>> cue_counts;
  std::map<std::string, std::pair<int64_t, int64_t>> terms;  // term → (recent, before)
  std::map<std::string, std::map<std::string, int64_t>> by_area;
  std::map<std::string, std::map<std::string, int64_t>> by_occupation;
  bool operator==(const PainTally&) const = default;
};

// A word worth following among the rising terms: two characters or more, not only digits or Latin letters.
bool pain_term_worth_it(const std::string& w);

class PainIndex final {
 public:
  // Adds or replaces a text with its classification; `c` null removes it (an emptied survey answer).
  void upsert(PainSource source, int64_t id, int64_t worker_id, int32_t day, const Classified* c);
  bool contains(PainSource source, int64_t id) const;
  void upsert(const PainWorkerFact& f);

  PainTally tally(const PainQuery& q) const;
  size_t size() const;  // texts held

 private:
  static constexpr uint16_t kNone = 0xFFFF;
  static constexpr uint8_t kNoCategory = 0xFF;
  struct Entry {
    int64_t id = 0;
    uint32_t worker = 0;
    int32_t day = 0;
    uint32_t cues_at = 0, words_at = 0;  // offsets into pool_
    uint16_t cues = 0, words = 0;
    uint8_t source = 0, category = kNoCategory, live = 1;
  };
  struct Worker {
    uint16_t division = kNone, occupation = kNone;
  };
  uint32_t term(const std::string& t);
  uint32_t worker_slot(int64_t id);
  static uint16_t intern(std::vector<std::string>& names, std::unordered_map<std::string, uint16_t>& ids,
                         const std::string& s);

  mutable std::shared_mutex mu_;
  std::vector<Entry> entries_;
  std::unordered_map<int64_t, uint32_t> slots_[4];  // per source: id → entry
  std::vector<uint32_t> pool_;                      // cue and word term ids of the entries
  std::vector<std::string> terms_;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<Worker> workers_;
  std::unordered_map<int64_t, uint32_t> worker_slots_;
  std::vector<std::string> divisions_, occupations_;
  std::unordered_map<std::string, uint16_t> division_ids_, occupation_ids_;
};

}  // namespace jz::supervision
