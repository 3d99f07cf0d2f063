#pragma once
// The in-memory index of workers the matching engine ranks: one slot per worker id, columnar arrays for
// what the score reads (a few dozen bytes a worker) and CRoaring bitmaps for the hard filters
// (occupation × minimum level, availability, live-in, work scope × county, cross-province cities,
// certificates). A query ANDs the bitmaps, checks the date-dependent constraints (health check valid on the
// start date, years of experience) on the columns, scores each candidate and keeps the best k in a bounded
// heap.
//
// Not thread-safe by itself: Engine (engine.hpp) holds it under a shared mutex (queries shared, updates
// exclusive).
#include <roaring/roaring.hh>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "matching/geo.hpp"
#include "matching/model.hpp"

namespace jz::matching {

struct QueryStats {
  uint64_t bitmap_candidates = 0;  // after the bitmap filters
  uint64_t eligible = 0;           // after every hard constraint
};

class WorkerIndex final {
 public:
  explicit WorkerIndex(const Geo& geo);

  // Adds or replaces a worker. Ids must be below 2^32.
  void upsert(const WorkerFacts& w);
  void remove(int64_t id);
  [[nodiscard]] bool contains(int64_t id) const;
  // The facts as stored (ratings quantised), or nullopt.
  [[nodiscard]] std::optional<WorkerFacts> facts(int64_t id) const;
  [[nodiscard]] size_t size() const { return present_.cardinality(); }

  // The best k eligible workers for `d`, best first (score descending, then worker id ascending), restricted
  // to `cohort` when given.
  [[nodiscard]] std::vector<Scored> top_k(const Demand& d, size_t k, const Weights& w,
                                          const Roaring* cohort = nullptr, QueryStats* stats = nullptr) const;

  // Compacts the bitmaps (run containers) after a bulk load.
  void optimize();
  // Bytes held by the columns and bitmaps (capacity, not just size).
  [[nodiscard]] size_t memory_bytes() const;

 private:
  static constexpr uint8_t kLiveIn = 4, kAvailable = 8, kPriority = 16, kPresent = 32, kPoverty = 64;
  void ensure_slot(uint32_t id);
  void unlink(uint32_t id);  // removes every bitmap membership of slot `id`
  uint16_t county_slot(const std::string& code);
  uint8_t prefecture_slot(const std::string& code);
  int city_slot(const std::string& city, bool create);

  const Geo& geo_;
  // Dictionaries.
  std::vector<std::string> counties_, prefectures_, cities_;
  std::map<std::string, uint16_t, std::less<>> county_ids_;
  std::map<std::string, uint8_t, std::less<>> prefecture_ids_;
  std::map<std::string, int, std::less<>> city_ids_;
  // Everything a query reads of one worker, packed into 24 bytes so that scoring a candidate touches one cache
  // line (separate columns cost a miss per column: candidates are sparse among a million ids).
  struct Slot {
    uint64_t levels = 0;       // 4 bits per occupation; bits 48+ the certificates
    int32_t wage = 0;          // expected wage
    int32_t health = 0;        // day number of health-check validity
    uint16_t experience = 0;   // months
    uint16_t county = 0xFFFF;  // index in counties_
    uint8_t credit = 0xFF, rating_q = 0, flags = 0, prefecture = 255;  // flags: scope (2 bits) | k* bits
  };
  static_assert(sizeof(Slot) == 24);
  std::vector<Slot> slots_;  // indexed by worker id
  // Bitmaps.
  Roaring present_, available_, live_in_, leaves_county_, no_cities_;
  std::array<Roaring, 3> scope_;
  std::vector<Roaring> county_bm_, city_bm_;
  std::array<std::array<Roaring, 4>, kOccupations.size()> occ_level_;  // [occ][L-1]: level ≥ L
  std::array<Roaring, kOccupations.size()> cert_;
};

}  // namespace jz::matching
