#include "supervision/painpoints_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "supervision/painpoints_store.hpp"

namespace jz::supervision {
namespace {

// "YYYY-MM" of `months_back` months before the month of `date` (YYYY-MM-DD).
std::string month_minus(const std::string& date, int months_back) {
  int y = std::atoi(date.substr(0, 4).c_str()), m = std::atoi(date.substr(5, 2).c_str());
  int idx = y * 12 + (m - 1) - months_back;
  return fmt::format("{:04d}-{:02d}", idx / 12, idx % 12 + 1);
}

// A word worth following: two characters or more, not only digits or Latin letters.
bool term_worth_it(const std::string& w) {
  if (w.size() < 6) return false;  // fewer than two CJK characters
  return std::any_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

}  // namespace

const Classified& PainPointService::classified(const std::string& text, Side side) {
  std::string key = (side == Side::worker ? "w:" : "h:") + text;
  std::lock_guard lock(mu_);
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  if (cache_.size() >= kCacheLimit) cache_.clear();  // rare: a fresh start is cheaper than an LRU here
  return cache_.emplace(key, PainPointClassifier::instance().classify(text, side)).first->second;
}

Result<PainPointReport> PainPointService::report(const security::Principal& p, const training::Period& period,
                                                 std::string prefecture) {
  if (!p.sees_whole_province()) {
    std::string own = p.division_code.substr(0, 4);
    if (own.size() != 4) return make_error("out_of_scope");
    if (!prefecture.empty() && prefecture != own) return make_error("out_of_scope", "prefecture");
    prefecture = own;
  }
  if (!prefecture.empty() && (prefecture.size() != 4 || prefecture.substr(0, 2) != "62"))
    return make_error("invalid_field", "prefecture");
  PainPointReport out;
  out.period = period;
  out.prefecture = prefecture;
  for (int k = 11; k >= 0; --k) out.months.push_back(month_minus(period.to, k));
  const std::string window_from = out.months.front() + "-01";
  const std::string from = std::min(window_from, period.from);
  std::vector<painpoints_store::Text> texts;
  {
    auto conn = db_.acquire();
    texts = painpoints_store::texts(*conn, from, period.to, prefecture.empty() ? "62" : prefecture);
    for (auto& [code, name] : painpoints_store::occupation_names(*conn)) out.occupation_names[code] = name;
  }
  std::map<std::string, PainCategoryFigures> cats;
  for (const auto& c : categories()) {
    PainCategoryFigures f;
    f.code = std::string(c.code);
    f.series.assign(out.months.size(), 0);
    cats[f.code] = std::move(f);
  }
  std::map<std::string, std::map<std::string, int64_t>> cue_counts;
  std::map<std::string, std::pair<int64_t, int64_t>> terms;  // term → (recent, before)
  const std::string recent_from = out.months[9], before_from = out.months[6];
  std::vector<const painpoints_store::Text*> newest;
  for (const auto& t : texts) newest.push_back(&t);
  std::sort(newest.begin(), newest.end(), [](auto* a, auto* b) { return a->day != b->day ? a->day > b->day : a->id > b->id; });
  const size_t area_digits = prefecture.empty() ? 4 : 6;
  for (const auto* t : newest) {
    const Classified& c = classified(t->text, side_of_source(t->source));
    const std::string month = t->day.substr(0, 7);
    const bool in_period = t->day >= period.from && t->day <= period.to;
    if (c.category != "none") {
      auto& f = cats[c.category];
      auto m = std::find(out.months.begin(), out.months.end(), month);
      if (m != out.months.end()) ++f.series[static_cast<size_t>(m - out.months.begin())];
      // Words of pain-point texts, for the fastest-rising terms.
      if (month >= before_from) {
        std::set<std::string> once;
        for (const auto& w : c.words)
          if (term_worth_it(w) && once.insert(w).second) (month >= recent_from ? terms[w].first : terms[w].second)++;
      }
    }
    if (!in_period) continue;
    ++out.texts;
    ++out.by_source[t->source];
    if (c.category == "none") continue;
    ++out.with_pain_point;
    auto& f = cats[c.category];
    ++f.count;
    if (f.examples.size() < 3) f.examples.push_back({t->source, t->day, mask_text(t->text)});
    for (const auto& cue : c.cues) ++cue_counts[c.category][cue];
    if (t->division.size() >= area_digits) ++out.by_area[t->division.substr(0, area_digits)][c.category];
    ++out.by_occupation[t->occupation][c.category];
  }
  for (const auto& c : categories()) {
    auto& f = cats[std::string(c.code)];
    std::vector<std::pair<std::string, int64_t>> cues(cue_counts[f.code].begin(), cue_counts[f.code].end());
    std::sort(cues.begin(), cues.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    if (cues.size() > 5) cues.resize(5);
    f.cues = std::move(cues);
    out.categories.push_back(std::move(f));
  }
  for (const auto& [term, rb] : terms) {
    if (rb.first < 2) continue;
    double growth = static_cast<double>(rb.first + 1) / static_cast<double>(rb.second + 1);
    if (growth <= 1.0) continue;
    out.rising.push_back({term, rb.first, rb.second, growth});
  }
  std::sort(out.rising.begin(), out.rising.end(), [](const RisingTerm& a, const RisingTerm& b) {
    if (a.growth != b.growth) return a.growth > b.growth;
    if (a.recent != b.recent) return a.recent > b.recent;
    return a.term < b.term;
  });
  if (out.rising.size() > 10) out.rising.resize(10);
  return out;
}

}  // namespace jz::supervision
