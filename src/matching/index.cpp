#include "matching/index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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

WorkerIndex::WorkerIndex(const Geo& geo) : geo_(geo) {
  for (const auto& c : geo.county_codes()) county_slot(c);
}

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
  if (s.county != kNoCounty) county_bm_[s.county].add(id);
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

std::vector<Scored> WorkerIndex::top_k(const Demand& d, size_t k, const Weights& weights, const Roaring* cohort,
                                       QueryStats* stats) const {
  std::vector<Scored> out;
  if (k == 0 || d.occupation < 0 || d.occupation >= static_cast<int>(kOccupations.size())) return out;
  int min_level = std::clamp(d.min_level, 1, 4);
  Roaring cand = occ_level_[static_cast<size_t>(d.occupation)][static_cast<size_t>(min_level - 1)] & available_;
  if (d.live_in) cand &= live_in_;
  int place_city = -1;
  if (d.place.in_gansu()) {
    auto it = county_ids_.find(d.place.division_code);
    Roaring scope_ok = leaves_county_;
    if (it != county_ids_.end()) scope_ok |= scope_[0] & county_bm_[it->second];
    cand &= scope_ok;
  } else {
    Roaring ok = no_cities_;
    auto it = city_ids_.find(d.place.city);
    if (it != city_ids_.end()) {
      place_city = it->second;
      ok |= city_bm_[static_cast<size_t>(place_city)];
    }
    cand &= ok;
  }
  if (d.requires_certificate) cand &= cert_[static_cast<size_t>(d.occupation)];
  if (cohort) cand &= *cohort;

  // Region fit per county of residence, computed once per query with the reference function.
  struct RegionCell {
    double plain = 0, listed = 0;
  };
  std::vector<RegionCell> region(counties_.size() + 1);
  for (size_t c = 0; c <= counties_.size(); ++c) {
    std::string county = c < counties_.size() ? counties_[c] : std::string();
    Components a, b;
    region_fit(county, county.size() >= 4 ? std::string_view(county).substr(0, 4) : std::string_view(), false,
               d.place, geo_, a);
    region_fit(county, county.size() >= 4 ? std::string_view(county).substr(0, 4) : std::string_view(), true,
               d.place, geo_, b);
    region[c] = {a.region, b.region};
  }

  std::priority_queue<std::pair<double, uint32_t>, std::vector<std::pair<double, uint32_t>>, Worse> heap;
  const int occ = d.occupation;
  const int need_months = d.min_experience_years > 0 ? 12 * d.min_experience_years : 0;
  const Roaring* city_bm = place_city >= 0 ? &city_bm_[static_cast<size_t>(place_city)] : nullptr;
  uint64_t eligible = 0;
  // Candidates in batches (ascending ids, so the slots are read front to back).
  roaring_uint32_iterator_t* it = roaring_create_iterator(&cand.roaring);
  uint32_t batch[1024];
  const std::vector<RegionCell>& cells = region;
  const size_t no_county = cells.size() - 1;
  Components comp;  // reused: fill_components sets every field the total reads
  for (uint32_t n; (n = roaring_read_uint32_iterator(it, batch, 1024)) > 0;) {
    // Candidates are sparse among a million slots: each is a cache miss, so ask for the slots a few
    // candidates ahead (memory-level parallelism instead of one miss at a time).
    constexpr uint32_t kAhead = 16;
    for (uint32_t b = 0; b < std::min(n, kAhead); ++b) __builtin_prefetch(&slots_[batch[b]]);
    for (uint32_t b = 0; b < n; ++b) {
      if (b + kAhead < n) __builtin_prefetch(&slots_[batch[b + kAhead]]);
      const uint32_t id = batch[b];
      const Slot& s = slots_[id];
      if (d.requires_health_check && s.health < d.on_day) continue;
      if (s.experience < need_months) continue;
      ++eligible;
      // The engine's prefecture test uses her county's prefix where the reference uses her stored
      // prefecture_code; they are the same for every Gansu county (the registry derives one from the other).
      const RegionCell& cell = cells[s.county == kNoCounty ? no_county : s.county];
      comp.region = city_bm && city_bm->contains(id) ? cell.listed : cell.plain;
      fill_components(level_of(s.levels, occ), s.credit == kNoCredit ? -1 : s.credit, s.wage, s.experience,
                      s.rating_q / 50.0, s.flags & kPriority, d, comp);
      double score = total_score(comp, weights);
      if (heap.size() < k) {
        heap.emplace(score, id);
      } else if (score > heap.top().first || (score == heap.top().first && id < heap.top().second)) {
        heap.pop();
        heap.emplace(score, id);
      }
    }
  }
  roaring_free_uint32_iterator(it);
  if (stats) {
    stats->bitmap_candidates = cand.cardinality();
    stats->eligible = eligible;
  }
  out.resize(heap.size());
  for (size_t i = heap.size(); i-- > 0;) {
    auto [score, id] = heap.top();
    heap.pop();
    auto w = facts(id);
    out[i] = score_worker(*w, d, weights, geo_);
    out[i].score = score;  // identical by construction; kept from the scan so the order is exactly the heap's
  }
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
  return n;
}

}  // namespace jz::matching
