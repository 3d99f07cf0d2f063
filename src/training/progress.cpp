#include "training/progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "verify/token.hpp"

namespace jz::training {
namespace {

std::string fmt_month(int y, int m) {
  return fmt::format("{:04}-{:02}-01", y, m);
}

}  // namespace

Result<Period> parse_period(const std::optional<std::string>& period, const std::optional<std::string>& from,
                            const std::optional<std::string>& to) {
  Period p;
  if (period && !period->empty()) {
    const std::string& s = *period;
    bool digits4 =
        s.size() >= 4 && std::all_of(s.begin(), s.begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
    if (digits4 && s.size() == 4) {
      p.from = s + "-01-01";
      p.to = s + "-12-31";
      p.yearly = true;
    } else if (digits4 && s.size() == 7 && s[4] == '-') {
      p.from = s + "-01";
      auto first = verify::days_from_date(p.from);
      if (!first) return make_error("invalid_field", "period", "YYYY or YYYY-MM");
      int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2));
      std::string next = m == 12 ? std::to_string(y + 1) + "-01-01" : fmt_month(y, m + 1);
      p.to = verify::date_from_days(*verify::days_from_date(next) - 1);
    } else {
      return make_error("invalid_field", "period", "YYYY or YYYY-MM");
    }
    p.key = s;
  } else if (from && to) {
    p.from = *from;
    p.to = *to;
    p.key = *from + ".." + *to;
  } else {
    return make_error("missing_field", "period");
  }
  auto a = verify::days_from_date(p.from), b = verify::days_from_date(p.to);
  if (!a) return make_error("invalid_field", period ? "period" : "from", "YYYY-MM-DD");
  if (!b) return make_error("invalid_field", period ? "period" : "to", "YYYY-MM-DD");
  if (*b < *a) return make_error("invalid_field", "to", "not before from");
  if (*a < 0 || *b > 0xffff) return make_error("invalid_field", "period", "1970-2149");
  p.from_day = *a;
  p.to_day = *b;
  return p;
}

uint16_t ProgressIndex::intern(std::vector<std::string>& names,
                               std::unordered_map<std::string, uint16_t>& index, const std::string& name) {
  auto it = index.find(name);
  if (it != index.end()) return it->second;
  auto i = static_cast<uint16_t>(names.size());
  names.push_back(name);
  index.emplace(name, i);
  return i;
}

bool ProgressIndex::add(const CompletionFact& f) {
  std::unique_lock lock(mu_);
  if (f.id <= max_id_ - kReadBack) return false;  // older than anything a refresh reads back: seen
  if (f.id <= max_id_ && recent_ids_.count(f.id)) return false;
  Packed p{};
  p.day = static_cast<uint16_t>(std::clamp<int64_t>(f.day, 0, 0xffff));
  bool new_county = !county_index_.count(f.county_code);
  p.county = intern(counties_, county_index_, f.county_code);
  if (new_county) county_prefecture_.push_back(intern(prefectures_, prefecture_index_, f.prefecture_code));
  p.brand =
      f.brand_id ? static_cast<uint16_t>(intern(brands_, brand_index_, std::to_string(*f.brand_id)) + 1) : 0;
  p.occupation = static_cast<uint8_t>(intern(occupations_, occupation_index_, f.occupation_code));
  p.flags = static_cast<uint8_t>((f.woman ? 1 : 0) | (f.poverty_alleviated ? 2 : 0));
  facts_.push_back(p);
  recent_ids_.insert(f.id);
  if (f.id > max_id_) {
    max_id_ = f.id;
    recent_ids_.erase(recent_ids_.begin(), recent_ids_.lower_bound(max_id_ - kReadBack + 1));
  }
  return true;
}

Figures ProgressIndex::figures(int64_t from_day, int64_t to_day, const std::string& prefecture) const {
  std::shared_lock lock(mu_);
  struct C {
    int64_t t = 0, w = 0, p = 0;
  };
  std::vector<C> county(counties_.size()), occupation(occupations_.size()), brand(brands_.size() + 1);
  int only = -1;
  if (!prefecture.empty()) {
    auto it = prefecture_index_.find(prefecture);
    if (it == prefecture_index_.end()) return Figures{};
    only = it->second;
  }
  const uint16_t lo = static_cast<uint16_t>(std::clamp<int64_t>(from_day, 0, 0xffff));
  const uint16_t hi = static_cast<uint16_t>(std::clamp<int64_t>(to_day, 0, 0xffff));
  for (const Packed& f : facts_) {
    if (f.day < lo || f.day > hi) continue;
    if (only >= 0 && county_prefecture_[f.county] != only) continue;
    int64_t w = f.flags & 1, p = (f.flags >> 1) & 1;
    C& c = county[f.county];
    ++c.t, c.w += w, c.p += p;
    C& o = occupation[f.occupation];
    ++o.t, o.w += w, o.p += p;
    C& b = brand[f.brand];
    ++b.t, b.w += w, b.p += p;
  }
  Figures out;
  auto counts = [](const C& c) { return Counts{c.t, c.w, c.p}; };
  for (size_t i = 0; i < county.size(); ++i) {
    if (!county[i].t) continue;
    out.by_county[counties_[i]] = counts(county[i]);
    Counts& pc = out.by_prefecture[prefectures_[county_prefecture_[i]]];
    pc.total += county[i].t, pc.women += county[i].w, pc.poverty_alleviated += county[i].p;
    out.all.total += county[i].t, out.all.women += county[i].w, out.all.poverty_alleviated += county[i].p;
  }
  for (size_t i = 0; i < occupation.size(); ++i)
    if (occupation[i].t) out.by_occupation[occupations_[i]] = counts(occupation[i]);
  for (size_t i = 1; i < brand.size(); ++i)
    if (brand[i].t) out.by_brand[brands_[i - 1]] = counts(brand[i]);
  return out;
}

int64_t ProgressIndex::max_id() const {
  std::shared_lock lock(mu_);
  return max_id_;
}

size_t ProgressIndex::size() const {
  std::shared_lock lock(mu_);
  return facts_.size();
}

std::map<std::string, int64_t> split_by_share(int64_t total, const std::map<std::string, int64_t>& weights) {
  std::map<std::string, int64_t> out;
  int64_t sum = 0;
  for (const auto& [code, w] : weights) sum += std::max<int64_t>(w, 0);
  if (sum == 0) return out;
  struct Rest {
    std::string code;
    __int128 remainder;
  };
  std::vector<Rest> rests;
  int64_t given = 0;
  for (const auto& [code, w] : weights) {
    __int128 exact = static_cast<__int128>(total) * std::max<int64_t>(w, 0);
    int64_t part = static_cast<int64_t>(exact / sum);
    out[code] = part;
    given += part;
    rests.push_back({code, exact % sum});
  }
  std::stable_sort(rests.begin(), rests.end(),
                   [](const Rest& a, const Rest& b) { return a.remainder > b.remainder; });
  for (size_t i = 0; given < total && i < rests.size(); ++i, ++given) ++out[rests[i].code];
  return out;
}

int64_t project(int64_t count, const Period& p, int64_t today_day) {
  if (today_day < p.from_day) return 0;
  if (today_day >= p.to_day) return count;
  int64_t elapsed = today_day - p.from_day + 1, length = p.to_day - p.from_day + 1;
  return (count * length + elapsed - 1) / elapsed;
}

}  // namespace jz::training
