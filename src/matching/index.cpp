#include "matching/index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <stdexcept>

#include "matching/score.hpp"

namespace jz::matching {
namespace {

constexpr uint16_t kNoCounty = 0xFFFF;
constexpr uint8_t kNoCredit = 0xFF;

int level_of(uint64_t packed, int occ) { return static_cast<int>((packed >> (4 * occ)) & 0xF); }

// Better = higher score, then lower id: the order every ranking of this module uses.
struct Worse {
  bool operator()(const std::pair<double, uint32_t>& a, const std::pair<double, uint32_t>& b) const {
    if (a.first != b.first) return a.first > b.first;
    return a.second < b.second;
  }
};

}  // namespace

WorkerIndex::WorkerIndex(const Geo& geo, const Weights& tier_weights) : geo_(geo), tier_weights_(tier_weights) {
  for (const auto& c : geo.county_codes()) county_slot(c);
  tier_total_ = tier_weights_.credit + tier_weights_.experience + tier_weights_.rating + tier_weights_.priority;
}

// The components that do not depend on the demand, exactly as a query computes them.
Components WorkerIndex::static_fits(const Slot& s) {
  Components c;
  fill_components(0, s.credit == kNoCredit ? -1 : s.credit, s.wage, s.experience, s.rating_q / 50.0,
                  s.flags & kPriority, Demand{}, c);
  return c;
}

size_t WorkerIndex::tier_of(const Slot& s) const {
  if (tier_total_ <= 0) return 0;
  Components c = static_fits(s);
  double part = tier_weights_.credit * c.credit + tier_weights_.experience * c.experience +
                tier_weights_.rating * c.rating + tier_weights_.priority * c.priority;
  double t = std::floor(part / tier_total_ * static_cast<double>(kTiers));
  return static_cast<size_t>(std::clamp(t, 0.0, static_cast<double>(kTiers - 1)));
}

void WorkerIndex::widen(Tier& t, const Slot& s) {
  Components c = static_fits(s);
  if (!t.any_members) {
    t.credit = c.credit, t.experience = c.experience, t.rating = c.rating, t.priority = c.priority;
    t.any_members = true;
  } else {
    t.credit = std::max(t.credit, c.credit);
    t.experience = std::max(t.experience, c.experience);
    t.rating = std::max(t.rating, c.rating);
    t.priority = std::max(t.priority, c.priority);
  }
  if (s.wage > 0)
    t.min_wage = std::min(t.min_wage, s.wage);
  else
    t.zero_wage = true;
}

int32_t WorkerIndex::health_bucket(int32_t day) { return day >> 4; }
int WorkerIndex::experience_bucket(int months) { return std::min(months / 12, kExperienceBuckets - 1); }

uint16_t WorkerIndex::county_slot(const std::string& code) {
  auto it = county_ids_.find(code);
  if (it != county_ids_.end()) return it->second;
  if (counties_.size() >= kNoCounty) return kNoCounty;
  auto id = static_cast<uint16_t>(counties_.size());
  counties_.push_back(code);
  county_ids_.emplace(code, id);
  county_bm_.emplace_back();
  return id;
}

uint8_t WorkerIndex::prefecture_slot(const std::string& code) {
  auto it = prefecture_ids_.find(code);
  if (it != prefecture_ids_.end()) return it->second;
  if (prefectures_.size() >= 255) return 255;
  auto id = static_cast<uint8_t>(prefectures_.size());
  prefectures_.push_back(code);
  prefecture_ids_.emplace(code, id);
  return id;
}

int WorkerIndex::city_slot(const std::string& city, bool create) {
  auto it = city_ids_.find(city);
  if (it != city_ids_.end()) return it->second;
  if (!create) return -1;
  int id = static_cast<int>(cities_.size());
  cities_.push_back(city);
  city_ids_.emplace(city, id);
  city_bm_.emplace_back();
  return id;
}

void WorkerIndex::ensure_slot(uint32_t id) {
  if (id < slots_.size()) return;
  slots_.resize(std::max<size_t>(id + 1, slots_.size() + slots_.size() / 4));
}

bool WorkerIndex::contains(int64_t id) const {
  return id > 0 && id <= std::numeric_limits<uint32_t>::max() && present_.contains(static_cast<uint32_t>(id));
}

void WorkerIndex::unlink(uint32_t id) {
  const Slot& s = slots_[id];
  tiers_[tier_of(s)].members.remove(id);  // its maxima stay: conservative until optimize()
  if (auto it = health_bm_.find(health_bucket(s.health)); it != health_bm_.end()) {
    it->second.remove(id);
    if (it->second.isEmpty()) health_bm_.erase(it);
  }
  experience_bm_[static_cast<size_t>(experience_bucket(s.experience))].remove(id);
  no_county_.remove(id);
  present_.remove(id);
  available_.remove(id);
  live_in_.remove(id);
  leaves_county_.remove(id);
  no_cities_.remove(id);
  for (auto& b : scope_) b.remove(id);
  if (slots_[id].county != kNoCounty) county_bm_[slots_[id].county].remove(id);
  for (auto& b : city_bm_) b.remove(id);
  for (size_t o = 0; o < kOccupations.size(); ++o) {
    for (auto& b : occ_level_[o]) b.remove(id);
    cert_[o].remove(id);
  }
}

void WorkerIndex::upsert(const WorkerFacts& w) {
  if (w.id <= 0 || w.id > std::numeric_limits<uint32_t>::max()) throw std::out_of_range("worker id beyond 2^32");
  auto id = static_cast<uint32_t>(w.id);
  ensure_slot(id);
  if (slots_[id].flags & kPresent) unlink(id);
  Slot& s = slots_[id];
  s.county = county_slot(w.county);
  s.prefecture = prefecture_slot(w.prefecture);
  uint8_t f = static_cast<uint8_t>(w.scope) | kPresent;
  if (w.live_in) f |= kLiveIn;
  if (w.available) f |= kAvailable;
  if (w.poverty_alleviated || w.monitored) f |= kPriority;
  if (w.poverty_alleviated) f |= kPoverty;  // to give back the facts as stored
  s.flags = f;
  s.credit = w.credit_score < 0 ? kNoCredit : static_cast<uint8_t>(std::min(w.credit_score, 100));
  s.rating_q = static_cast<uint8_t>(std::lround(quantize_rating(w.rating) * 50.0));
  s.experience = static_cast<uint16_t>(std::clamp(w.experience_months, 0, 65535));
  s.wage = static_cast<int32_t>(std::clamp<int64_t>(w.expected_wage, 0, std::numeric_limits<int32_t>::max()));
  s.health = w.health_valid_until;
  uint64_t packed = 0;
  for (size_t o = 0; o < kOccupations.size(); ++o) {
    uint64_t lv = std::min<uint8_t>(w.levels[o], 4);
    packed |= lv << (4 * o);
    if (w.available)  // nobody else can match: the filter needs no AND with available_
      for (uint64_t l = 1; l <= lv; ++l) occ_level_[o][l - 1].add(id);
    if (w.certificates & (1u << o)) {
      packed |= uint64_t{1} << (48 + o);
      cert_[o].add(id);
    }
  }
  s.levels = packed;
  present_.add(id);
  if (w.available) available_.add(id);
  if (w.live_in) live_in_.add(id);
  scope_[static_cast<size_t>(w.scope)].add(id);
  if (w.scope != WorkScope::home_county) leaves_county_.add(id);
  if (s.county != kNoCounty)
    county_bm_[s.county].add(id);
  else
    no_county_.add(id);
  health_bm_[health_bucket(s.health)].add(id);
  experience_bm_[static_cast<size_t>(experience_bucket(s.experience))].add(id);
  Tier& tier = tiers_[tier_of(s)];
  tier.members.add(id);
  widen(tier, s);
  if (w.scope == WorkScope::cross_province) {
    if (w.preferred_cities.empty()) no_cities_.add(id);
    for (const auto& c : w.preferred_cities) city_bm_[static_cast<size_t>(city_slot(c, true))].add(id);
  }
}

void WorkerIndex::remove(int64_t id) {
  if (!contains(id)) return;
  auto i = static_cast<uint32_t>(id);
  unlink(i);
  slots_[i] = Slot{};
}

std::optional<WorkerFacts> WorkerIndex::facts(int64_t id) const {
  if (!contains(id)) return std::nullopt;
  auto i = static_cast<uint32_t>(id);
  const Slot& s = slots_[i];
  WorkerFacts w;
  w.id = id;
  w.county = s.county == kNoCounty ? "" : counties_[s.county];
  w.prefecture = s.prefecture == 255 ? "" : prefectures_[s.prefecture];
  uint8_t f = s.flags;
  w.scope = static_cast<WorkScope>(f & 3);
  w.live_in = f & kLiveIn;
  w.available = f & kAvailable;
  w.poverty_alleviated = f & kPoverty;
  w.monitored = (f & kPriority) && !(f & kPoverty);
  w.expected_wage = s.wage;
  w.credit_score = s.credit == kNoCredit ? -1 : s.credit;
  w.health_valid_until = s.health;
  w.experience_months = s.experience;
  w.rating = s.rating_q / 50.0;
  for (size_t o = 0; o < kOccupations.size(); ++o) {
    w.levels[o] = static_cast<uint8_t>(level_of(s.levels, static_cast<int>(o)));
    if (s.levels >> (48 + o) & 1) w.certificates |= static_cast<uint16_t>(1u << o);
  }
  for (size_t c = 0; c < cities_.size(); ++c)
    if (city_bm_[c].contains(i)) w.preferred_cities.push_back(cities_[c]);
  return w;
}

std::optional<Roaring> WorkerIndex::eligible_set(const Demand& d, const Roaring* cohort, QueryStats* stats) const {
  if (d.occupation < 0 || d.occupation >= static_cast<int>(kOccupations.size())) return std::nullopt;
  int min_level = std::clamp(d.min_level, 1, 4);
  Roaring cand = occ_level_[static_cast<size_t>(d.occupation)][static_cast<size_t>(min_level - 1)];
  if (d.live_in) cand &= live_in_;
  if (d.place.in_gansu()) {
    auto it = county_ids_.find(d.place.division_code);
    Roaring scope_ok = leaves_county_;
    if (it != county_ids_.end()) scope_ok |= scope_[0] & county_bm_[it->second];
    cand &= scope_ok;
  } else {
    Roaring ok = no_cities_;
    auto it = city_ids_.find(d.place.city);
    if (it != city_ids_.end()) ok |= city_bm_[static_cast<size_t>(it->second)];
    cand &= ok;
  }
  if (d.requires_certificate) cand &= cert_[static_cast<size_t>(d.occupation)];
  if (cohort) cand &= *cohort;
  if (stats) stats->bitmap_candidates = cand.cardinality();

  // A constraint "value ≥ threshold" over bucketed values: the buckets wholly above pass, those wholly below
  // fail, the members of the threshold's own bucket are checked one by one. Whichever side holds fewer
  // workers is unioned and applied.
  auto at_least = [&](auto begin, auto end, auto key_of, int64_t key, auto passes) {
    if (cand.isEmpty()) return;
    uint64_t above = 0, below = 0;
    const Roaring* boundary = nullptr;
    for (auto it = begin; it != end; ++it) {
      int64_t k = key_of(it);
      if (k > key) above += it->cardinality();
      else if (k < key) below += it->cardinality();
      else boundary = &*it;
    }
    bool keep_above = above <= below;
    std::vector<const roaring_bitmap_t*> side;
    for (auto it = begin; it != end; ++it) {
      int64_t k = key_of(it);
      if (keep_above ? k > key : k < key) side.push_back(&it->roaring);
    }
    Roaring part;
    if (!side.empty()) part = Roaring(roaring_bitmap_or_many(side.size(), side.data()));
    if (boundary) {
      Roaring edge = *boundary & cand;
      for (uint32_t id : edge)
        if (passes(slots_[id]) == keep_above) part.add(id);
    }
    if (keep_above)
      cand &= part;
    else
      cand -= part;
  };
  if (d.requires_health_check) {
    struct It {  // the map's values, with their keys
      std::map<int32_t, Roaring>::const_iterator i;
      const Roaring& operator*() const { return i->second; }
      const Roaring* operator->() const { return &i->second; }
      It& operator++() { return ++i, *this; }
      bool operator!=(const It& o) const { return i != o.i; }
    };
    at_least(It{health_bm_.begin()}, It{health_bm_.end()}, [](const It& it) -> int64_t { return it.i->first; },
             health_bucket(d.on_day), [&](const Slot& s) { return s.health >= d.on_day; });
  }
  if (d.min_experience_years > 0) {
    const int64_t need = 12 * static_cast<int64_t>(d.min_experience_years);
    at_least(experience_bm_.begin(), experience_bm_.end(),
             [this](std::array<Roaring, kExperienceBuckets>::const_iterator it) -> int64_t {
               return it - experience_bm_.begin();
             },
             std::min<int64_t>(need / 12, kExperienceBuckets - 1), [&](const Slot& s) { return s.experience >= need; });
  }
  if (stats) stats->eligible = cand.cardinality();
  return cand;
}

Scored WorkerIndex::present(uint32_t id, double score, const Demand& d, const Weights& w) const {
  Scored out = score_worker(*facts(id), d, w, geo_);
  out.score = score;  // identical by construction; kept from the scan so the order is exactly the heap's
  return out;
}

namespace {

using RegionCell = WorkerIndex::RegionCell;

// Region fit per county of residence (index counties_.size(): no county) with the reference function;
// `listed` for a cross-province worker who named the place's city.
std::vector<RegionCell> compute_region_cells(const std::vector<std::string>& counties, const Demand& d,
                                             const Geo& geo) {
  std::vector<RegionCell> region(counties.size() + 1);
  for (size_t c = 0; c <= counties.size(); ++c) {
    std::string county = c < counties.size() ? counties[c] : std::string();
    std::string_view prefecture = county.size() >= 4 ? std::string_view(county).substr(0, 4) : std::string_view();
    Components a, b;
    region_fit(county, prefecture, false, d.place, geo, a);
    region_fit(county, prefecture, true, d.place, geo, b);
    region[c] = {a.region, b.region};
  }
  return region;
}

// The best k so far: a bounded heap whose top is the worst kept.
class Best {
 public:
  explicit Best(size_t k) : k_(k) {}
  bool full() const { return heap_.size() >= k_; }
  const std::pair<double, uint32_t>& worst() const { return heap_.top(); }
  void offer(double score, uint32_t id) {
    if (heap_.size() < k_) {
      heap_.emplace(score, id);
    } else if (score > heap_.top().first || (score == heap_.top().first && id < heap_.top().second)) {
      heap_.pop();
      heap_.emplace(score, id);
    }
  }
  // Best first.
  std::vector<std::pair<double, uint32_t>> drain() {
    std::vector<std::pair<double, uint32_t>> out(heap_.size());
    for (size_t i = heap_.size(); i-- > 0;) out[i] = heap_.top(), heap_.pop();
    return out;
  }

 private:
  size_t k_;
  std::priority_queue<std::pair<double, uint32_t>, std::vector<std::pair<double, uint32_t>>, Worse> heap_;
};

// Calls fn(id) for the members of `bm` in ascending order, in batches, until fn returns false.
template <class Fn>
void each_member(const Roaring& bm, Fn&& fn) {
  roaring_uint32_iterator_t* it = roaring_create_iterator(&bm.roaring);
  uint32_t batch[1024];
  bool go = true;
  for (uint32_t n; go && (n = roaring_read_uint32_iterator(it, batch, 1024)) > 0;)
    for (uint32_t b = 0; b < n && go; ++b) go = fn(batch, b, n);
  roaring_free_uint32_iterator(it);
}

// Scores differ from the sum of a cell's parts taken in another order by a few ulps of 100; this slack makes
// the parts' sum a safe bound.
constexpr double kSlack = 1e-9;

}  // namespace

// The region fits depend only on the place and on the county list (which only grows): kept per place.
std::shared_ptr<const std::vector<RegionCell>> WorkerIndex::region_cells(const Demand& d) const {
  std::string key = d.place.in_gansu() ? d.place.division_code : "@" + d.place.province_code + d.place.city;
  {
    std::lock_guard lk(region_mu_);
    auto it = region_cache_.find(key);
    if (it != region_cache_.end() && it->second->size() == counties_.size() + 1) return it->second;
  }
  auto cells = std::make_shared<const std::vector<RegionCell>>(compute_region_cells(counties_, d, geo_));
  std::lock_guard lk(region_mu_);
  if (region_cache_.size() > 4096) region_cache_.clear();
  region_cache_[key] = cells;
  return cells;
}

std::vector<Scored> WorkerIndex::top_k_exhaustive(const Demand& d, size_t k, const Weights& weights,
                                                  const Roaring* cohort, QueryStats* stats) const {
  if (k == 0) return {};
  auto cand = eligible_set(d, cohort, stats);
  if (!cand) return {};
  return rank_all(*cand, d, k, weights, stats);
}

std::vector<Scored> WorkerIndex::rank_all(const Roaring& cand, const Demand& d, size_t k, const Weights& weights,
                                          QueryStats* stats) const {
  std::vector<Scored> out;
  const auto cells_ptr = region_cells(d);
  const std::vector<RegionCell>& cells = *cells_ptr;
  const size_t no_county = cells.size() - 1;
  const int occ = d.occupation;
  const Roaring* city_bm = nullptr;
  if (!d.place.in_gansu())
    if (auto it = city_ids_.find(d.place.city); it != city_ids_.end())
      city_bm = &city_bm_[static_cast<size_t>(it->second)];
  Best best(k);
  Components comp;  // reused: fill_components sets every field the total reads
  // Candidates are sparse among a million slots: each is a cache miss, so ask for the slots a few candidates
  // ahead (memory-level parallelism instead of one miss at a time).
  constexpr uint32_t kAhead = 16;
  each_member(cand, [&](const uint32_t* batch, uint32_t b, uint32_t n) {
    if (b == 0)
      for (uint32_t a = 0; a < std::min(n, kAhead); ++a) __builtin_prefetch(&slots_[batch[a]]);
    if (b + kAhead < n) __builtin_prefetch(&slots_[batch[b + kAhead]]);
    const uint32_t id = batch[b];
    const Slot& s = slots_[id];
    // The engine's prefecture test uses her county's prefix where the reference uses her stored
    // prefecture_code; they are the same for every Gansu county (the registry derives one from the other).
    const RegionCell& cell = cells[s.county == kNoCounty ? no_county : s.county];
    comp.region = city_bm && city_bm->contains(id) ? cell.listed : cell.plain;
    fill_components(level_of(s.levels, occ), s.credit == kNoCredit ? -1 : s.credit, s.wage, s.experience,
                    s.rating_q / 50.0, s.flags & kPriority, d, comp);
    best.offer(total_score(comp, weights), id);
    return true;
  });
  if (stats) stats->scored = cand.cardinality(), stats->cells = 1;
  for (auto [score, id] : best.drain()) out.push_back(present(id, score, d, weights));
  return out;
}

// Dimension 1, region: groups of residents with one region fit, best first. In Gansu a group is the counties
// with the same fit; elsewhere the fit depends only on whether she named the place's city.
struct WorkerIndex::RegionGroup {
  double fit = 0;
  std::vector<const Roaring*> parts;  // unioned, then ANDed with the eligible set, when first visited
  bool exclude = false;               // the eligible set minus the parts (elsewhere, unlisted)
};

std::vector<WorkerIndex::RegionGroup> WorkerIndex::region_groups(const Demand& d,
                                                                 const std::vector<RegionCell>& cells) const {
  std::vector<RegionGroup> regions;
  if (d.place.in_gansu()) {
    std::vector<std::pair<double, size_t>> by_fit;
    for (size_t c = 0; c < counties_.size(); ++c)
      if (!county_bm_[c].isEmpty()) by_fit.emplace_back(cells[c].plain, c);
    if (!no_county_.isEmpty()) by_fit.emplace_back(cells.back().plain, counties_.size());
    std::sort(by_fit.begin(), by_fit.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [fit, c] : by_fit) {
      if (regions.empty() || regions.back().fit != fit) regions.push_back(RegionGroup{fit, {}, false});
      regions.back().parts.push_back(c < counties_.size() ? &county_bm_[c] : &no_county_);
    }
  } else {
    const Roaring* listed = nullptr;
    if (auto it = city_ids_.find(d.place.city); it != city_ids_.end())
      listed = &city_bm_[static_cast<size_t>(it->second)];
    if (listed) regions.push_back(RegionGroup{cells.back().listed, {listed}, false});
    regions.push_back(
        RegionGroup{cells.back().plain,
                    listed ? std::vector<const Roaring*>{listed} : std::vector<const Roaring*>{}, true});
  }
  return regions;
}

// Dimension 3, tiers of the static part, by their bound (static part and best wage fit) for these weights.
struct WorkerIndex::TierBound {
  size_t tier;
  double part;       // bound of static part + wage part
  Components upper;  // the tier's component maxima (skill and region filled per cell)
};

std::vector<WorkerIndex::TierBound> WorkerIndex::tier_bounds(const Demand& d, const Weights& weights) const {
  const bool same_weights = weights.skill == tier_weights_.skill && weights.credit == tier_weights_.credit &&
                            weights.region == tier_weights_.region && weights.wage == tier_weights_.wage &&
                            weights.experience == tier_weights_.experience &&
                            weights.rating == tier_weights_.rating &&
                            weights.priority == tier_weights_.priority;
  std::vector<TierBound> tiers;
  for (size_t t = 0; t < kTiers; ++t) {
    const Tier& tr = tiers_[t];
    if (tr.members.isEmpty()) continue;
    Components u;
    u.credit = tr.credit, u.experience = tr.experience, u.rating = tr.rating, u.priority = tr.priority;
    // The best wage fit of the tier: that of its lowest wage, or 0.5 for a member without one.
    Components wage_fit;
    fill_components(0, -1, tr.min_wage == std::numeric_limits<int32_t>::max() ? 0 : tr.min_wage, 0, 0, false, d,
                    wage_fit);
    u.wage = wage_fit.wage;
    if (tr.zero_wage) {
      fill_components(0, -1, 0, 0, 0, false, d, wage_fit);
      u.wage = std::max(u.wage, wage_fit.wage);
    }
    double part = weights.credit * u.credit + weights.experience * u.experience + weights.rating * u.rating +
                  weights.priority * u.priority;
    if (same_weights)  // every member's static part is below the tier's upper edge
      part = std::min(part, static_cast<double>(t + 1) * tier_total_ / static_cast<double>(kTiers));
    tiers.push_back(TierBound{t, part + weights.wage * u.wage, u});
  }
  std::sort(tiers.begin(), tiers.end(), [](const TierBound& a, const TierBound& b) { return a.part > b.part; });
  return tiers;
}

std::vector<Scored> WorkerIndex::top_k(const Demand& d, size_t k, const Weights& weights,
                                       const Roaring* cohort, QueryStats* stats) const {
  std::vector<Scored> out;
  if (k == 0) return out;
  QueryStats local;
  QueryStats& st = stats ? *stats : local;
  auto cand_opt = eligible_set(d, cohort, &st);
  if (!cand_opt) return out;
  const Roaring& cand = *cand_opt;
  if (cand.cardinality() <= exhaustive_below_) return rank_all(cand, d, k, weights, stats);

  const auto cells_ptr = region_cells(d);
  const std::vector<RegionCell>& cells = *cells_ptr;
  const int occ = d.occupation;

  // Dimension 1, region; dimension 2, level in the demanded occupation; dimension 3, tiers of the static
  // part.
  const std::vector<RegionGroup> regions = region_groups(d, cells);
  std::vector<int> levels;
  for (int l = 4; l >= std::clamp(d.min_level, 1, 4); --l) levels.push_back(l);
  const std::vector<TierBound> tiers = tier_bounds(d, weights);
  if (regions.empty() || levels.empty() || tiers.empty()) return out;

  // Lazily built pieces of the eligible set, by region and exact level: the demanded level's bitmap (the
  // smallest) ANDed with the region's residents first, then with the eligible set.
  std::vector<std::optional<Roaring>> by_region(regions.size());  // the union of a group's counties
  std::vector<std::optional<Roaring>> by_region_level(regions.size() * levels.size());
  const auto& occ_bm = occ_level_[static_cast<size_t>(occ)];
  auto residents = [&](size_t r) -> const Roaring& {
    const RegionGroup& g = regions[r];
    if (g.parts.size() == 1) return *g.parts[0];
    if (!by_region[r]) {
      std::vector<const roaring_bitmap_t*> raw;
      for (const Roaring* p : g.parts) raw.push_back(&p->roaring);
      by_region[r] = raw.empty() ? Roaring() : Roaring(roaring_bitmap_or_many(raw.size(), raw.data()));
    }
    return *by_region[r];
  };
  auto level_part = [&](size_t r, size_t l) -> const Roaring& {
    auto& slot = by_region_level[r * levels.size() + l];
    if (!slot) {
      int level = levels[l];
      Roaring x = regions[r].exclude ? occ_bm[static_cast<size_t>(level - 1)] - residents(r)
                                     : occ_bm[static_cast<size_t>(level - 1)] & residents(r);
      if (level < 4) x -= occ_bm[static_cast<size_t>(level)];
      x &= cand;
      slot = std::move(x);
    }
    return *slot;
  };

  // Best-first walk of the cells (region r, level l, tier t): each list is sorted by its part of the bound,
  // so a cell's bound is at most its parent's; the parent of (r, l, t) is (r, l, t-1), else (r, l-1, 0), else
  // (r-1, 0, 0), which visits every cell once.
  struct Cell {
    double bound;
    uint32_t r, l, t;
    bool operator<(const Cell& o) const { return bound < o.bound; }
  };
  auto bound_of = [&](uint32_t r, uint32_t l, uint32_t t) {
    return weights.region * regions[r].fit + weights.skill * (levels[l] / 4.0) + tiers[t].part;
  };
  std::priority_queue<Cell> frontier;
  frontier.push(Cell{bound_of(0, 0, 0), 0, 0, 0});
  Best best(k);
  Components comp;
  uint64_t scored = 0, opened = 0;
  while (!frontier.empty()) {
    Cell c = frontier.top();
    frontier.pop();
    if (best.full() && best.worst().first > c.bound + kSlack) break;  // no cell left can place anyone
    if (c.t + 1 < tiers.size()) frontier.push(Cell{bound_of(c.r, c.l, c.t + 1), c.r, c.l, c.t + 1});
    if (c.t == 0 && c.l + 1 < levels.size()) frontier.push(Cell{bound_of(c.r, c.l + 1, 0), c.r, c.l + 1, 0});
    if (c.t == 0 && c.l == 0 && c.r + 1 < regions.size())
      frontier.push(Cell{bound_of(c.r + 1, 0, 0), c.r + 1, 0, 0});

    const Roaring& rl = level_part(c.r, c.l);
    if (rl.isEmpty()) continue;
    // The cell's exact bound: the score of its maxima (each component at most that, and the score is monotone
    // in each), or the parts' sum with the slack, whichever is lower.
    Components u = tiers[c.t].upper;
    u.skill = levels[c.l] / 4.0;
    u.region = regions[c.r].fit;
    const double bound = std::min(total_score(u, weights), c.bound + kSlack);
    if (best.full() && best.worst().first > bound) continue;
    Roaring members = rl & tiers_[tiers[c.t].tier].members;
    if (members.isEmpty()) continue;
    ++opened;
    const double region = regions[c.r].fit;
    each_member(members, [&](const uint32_t* batch, uint32_t b, uint32_t n) {
      const uint32_t id = batch[b];
      // Ids ascend: once the k-th best beats the bound, or ties it with a lower id, nobody after can place.
      if (best.full() && (best.worst().first > bound || (best.worst().first == bound && id > best.worst().second)))
        return false;
      if (b + 8 < n) __builtin_prefetch(&slots_[batch[b + 8]]);
      const Slot& s = slots_[id];
      comp.region = region;
      fill_components(level_of(s.levels, occ), s.credit == kNoCredit ? -1 : s.credit, s.wage, s.experience,
                      s.rating_q / 50.0, s.flags & kPriority, d, comp);
      best.offer(total_score(comp, weights), id);
      ++scored;
      return true;
    });
  }
  st.scored = scored;
  st.cells = opened;
  for (auto [score, id] : best.drain()) out.push_back(present(id, score, d, weights));
  return out;
}

void WorkerIndex::optimize() {
  auto opt = [](Roaring& r) {
    r.runOptimize();
    r.shrinkToFit();
  };
  for (Roaring* r : {&present_, &available_, &live_in_, &leaves_county_, &no_cities_}) opt(*r);
  for (auto& r : scope_) opt(r);
  for (auto& r : county_bm_) opt(r);
  for (auto& r : city_bm_) opt(r);
  for (auto& a : occ_level_)
    for (auto& r : a) opt(r);
  for (auto& r : cert_) opt(r);
  opt(no_county_);
  for (auto& [key, r] : health_bm_) opt(r);
  for (auto& r : experience_bm_) opt(r);
  // The tiers' maxima, exactly again (writes only widen them).
  for (auto& t : tiers_) {
    opt(t.members);
    Tier fresh;
    fresh.members = std::move(t.members);
    for (uint32_t id : fresh.members) widen(fresh, slots_[id]);
    t = std::move(fresh);
  }
}

size_t WorkerIndex::memory_bytes() const {
  size_t n = slots_.capacity() * sizeof(Slot);
  auto bm = [](const Roaring& r) { return r.getSizeInBytes(false); };
  for (const Roaring* r : {&present_, &available_, &live_in_, &leaves_county_, &no_cities_}) n += bm(*r);
  for (const auto& r : scope_) n += bm(r);
  for (const auto& r : county_bm_) n += bm(r);
  for (const auto& r : city_bm_) n += bm(r);
  for (const auto& a : occ_level_)
    for (const auto& r : a) n += bm(r);
  for (const auto& r : cert_) n += bm(r);
  n += bm(no_county_);
  for (const auto& [key, r] : health_bm_) n += bm(r);
  for (const auto& r : experience_bm_) n += bm(r);
  for (const auto& t : tiers_) n += bm(t.members) + sizeof(Tier);
  return n;
}

}  // namespace jz::matching
