#include "supervision/figures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "credit/dates.hpp"

namespace jz::supervision {

Figures& Figures::operator+=(const Figures& o) {
  for (auto [a, b] : {std::pair{&enterprises, &o.enterprises},
                      {&employee_based, &o.employee_based},
                      {&intermediary, &o.intermediary},
                      {&mixed, &o.mixed},
                      {&listed, &o.listed},
                      {&listing_applied, &o.listing_applied},
                      {&listing_suspended, &o.listing_suspended},
                      {&leading, &o.leading},
                      {&workers, &o.workers},
                      {&workers_new, &o.workers_new},
                      {&identity_verified, &o.identity_verified},
                      {&certified, &o.certified},
                      {&health_checked, &o.health_checked},
                      {&insured, &o.insured},
                      {&poverty_alleviated, &o.poverty_alleviated},
                      {&employed, &o.employed},
                      {&out_of_province, &o.out_of_province},
                      {&cross_prefecture, &o.cross_prefecture},
                      {&poverty_employed, &o.poverty_employed},
                      {&wage_count, &o.wage_count},
                      {&wage_sum, &o.wage_sum},
                      {&reviews, &o.reviews},
                      {&rating_sum, &o.rating_sum},
                      {&complaints, &o.complaints},
                      {&complaints_closed, &o.complaints_closed},
                      {&complaints_upheld, &o.complaints_upheld},
                      {&close_days_sum, &o.close_days_sum},
                      {&payments, &o.payments},
                      {&paid_yuan, &o.paid_yuan}})
    *a += *b;
  return *this;
}

uint16_t FiguresIndex::prefecture_index(const std::string& code) {
  auto it = prefecture_ids_.find(code);
  if (it != prefecture_ids_.end()) return it->second;
  auto i = static_cast<uint16_t>(prefectures_.size());
  prefectures_.push_back(code);
  prefecture_ids_.emplace(code, i);
  return i;
}

uint16_t FiguresIndex::county_index(const std::string& code) {
  auto it = county_ids_.find(code);
  if (it != county_ids_.end()) return it->second;
  auto i = static_cast<uint16_t>(counties_.size());
  counties_.push_back(code);
  county_ids_.emplace(code, i);
  county_prefecture_.push_back(prefecture_index(code.substr(0, std::min<size_t>(4, code.size()))));
  return i;
}

uint32_t FiguresIndex::worker_slot(int64_t id) {
  auto [it, added] = worker_slots_.emplace(id, static_cast<uint32_t>(workers_.size()));
  if (added) workers_.push_back(Worker{});
  return it->second;
}

template <class T, class F>
void FiguresIndex::put(std::unordered_map<int64_t, uint32_t>& slots, std::vector<T>& rows, int64_t id, F&& make) {
  auto [it, added] = slots.emplace(id, static_cast<uint32_t>(rows.size()));
  if (added)
    rows.push_back(make());
  else
    rows[it->second] = make();
}

void FiguresIndex::upsert(const WorkerFact& f) {
  std::unique_lock lk(mu_);
  uint32_t s = worker_slot(f.id);
  workers_[s] = Worker{county_index(f.county_code), f.created_day,
                       static_cast<uint8_t>((f.identity_verified ? 1 : 0) | (f.poverty_alleviated ? 2 : 0))};
}

void FiguresIndex::upsert(const EnterpriseFact& f) {
  std::unique_lock lk(mu_);
  uint16_t county = county_index(f.county_code);
  put(enterprise_slots_, enterprises_, f.id, [&] {
    return Enterprise{county, f.created_day, static_cast<uint8_t>(f.model), static_cast<uint8_t>(f.listing),
                      static_cast<uint8_t>(f.leading ? 1 : 0)};
  });
}

void FiguresIndex::upsert(const CoverFact& f) {
  std::unique_lock lk(mu_);
  uint32_t w = worker_slot(f.worker_id);
  put(cover_slots_, covers_, f.id, [&] {
    return Cover{w, f.from_day, f.to_day, static_cast<uint8_t>(f.kind), static_cast<uint8_t>(f.active ? 1 : 0)};
  });
}

void FiguresIndex::upsert(const CertificateFact& f) {
  std::unique_lock lk(mu_);
  uint32_t w = worker_slot(f.worker_id);
  put(certificate_slots_, certificates_, f.id,
      [&] { return Certificate{w, f.issued_day, f.expires_day, f.revoked_day}; });
}

void FiguresIndex::upsert(const EmploymentFact& f) {
  std::unique_lock lk(mu_);
  uint32_t w = worker_slot(f.worker_id);
  bool in_gansu = f.place_province == "62";
  uint16_t place = in_gansu && f.place_prefecture.size() == 4 ? prefecture_index(f.place_prefecture) : kNone;
  put(employment_slots_, employments_, f.id, [&] {
    return Employment{w,
                      f.start_day,
                      f.end_day,
                      f.monthly_wage ? *f.monthly_wage : -1,
                      place,
                      static_cast<uint8_t>(!in_gansu && !f.place_province.empty() ? 1 : 0),
                      static_cast<uint8_t>(f.active ? 1 : 0)};
  });
}

void FiguresIndex::upsert(const ReviewFact& f) {
  std::unique_lock lk(mu_);
  if (review_slots_.count(f.id)) return;
  uint32_t w = worker_slot(f.worker_id);
  review_slots_.emplace(f.id, static_cast<uint32_t>(reviews_.size()));
  reviews_.push_back(Review{w, f.day, static_cast<uint8_t>(f.rating_sum)});
}

void FiguresIndex::upsert(const ComplaintFact& f) {
  std::unique_lock lk(mu_);
  uint32_t w = worker_slot(f.worker_id);
  put(complaint_slots_, complaints_, f.id,
      [&] { return Complaint{w, f.created_day, f.closed_day, static_cast<uint8_t>(f.status)}; });
}

void FiguresIndex::upsert(const PaymentFact& f) {
  std::unique_lock lk(mu_);
  uint32_t w = worker_slot(f.worker_id);
  put(payment_slots_, payments_, f.id, [&] { return Payment{w, f.day, f.yuan}; });
}

size_t FiguresIndex::size() const {
  std::shared_lock lk(mu_);
  return workers_.size() + enterprises_.size() + covers_.size() + certificates_.size() + employments_.size() +
         reviews_.size() + complaints_.size() + payments_.size();
}

namespace {

// Month boundaries of a series: first days of `months` months from `from` (YYYY-MM) and the day after.
std::vector<int32_t> month_starts(const std::string& from, int months, std::vector<std::string>* names) {
  std::vector<int32_t> out;
  if (from.size() != 7 || months <= 0) return out;
  int y = std::stoi(from.substr(0, 4)), m = std::stoi(from.substr(5, 2));
  for (int i = 0; i <= months; ++i) {
    std::string ym = fmt::format("{:04}-{:02}", y, m);
    if (i < months) names->push_back(ym);
    out.push_back(static_cast<int32_t>(credit::day_number(ym + "-01").value_or(0)));
    if (++m == 13) m = 1, ++y;
  }
  return out;
}

}  // namespace

FiguresResult FiguresIndex::figures(const FiguresQuery& q) const {
  std::shared_lock lk(mu_);
  FiguresResult r;
  const bool by_county = !q.prefecture.empty();
  // The group of each county: its 市州 (province view) or itself (one 市州's counties); -1 outside the view.
  std::vector<int32_t> county_group(counties_.size(), -1);
  size_t ngroups = by_county ? counties_.size() : prefectures_.size();
  for (size_t c = 0; c < counties_.size(); ++c) {
    if (!by_county)
      county_group[c] = county_prefecture_[c];
    else if (prefectures_[county_prefecture_[c]] == q.prefecture)
      county_group[c] = static_cast<int32_t>(c);
  }
  std::vector<Figures> g(ngroups);
  std::vector<int32_t> wg(workers_.size(), -1);  // each worker's group
  for (size_t i = 0; i < workers_.size(); ++i)
    if (workers_[i].county != kNone) wg[i] = county_group[workers_[i].county];

  std::vector<std::string> month_names;
  std::vector<int32_t> months = month_starts(q.series_from, q.series_months, &month_names);
  std::vector<MonthFigures> series(month_names.size());
  for (size_t i = 0; i < series.size(); ++i) series[i].month = month_names[i];
  auto month_of = [&](int32_t day) -> MonthFigures* {
    if (months.empty() || day < months.front() || day >= months.back()) return nullptr;
    auto it = std::upper_bound(months.begin(), months.end(), day);
    return &series[static_cast<size_t>(it - months.begin() - 1)];
  };
  auto in_period = [&](int32_t day) { return day >= q.from_day && day <= q.to_day; };

  enum : uint8_t { kCert = 1, kHealth = 2, kInsured = 4, kEmployed = 8, kOut = 16, kCross = 32 };
  std::vector<uint8_t> mark(workers_.size(), 0);
  for (const auto& c : covers_)
    if (c.active && wg[c.worker] >= 0 && c.from <= q.as_of_day && q.as_of_day <= c.to)
      mark[c.worker] |= c.kind == static_cast<uint8_t>(CoverKind::health_check) ? kHealth : kInsured;
  for (const auto& c : certificates_)
    if (wg[c.worker] >= 0 && c.issued <= q.as_of_day && q.as_of_day <= c.expires && q.as_of_day < c.revoked)
      mark[c.worker] |= kCert;
  for (const auto& e : employments_) {
    int32_t grp = wg[e.worker];
    if (!e.active || grp < 0) continue;
    if (auto* m = month_of(e.start)) ++m->employments_started;
    if (e.start > q.to_day || e.end < q.from_day) continue;
    uint8_t bits = kEmployed;
    if (e.out) bits |= kOut;
    if (e.place != kNone && e.place != county_prefecture_[workers_[e.worker].county]) bits |= kCross;
    mark[e.worker] |= bits;
    if (e.wage >= 0) {
      ++g[grp].wage_count;
      g[grp].wage_sum += e.wage;
    }
  }
  for (size_t i = 0; i < workers_.size(); ++i) {
    if (wg[i] < 0) continue;
    const Worker& w = workers_[i];
    Figures& f = g[wg[i]];
    if (w.created <= q.as_of_day) {
      ++f.workers;
      if (w.flags & 1) ++f.identity_verified;
      if (w.flags & 2) ++f.poverty_alleviated;
    }
    if (in_period(w.created)) ++f.workers_new;
    if (auto* m = month_of(w.created)) ++m->workers_new;
    uint8_t b = mark[i];
    if (!b) continue;
    if (b & kCert) ++f.certified;
    if (b & kHealth) ++f.health_checked;
    if (b & kInsured) ++f.insured;
    if (b & kEmployed) {
      ++f.employed;
      if (w.flags & 2) ++f.poverty_employed;
    }
    if (b & kOut) ++f.out_of_province;
    if (b & kCross) ++f.cross_prefecture;
  }
  for (const auto& v : reviews_) {
    if (wg[v.worker] < 0) continue;
    if (auto* m = month_of(v.day)) ++m->reviews;
    if (!in_period(v.day)) continue;
    ++g[wg[v.worker]].reviews;
    g[wg[v.worker]].rating_sum += v.rating;
  }
  for (const auto& c : complaints_) {
    if (wg[c.worker] < 0) continue;
    Figures& f = g[wg[c.worker]];
    if (auto* m = month_of(c.created)) ++m->complaints;
    if (in_period(c.created)) ++f.complaints;
    if (c.closed != kNoDay && in_period(c.closed)) {
      ++f.complaints_closed;
      if (c.status == static_cast<uint8_t>(ComplaintStatus::upheld)) ++f.complaints_upheld;
      f.close_days_sum += c.closed - c.created;
    }
  }
  for (const auto& p : payments_) {
    if (wg[p.worker] < 0) continue;
    if (auto* m = month_of(p.day)) m->paid_yuan += p.yuan;
    if (!in_period(p.day)) continue;
    ++g[wg[p.worker]].payments;
    g[wg[p.worker]].paid_yuan += p.yuan;
  }
  for (const auto& e : enterprises_) {
    if (e.county == kNone || e.created > q.as_of_day) continue;
    int32_t grp = county_group[e.county];
    if (grp < 0) continue;
    Figures& f = g[grp];
    ++f.enterprises;
    switch (static_cast<EnterpriseModel>(e.model)) {
      case EnterpriseModel::employee_based: ++f.employee_based; break;
      case EnterpriseModel::intermediary: ++f.intermediary; break;
      case EnterpriseModel::mixed: ++f.mixed; break;
    }
    switch (static_cast<Listing>(e.listing)) {
      case Listing::approved: ++f.listed; break;
      case Listing::applied: ++f.listing_applied; break;
      case Listing::suspended: ++f.listing_suspended; break;
    }
    if (e.leading) ++f.leading;
  }
  for (size_t i = 0; i < g.size(); ++i) {
    if (g[i] == Figures{}) continue;
    r.total += g[i];
    r.groups.emplace(by_county ? counties_[i] : prefectures_[i], g[i]);
  }
  r.series = std::move(series);
  return r;
}

}  // namespace jz::supervision
