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
  if (id < flags_.size()) return;
  size_t n = std::max<size_t>(id + 1, flags_.size() + flags_.size() / 4);
  county_.resize(n, kNoCounty);
  prefecture_.resize(n, 255);
  flags_.resize(n, 0);
  credit_.resize(n, kNoCredit);
  rating_q_.resize(n, 0);
  experience_.resize(n, 0);
  wage_.resize(n, 0);
  health_.resize(n, 0);
  levels_.resize(n, 0);
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
  if (county_[id] != kNoCounty) county_bm_[county_[id]].remove(id);
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
  if (flags_[id] & kPresent) unlink(id);
  county_[id] = county_slot(w.county);
  prefecture_[id] = prefecture_slot(w.prefecture);
  uint8_t f = static_cast<uint8_t>(w.scope) | kPresent;
  if (w.live_in) f |= kLiveIn;
  if (w.available) f |= kAvailable;
  if (w.poverty_alleviated || w.monitored) f |= kPriority;
  if (w.poverty_alleviated) f |= kPoverty;  // to give back the facts as stored
  flags_[id] = f;
  credit_[id] = w.credit_score < 0 ? kNoCredit : static_cast<uint8_t>(std::min(w.credit_score, 100));
  rating_q_[id] = static_cast<uint8_t>(std::lround(quantize_rating(w.rating) * 50.0));
  experience_[id] = static_cast<uint16_t>(std::clamp(w.experience_months, 0, 65535));
  wage_[id] = static_cast<int32_t>(std::clamp<int64_t>(w.expected_wage, 0, std::numeric_limits<int32_t>::max()));
  health_[id] = w.health_valid_until;
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
  levels_[id] = packed;
  present_.add(id);
  if (w.available) available_.add(id);
  if (w.live_in) live_in_.add(id);
  scope_[static_cast<size_t>(w.scope)].add(id);
  if (w.scope != WorkScope::home_county) leaves_county_.add(id);
  if (county_[id] != kNoCounty) county_bm_[county_[id]].add(id);
  if (w.scope == WorkScope::cross_province) {
    if (w.preferred_cities.empty()) no_cities_.add(id);
    for (const auto& c : w.preferred_cities) city_bm_[static_cast<size_t>(city_slot(c, true))].add(id);
  }
}

void WorkerIndex::remove(int64_t id) {
  if (!contains(id)) return;
  auto i = static_cast<uint32_t>(id);
  unlink(i);
  flags_[i] = 0;
}

std::optional<WorkerFacts> WorkerIndex::facts(int64_t id) const {
  if (!contains(id)) return std::nullopt;
  auto i = static_cast<uint32_t>(id);
  WorkerFacts w;
  w.id = id;
  w.county = county_[i] == kNoCounty ? "" : counties_[county_[i]];
  w.prefecture = prefecture_[i] == 255 ? "" : prefectures_[prefecture_[i]];
  uint8_t f = flags_[i];
  w.scope = static_cast<WorkScope>(f & 3);
  w.live_in = f & kLiveIn;
  w.available = f & kAvailable;
  w.poverty_alleviated = f & kPoverty;
  w.monitored = (f & kPriority) && !(f & kPoverty);
  w.expected_wage = wage_[i];
  w.credit_score = credit_[i] == kNoCredit ? -1 : credit_[i];
  w.health_valid_until = health_[i];
  w.experience_months = experience_[i];
  w.rating = rating_q_[i] / 50.0;
  for (size_t o = 0; o < kOccupations.size(); ++o) {
    w.levels[o] = static_cast<uint8_t>(level_of(levels_[i], static_cast<int>(o)));
    if (levels_[i] >> (48 + o) & 1) w.certificates |= static_cast<uint16_t>(1u << o);
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
  struct Ctx {
    const WorkerIndex* self;
    const Demand* d;
    const Weights* w;
    const std::vector<RegionCell>* region;
    const Roaring* city_bm;
    decltype(heap)* top;
    size_t k;
    int occ, need_months;
    uint64_t* eligible;
  } ctx{this, &d, &weights, &region, city_bm, &heap, k, occ, need_months, &eligible};
  cand.iterate(
      [](uint32_t id, void* p) -> bool {
        auto& x = *static_cast<Ctx*>(p);
        const WorkerIndex& s = *x.self;
        if (x.d->requires_health_check && s.health_[id] < x.d->on_day) return true;
        if (s.experience_[id] < x.need_months) return true;
        ++*x.eligible;
        // Must match the home-county rule in the reference for a worker whose county has no centroid row:
        // the prefecture test there uses her stored prefecture, here her county's prefix; they are the same
        // for every Gansu county code (workers.prefecture_code is derived from it).
        uint16_t c = s.county_[id];
        const RegionCell& cell = (*x.region)[c == kNoCounty ? x.region->size() - 1 : c];
        Components comp;
        comp.region = x.city_bm && x.city_bm->contains(id) ? cell.listed : cell.plain;
        uint8_t cr = s.credit_[id];
        fill_components(level_of(s.levels_[id], x.occ), cr == kNoCredit ? -1 : cr, s.wage_[id], s.experience_[id],
                        s.rating_q_[id] / 50.0, s.flags_[id] & kPriority, *x.d, comp);
        double score = total_score(comp, *x.w);
        auto& h = *x.top;
        if (h.size() < x.k) {
          h.emplace(score, id);
        } else if (score > h.top().first || (score == h.top().first && id < h.top().second)) {
          h.pop();
          h.emplace(score, id);
        }
        return true;
      },
      &ctx);
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
  size_t n = county_.capacity() * 2 + prefecture_.capacity() + flags_.capacity() + credit_.capacity() +
             rating_q_.capacity() + experience_.capacity() * 2 + wage_.capacity() * 4 + health_.capacity() * 4 +
             levels_.capacity() * 8;
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
