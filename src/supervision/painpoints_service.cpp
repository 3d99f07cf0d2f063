#include "supervision/painpoints_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "credit/dates.hpp"
#include "supervision/painpoints_store.hpp"

namespace jz::supervision {
namespace {

// "YYYY-MM" of `months_back` months before the month of `date` (YYYY-MM-DD).
std::string month_minus(const std::string& date, int months_back) {
  int y = std::atoi(date.substr(0, 4).c_str()), m = std::atoi(date.substr(5, 2).c_str());
  int idx = y * 12 + (m - 1) - months_back;
  return fmt::format("{:04d}-{:02d}", idx / 12, idx % 12 + 1);
}

int32_t day_of(const std::string& date) { return static_cast<int32_t>(credit::day_number(date).value_or(0)); }

// The report's frame (its 12 months) and the index query of `period` within `prefecture`.
PainQuery frame(const training::Period& period, const std::string& prefecture, PainPointReport& out) {
  out.period = period;
  out.prefecture = prefecture;
  for (int k = 11; k >= 0; --k) out.months.push_back(month_minus(period.to, k));
  PainQuery q;
  q.from_day = static_cast<int32_t>(period.from_day);
  q.to_day = static_cast<int32_t>(period.to_day);
  for (const auto& m : out.months) q.month_starts.push_back(day_of(m + "-01"));
  q.month_starts.push_back(day_of(month_minus(period.to, -1) + "-01"));
  q.window_from_day = std::min(q.month_starts.front(), q.from_day);
  q.before_from_day = q.month_starts[6];
  q.recent_from_day = q.month_starts[9];
  q.prefix = prefecture.empty() ? "62" : prefecture;
  q.area_digits = prefecture.empty() ? 4 : 6;
  return q;
}

PainSource source_of(const std::string& name) {
  for (size_t i = 0; i < 4; ++i)
    if (name == kPainSourceNames[i]) return static_cast<PainSource>(i);
  return PainSource::review;
}

// The report from its tally: examples read (`text`: the text of a source row) and masked, cues and rising terms
// ranked.
void finish(PainTally&& t, PainPointReport& out,
            const std::function<std::optional<std::string>(const PainExampleRef&)>& text) {
  out.texts = t.texts;
  out.with_pain_point = t.with_pain_point;
  out.by_source = std::move(t.by_source);
  out.by_area = std::move(t.by_area);
  out.by_occupation = std::move(t.by_occupation);
  for (const auto& c : categories()) {
    PainCategoryFigures f;
    f.code = std::string(c.code);
    f.count = t.counts[f.code];
    f.series = t.series[f.code];
    f.series.resize(out.months.size(), 0);
    for (const auto& ref : t.examples[f.code])
      if (auto s = text(ref))
        f.examples.push_back({kPainSourceNames[static_cast<size_t>(ref.source)], credit::date_of_day(ref.day),
                              mask_text(*s)});
    auto& counts = t.cue_counts[f.code];
    std::vector<std::pair<std::string, int64_t>> cues(counts.begin(), counts.end());
    std::sort(cues.begin(), cues.end(),
              [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    if (cues.size() > 5) cues.resize(5);
    f.cues = std::move(cues);
    out.categories.push_back(std::move(f));
  }
  for (const auto& [term, rb] : t.terms) {
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
}

}  // namespace

PainPointService::~PainPointService() {
  stopping_ = true;
  if (preload_.joinable()) preload_.join();
}

void PainPointService::preload() {
  if (preload_.joinable()) return;
  preload_ = std::thread([this] {
    try {
      refresh();
    } catch (const std::exception&) {
      // The first report loads it instead (and reports what went wrong).
    }
  });
}

void PainPointService::refresh() {
  std::lock_guard lk(refresh_mu_);
  auto started = Clock::now();
  const std::string since = loaded_ ? format_utc(last_refresh_start_ - kLookBack) : std::string();
  painpoints_store::Stop stop = [this] { return stopping_.load(); };
  const auto& classifier = PainPointClassifier::instance();
  auto conn = db_.acquire();
  painpoints_store::load_text_workers(
      *conn, since,
      [this](int64_t id, const std::string& division, const std::string& occupation) {
        index_.upsert(PainWorkerFact{id, division, occupation});
      },
      stop);
  // Reviews, complaints and disputes are never changed once written: each is classified once.
  const char* sources[] = {"review", "complaint", "dispute"};
  for (size_t i = 0; i < 3; ++i) {
    const PainSource source = source_of(sources[i]);
    painpoints_store::load_texts(
        *conn, sources[i], std::max<int64_t>(0, max_id_[i] - kReadBack),
        [&](const painpoints_store::TextRow& r) {
          max_id_[i] = std::max(max_id_[i], r.id);
          if (index_.contains(source, r.id)) return;
          auto c = classifier.classify(r.text, side_of_source(sources[i]));
          index_.upsert(source, r.id, r.worker_id, day_of(r.day), &c);
        },
        stop);
  }
  painpoints_store::load_survey_texts(
      *conn, since,
      [&](const painpoints_store::TextRow& r) {
        if (r.text.empty()) return index_.upsert(PainSource::survey, r.id, r.worker_id, day_of(r.day), nullptr);
        auto c = classifier.classify(r.text, Side::worker);
        index_.upsert(PainSource::survey, r.id, r.worker_id, day_of(r.day), &c);
      },
      stop);
  if (stopping_) return;  // an interrupted load is not a loaded index
  last_refresh_start_ = started;
  loaded_ = true;
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
  refresh();
  PainPointReport out;
  PainQuery q = frame(period, prefecture, out);
  PainTally t = index_.tally(q);
  auto conn = db_.acquire();
  for (auto& [code, name] : painpoints_store::occupation_names(*conn)) out.occupation_names[code] = name;
  finish(std::move(t), out, [&](const PainExampleRef& ref) {
    return painpoints_store::text_of(*conn, kPainSourceNames[static_cast<size_t>(ref.source)], ref.id);
  });
  return out;
}

PainPointReport recompute_painpoints(db::Connection& conn, const training::Period& period,
                                     const std::string& prefecture) {
  PainPointReport out;
  PainQuery q = frame(period, prefecture, out);
  auto texts = painpoints_store::texts(conn, credit::date_of_day(q.window_from_day), period.to, q.prefix);
  for (auto& [code, name] : painpoints_store::occupation_names(conn)) out.occupation_names[code] = name;
  const auto& classifier = PainPointClassifier::instance();
  PainTally t;
  std::map<std::pair<std::string, int64_t>, std::string> by_ref;  // (source, id) → text
  for (const auto& x : texts) {
    const Classified c = classifier.classify(x.text, side_of_source(x.source));
    const int32_t day = day_of(x.day);
    const std::string month = x.day.substr(0, 7);
    if (c.category != "none") {
      auto m = std::find(out.months.begin(), out.months.end(), month);
      if (m != out.months.end()) {
        auto& s = t.series[c.category];
        s.resize(out.months.size(), 0);
        ++s[static_cast<size_t>(m - out.months.begin())];
      }
      if (month >= out.months[6]) {
        std::set<std::string> once;
        for (const auto& w : c.words)
          if (pain_term_worth_it(w) && once.insert(w).second)
            (month >= out.months[9] ? t.terms[w].first : t.terms[w].second)++;
      }
    }
    if (day < q.from_day || day > q.to_day) continue;
    ++t.texts;
    ++t.by_source[x.source];
    if (c.category == "none") continue;
    ++t.with_pain_point;
    ++t.counts[c.category];
    t.examples[c.category].push_back(PainExampleRef{source_of(x.source), x.id, day});
    by_ref[{x.source, x.id}] = x.text;
    for (const auto& cue : c.cues) ++t.cue_counts[c.category][cue];
    if (x.division.size() >= q.area_digits) ++t.by_area[x.division.substr(0, q.area_digits)][c.category];
    ++t.by_occupation[x.occupation][c.category];
  }
  for (auto& [code, refs] : t.examples) {
    std::sort(refs.begin(), refs.end(), pain_newer);
    if (refs.size() > 3) refs.resize(3);
  }
  finish(std::move(t), out, [&](const PainExampleRef& ref) -> std::optional<std::string> {
    auto it = by_ref.find({kPainSourceNames[static_cast<size_t>(ref.source)], ref.id});
    if (it == by_ref.end()) return std::nullopt;
    return it->second;
  });
  return out;
}

}  // namespace jz::supervision
