#pragma once
// The in-memory index of workers the matching engine ranks: one slot per worker id, columnar arrays for
// what the score reads (a few dozen bytes a worker) and CRoaring bitmaps for the hard filters
// (occupation × minimum level, availability, live-in, work scope × county, cross-province cities,
// certificates, and buckets of health-check validity and of years of experience for the two constraints that
// compare a value). A query ANDs the bitmaps into the exact set of eligible workers, then ranks them.
//
// Ranking prunes on score upper bounds instead of scoring every eligible worker (top_k): the eligible set is
// cut into cells — county of residence (region fit) × level in the demanded occupation (skill) × tier of the
// score's query-independent part (credit, experience, rating, priority; every worker sits in one of kTiers
// tiers by that part under the index's weights, and each tier keeps the maxima of its components and its
// lowest expected wage). A cell's upper bound is the score of those maxima; cells are visited best bound
// first (a best-first walk of the three sorted dimensions) and the walk stops once the k-th best score beats
// the next bound. The result equals top_k_exhaustive (which scores every eligible worker, kept as the oracle),
// ties included: within a cell ids ascend, so a candidate whose bound only ties the k-th best can win only with
// a lower id. Tier maxima only grow under writes (a removed worker's values stay counted) until optimize()
// recomputes them: the bounds stay safe, at worst loose.
//
// Not thread-safe by itself: Engine (engine.hpp) holds it under a shared mutex (queries shared, updates
// exclusive).
#include <roaring/roaring.hh>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "matching/geo.hpp"
#include "matching/model.hpp"

namespace jz::matching {

struct QueryStats {
  uint64_t bitmap_candidates = 0;  // after the bitmap filters of the constant facts
  uint64_t eligible = 0;           // after every hard constraint
  uint64_t scored = 0;             // workers whose score was computed (the rest were pruned)
  uint64_t cells = 0;              // cells of the pruned ranking that were opened
};

class WorkerIndex final {
 public:
  // `tier_weights`: the weights queries normally use (the engine's); tiers group workers by the static part of
  // the score under them. Queries with other weights are still exact, with looser bounds.
  explicit WorkerIndex(const Geo& geo, const Weights& tier_weights = Weights{});

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
  // The same ranking by scoring every eligible worker: the oracle of the pruned one (tests, benchmark).
  [[nodiscard]] std::vector<Scored> top_k_exhaustive(const Demand& d, size_t k, const Weights& w,
                                                     const Roaring* cohort = nullptr,
                                                     QueryStats* stats = nullptr) const;

  // Eligible sets of at most this many workers are ranked exhaustively (cheaper than the cells). Tests lower it.
  void set_exhaustive_below(uint64_t n) { exhaustive_below_ = n; }

  // Compacts the bitmaps (run containers) after a bulk load and recomputes the tiers' maxima exactly.
  void optimize();
  // Bytes held by the columns and bitmaps (capacity, not just size).
  [[nodiscard]] size_t memory_bytes() const;

 public:
  struct RegionCell {  // region fit of a county's residents for one place
    double plain = 0, listed = 0;
  };

 private:
  [[nodiscard]] std::shared_ptr<const std::vector<RegionCell>> region_cells(const Demand& d) const;
  static constexpr uint8_t kLiveIn = 4, kAvailable = 8, kPriority = 16, kPresent = 32, kPoverty = 64;
  static constexpr size_t kTiers = 48;
  static constexpr int kExperienceBuckets = 64;  // whole years, the last one open-ended
  struct Slot;
  struct Tier;
  // The eligible set of `d` (every hard constraint applied); nullopt when the demand cannot match anyone.
  [[nodiscard]] std::optional<Roaring> eligible_set(const Demand& d, const Roaring* cohort, QueryStats* stats) const;
  [[nodiscard]] std::vector<Scored> rank_all(const Roaring& cand, const Demand& d, size_t k, const Weights& w,
                                             QueryStats* stats) const;
  // top_k's dimensions: residents grouped by region fit, and the tiers with their bounds, each best first.
  struct RegionGroup;
  struct TierBound;
  [[nodiscard]] std::vector<RegionGroup> region_groups(const Demand& d,
                                                       const std::vector<RegionCell>& cells) const;
  [[nodiscard]] std::vector<TierBound> tier_bounds(const Demand& d, const Weights& weights) const;
  [[nodiscard]] Scored present(uint32_t id, double score, const Demand& d, const Weights& w) const;
  [[nodiscard]] size_t tier_of(const Slot& s) const;
  [[nodiscard]] static Components static_fits(const Slot& s);
  [[nodiscard]] static int32_t health_bucket(int32_t day);
  [[nodiscard]] static int experience_bucket(int months);
  void widen(Tier& t, const Slot& s);
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
  std::array<std::array<Roaring, 4>, kOccupations.size()> occ_level_;  // [occ][L-1]: available, level ≥ L
  std::array<Roaring, kOccupations.size()> cert_;
  Roaring no_county_;
  std::map<int32_t, Roaring> health_bm_;                    // by health_valid_until / 16 days
  std::array<Roaring, kExperienceBuckets> experience_bm_;  // by whole years of experience
  // Tiers of the score's static part (credit, experience, rating, priority) under tier_weights_.
  struct Tier {
    Roaring members;
    double credit = 0, experience = 0, rating = 0, priority = 0;  // maxima of the components' fits
    int32_t min_wage = std::numeric_limits<int32_t>::max();     // lowest positive expected wage
    bool any_members = false, zero_wage = false;                 // ever a member; a member without a wage
  };
  Weights tier_weights_;
  double tier_total_ = 0;  // the static part's maximum under tier_weights_
  std::array<Tier, kTiers> tiers_;
  uint64_t exhaustive_below_ = 32768;
  // Region fits per place (the county list only grows: an entry of another length is stale).
  mutable std::mutex region_mu_;
  mutable std::map<std::string, std::shared_ptr<const std::vector<RegionCell>>> region_cache_;  // GUARDED_BY(region_mu_)
};

}  // namespace jz::matching
