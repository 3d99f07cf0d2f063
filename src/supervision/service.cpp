#include "supervision/service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "credit/dates.hpp"
#include "supervision/store.hpp"
#include "training/service.hpp"

namespace jz::supervision {

Result<training::Period> parse_dashboard_period(const std::optional<std::string>& period,
                                                const std::optional<std::string>& from,
                                                const std::optional<std::string>& to) {
  if (period && period->size() == 7 && (*period)[4] == '-' && ((*period)[5] == 'Q' || (*period)[5] == 'q')) {
    const std::string& s = *period;
    bool year_ok = std::all_of(s.begin(), s.begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
    int q = s[6] - '0';
    if (!year_ok || q < 1 || q > 4) return make_error("invalid_field", "period", "YYYY, YYYY-Qn or YYYY-MM");
    int first = (q - 1) * 3 + 1;
    std::string last_month = fmt::format("{}-{:02}", s.substr(0, 4), first + 2);
    auto month = training::parse_period(last_month, std::nullopt, std::nullopt);
    if (!month) return month.error();
    auto p = training::parse_period(std::nullopt, fmt::format("{}-{:02}-01", s.substr(0, 4), first), month->to);
    if (!p) return p.error();
    p->key = s.substr(0, 5) + "Q" + s.substr(6);
    return p;
  }
  return training::parse_period(period, from, to);
}

Service::Service(db::Database& db, const reference::DivisionCatalog& catalog,
                 std::shared_ptr<training::Service> training)
    : db_(db), catalog_(catalog), training_(std::move(training)) {}

Service::~Service() {
  stopping_ = true;
  if (preload_.joinable()) preload_.join();
}

void Service::preload() {
  if (preload_.joinable()) return;
  preload_ = std::thread([this] {
    try {
      refresh();
    } catch (const std::exception&) {
      // The first dashboard request loads it instead (and reports what went wrong).
    }
  });
}

void Service::refresh() {
  std::lock_guard lk(refresh_mu_);
  auto started = Clock::now();
  const std::string since = loaded_ ? format_utc(last_refresh_start_ - kLookBack) : std::string();
  store::Stop stop = [this] { return stopping_.load(); };
  auto conn = db_.acquire();
  store::load_workers(*conn, since, [this](const WorkerFact& f) { index_.upsert(f); }, stop);
  store::load_enterprises(*conn, since, [this](const EnterpriseFact& f) { index_.upsert(f); }, stop);
  store::load_covers(*conn, since, [this](const CoverFact& f) { index_.upsert(f); }, stop);
  store::load_certificates(
      *conn, std::max<int64_t>(0, max_certificate_id_ - kReadBack), since,
      [this](const CertificateFact& f) {
        index_.upsert(f);
        max_certificate_id_ = std::max(max_certificate_id_, f.id);
      },
      stop);
  store::load_employments(*conn, since, [this](const EmploymentFact& f) { index_.upsert(f); }, stop);
  store::load_reviews(
      *conn, std::max<int64_t>(0, max_review_id_ - kReadBack),
      [this](const ReviewFact& f) {
        index_.upsert(f);
        max_review_id_ = std::max(max_review_id_, f.id);
      },
      stop);
  store::load_complaints(*conn, since, [this](const ComplaintFact& f) { index_.upsert(f); }, stop);
  store::load_payments(*conn, since, [this](const PaymentFact& f) { index_.upsert(f); }, stop);
  if (stopping_) return;  // an interrupted load is not a loaded index
  last_refresh_start_ = started;
  loaded_ = true;
}

Result<Dashboard> Service::dashboard(const security::Principal& p, const training::Period& period,
                                     const std::string& prefecture) {
  if (!p.is_official()) return make_error("out_of_scope");
  std::string scope = prefecture;
  if (!p.sees_whole_province()) {
    std::string mine = p.division_code.substr(0, std::min<size_t>(4, p.division_code.size()));
    if (mine.size() != 4) return make_error("out_of_scope");
    if (!scope.empty() && scope != mine) return make_error("out_of_scope", "prefecture");
    scope = mine;
  }
  if (!scope.empty()) {
    const auto* d = catalog_.find(scope);
    if (!d || d->level != 2 || d->parent_code != "62") return make_error("invalid_field", "prefecture", "a 市州 code");
  }
  refresh();
  Dashboard out;
  out.period = period;
  out.prefecture = scope;
  std::string today = today_utc();
  out.as_of = std::min(today, period.to);
  FiguresQuery q;
  q.from_day = static_cast<int32_t>(period.from_day);
  q.to_day = static_cast<int32_t>(period.to_day);
  q.as_of_day = static_cast<int32_t>(credit::day_number(out.as_of).value_or(period.to_day));
  q.prefecture = scope;
  // The series: the 12 months that end with the period's last month.
  int y = std::stoi(period.to.substr(0, 4)), m = std::stoi(period.to.substr(5, 2));
  q.series_from = m == 12 ? fmt::format("{:04}-01", y) : fmt::format("{:04}-{:02}", y - 1, m + 1);
  q.series_months = 12;
  out.figures = index_.figures(q);
  out.facts = index_.size();

  if (training_) {
    auto progress = training_->progress(p, period);
    if (!progress) return progress.error();
    const auto& src = scope.empty() ? progress->figures.by_prefecture : progress->figures.by_county;
    for (const auto& [code, counts] : src) {
      if (!scope.empty() && code.rfind(scope, 0) != 0) continue;
      out.trainee_times[code] = counts.total;
      out.trainee_total += counts.total;
    }
    for (const auto& pp : progress->prefectures) {
      if (!scope.empty() && pp.code != scope) continue;
      if (scope.empty()) out.trainee_targets[pp.code] = pp.target;
      out.trainee_target += pp.target;
    }
  }
  return out;
}

}  // namespace jz::supervision
