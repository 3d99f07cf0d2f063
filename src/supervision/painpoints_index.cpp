#include "supervision/painpoints_index.hpp"

#include <algorithm>
#include <mutex>
#include <set>

namespace jz::supervision {

bool pain_newer(const PainExampleRef& a, const PainExampleRef& b) {
  if (a.day != b.day) return a.day > b.day;
  if (a.id != b.id) return a.id > b.id;
  return a.source > b.source;
}

bool pain_term_worth_it(const std::string& w) {
  if (w.size() < 6) return false;  // fewer than two CJK characters
  return std::any_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

uint16_t PainIndex::intern(std::vector<std::string>& names, std::unordered_map<std::string, uint16_t>& ids,
                           const std::string& s) {
  auto [it, added] = ids.emplace(s, static_cast<uint16_t>(names.size()));
  if (added) names.push_back(s);
  return it->second;
}

uint32_t PainIndex::term(const std::string& t) {
  auto [it, added] = term_ids_.emplace(t, static_cast<uint32_t>(terms_.size()));
  if (added) terms_.push_back(t);
  return it->second;
}

uint32_t PainIndex::worker_slot(int64_t id) {
  auto [it, added] = worker_slots_.emplace(id, static_cast<uint32_t>(workers_.size()));
  if (added) workers_.push_back(Worker{});
  return it->second;
}

void PainIndex::upsert(PainSource source, int64_t id, int64_t worker_id, int32_t day, const Classified* c) {
  std::unique_lock lk(mu_);
  auto& slots = slots_[static_cast<size_t>(source)];
  auto it = slots.find(id);
  if (!c) {
    if (it != slots.end()) entries_[it->second].live = 0;
    return;
  }
  Entry e;
  e.id = id;
  e.worker = worker_slot(worker_id);
  e.day = day;
  e.source = static_cast<uint8_t>(source);
  const auto& cats = categories();
  for (size_t i = 0; i < cats.size(); ++i)
    if (cats[i].code == c->category) e.category = static_cast<uint8_t>(i);
  if (e.category != kNoCategory) {
    // Replacing a text leaves its old terms in the pool: only survey answers change, and rarely.
    e.cues_at = static_cast<uint32_t>(pool_.size());
    for (const auto& cue : c->cues) pool_.push_back(term(cue));
    e.cues = static_cast<uint16_t>(pool_.size() - e.cues_at);
    e.words_at = static_cast<uint32_t>(pool_.size());
    std::set<std::string> once;
    for (const auto& w : c->words)
      if (pain_term_worth_it(w) && once.insert(w).second) pool_.push_back(term(w));
    e.words = static_cast<uint16_t>(pool_.size() - e.words_at);
  }
  if (it != slots.end()) {
    entries_[it->second] = e;
  } else {
    slots.emplace(id, static_cast<uint32_t>(entries_.size()));
    entries_.push_back(e);
  }
}

bool PainIndex::contains(PainSource source, int64_t id) const {
  std::shared_lock lk(mu_);
  return slots_[static_cast<size_t>(source)].count(id) > 0;
}

void PainIndex::upsert(const PainWorkerFact& f) {
  std::unique_lock lk(mu_);
  Worker& w = workers_[worker_slot(f.id)];
  w.division = intern(divisions_, division_ids_, f.division);
  w.occupation = intern(occupations_, occupation_ids_, f.occupation);
}

size_t PainIndex::size() const {
  std::shared_lock lk(mu_);
  return entries_.size();
}

PainTally PainIndex::tally(const PainQuery& q) const {
  std::shared_lock lk(mu_);
  const auto& cats = categories();
  const size_t nc = cats.size(), months = q.month_starts.empty() ? 0 : q.month_starts.size() - 1;
  // Each division: -2 outside the view, -1 inside without an area of the asked level, else its area.
  std::vector<int32_t> area_of(divisions_.size(), -2);
  std::vector<std::string> areas;
  {
    std::unordered_map<std::string, int32_t> ids;
    for (size_t d = 0; d < divisions_.size(); ++d) {
      const std::string& code = divisions_[d];
      if (code.compare(0, q.prefix.size(), q.prefix) != 0) continue;
      if (code.size() < q.area_digits) {
        area_of[d] = -1;
        continue;
      }
      auto [it, added] = ids.emplace(code.substr(0, q.area_digits), static_cast<int32_t>(areas.size()));
      if (added) areas.push_back(it->first);
      area_of[d] = it->second;
    }
  }
  std::vector<int64_t> counts(nc, 0), by_source(4, 0), series(nc * months, 0);
  std::vector<int64_t> by_area(areas.size() * nc, 0), by_occupation((occupations_.size() + 1) * nc, 0);
  std::vector<std::vector<PainExampleRef>> examples(nc);
  std::vector<std::unordered_map<uint32_t, int64_t>> cues(nc);
  std::unordered_map<uint32_t, std::pair<int64_t, int64_t>> terms;
  int64_t texts = 0, with = 0;
  for (const Entry& e : entries_) {
    if (!e.live || e.day < q.window_from_day || e.day > q.to_day) continue;
    const Worker& w = workers_[e.worker];
    if (w.division == kNone || area_of[w.division] == -2) continue;
    const bool pain = e.category != kNoCategory;
    if (pain) {
      if (months && e.day >= q.month_starts.front() && e.day < q.month_starts.back()) {
        auto m = std::upper_bound(q.month_starts.begin(), q.month_starts.end(), e.day) - q.month_starts.begin() - 1;
        ++series[e.category * months + static_cast<size_t>(m)];
      }
      if (e.day >= q.before_from_day)
        for (uint16_t i = 0; i < e.words; ++i) {
          auto& t = terms[pool_[e.words_at + i]];
          (e.day >= q.recent_from_day ? t.first : t.second)++;
        }
    }
    if (e.day < q.from_day) continue;
    ++texts;
    ++by_source[e.source];
    if (!pain) continue;
    ++with;
    ++counts[e.category];
    auto& ex = examples[e.category];
    PainExampleRef ref{static_cast<PainSource>(e.source), e.id, e.day};
    if (ex.size() < 3 || pain_newer(ref, ex.back())) {
      ex.insert(std::upper_bound(ex.begin(), ex.end(), ref, pain_newer), ref);
      if (ex.size() > 3) ex.pop_back();
    }
    for (uint16_t i = 0; i < e.cues; ++i) ++cues[e.category][pool_[e.cues_at + i]];
    if (int32_t a = area_of[w.division]; a >= 0) ++by_area[static_cast<size_t>(a) * nc + e.category];
    ++by_occupation[(w.occupation == kNone ? occupations_.size() : w.occupation) * nc + e.category];
  }

  PainTally out;
  out.texts = texts;
  out.with_pain_point = with;
  for (size_t s = 0; s < 4; ++s)
    if (by_source[s]) out.by_source[kPainSourceNames[s]] = by_source[s];
  for (size_t c = 0; c < nc; ++c) {
    const std::string code(cats[c].code);
    if (counts[c]) out.counts[code] = counts[c];
    auto first = series.begin() + static_cast<std::ptrdiff_t>(c * months);
    if (std::any_of(first, first + static_cast<std::ptrdiff_t>(months), [](int64_t v) { return v != 0; }))
      out.series[code].assign(first, first + static_cast<std::ptrdiff_t>(months));
    if (!examples[c].empty()) out.examples[code] = examples[c];
    for (const auto& [t, n] : cues[c]) out.cue_counts[code][terms_[t]] = n;
    for (size_t a = 0; a < areas.size(); ++a)
      if (int64_t n = by_area[a * nc + c]) out.by_area[areas[a]][code] = n;
    for (size_t o = 0; o <= occupations_.size(); ++o)
      if (int64_t n = by_occupation[o * nc + c]) out.by_occupation[o < occupations_.size() ? occupations_[o] : ""][code] = n;
  }
  for (const auto& [t, rb] : terms) out.terms[terms_[t]] = rb;
  return out;
}

}  // namespace jz::supervision
