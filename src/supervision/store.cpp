#include "supervision/store.hpp"

#include "credit/dates.hpp"

namespace jz::supervision::store {
namespace {

constexpr int64_t kPage = 100000;

// Day number of the date an ISO timestamp or date starts with; `missing` for NULL or an unreadable value.
int32_t day_of(const db::Row& r, size_t i, int32_t missing = kNoDay) {
  if (r.is_null(i)) return missing;
  std::string s = r.get_text(i);
  auto d = credit::day_number(std::string_view(s).substr(0, 10));
  return d ? static_cast<int32_t>(*d) : missing;
}

// Runs `select` (ending in a WHERE clause's first condition, e.g. "… WHERE 1 = 1") for every row: by pages of
// `key` for a full load (since empty), else for the rows whose `stamp` is at or after `since`.
void each_row(db::Connection& conn, const std::string& select, const std::string& key, const std::string& stamp,
              const std::string& since, const std::function<void(const db::Row&)>& fn, const Stop& stop) {
  if (!since.empty()) {
    for (const auto& r : conn.query(select + " AND " + stamp + " >= ?", {since})) fn(r);
    return;
  }
  int64_t after = 0;
  for (;;) {
    auto rows = conn.query(select + " AND " + key + " > ? ORDER BY " + key + " LIMIT ?", {after, kPage});
    for (const auto& r : rows) {
      fn(r);
      after = r.get_int(0);
    }
    if (static_cast<int64_t>(rows.size()) < kPage || (stop && stop())) return;
  }
}

}  // namespace

void load_workers(db::Connection& conn, const std::string& since, const std::function<void(const WorkerFact&)>& fn,
                  const Stop& stop) {
  each_row(
      conn,
      "SELECT id, current_division_code, created_at, identity_status, poverty_alleviated FROM workers WHERE 1 = 1",
      "id", "updated_at", since,
      [&](const db::Row& r) {
        fn(WorkerFact{r.get_int(0), r.get_text(1), day_of(r, 2, 0), r.get_text(3) == "verified", r.get_bool(4)});
      },
      stop);
}

void load_enterprises(db::Connection& conn, const std::string& since,
                      const std::function<void(const EnterpriseFact&)>& fn, const Stop& stop) {
  each_row(
      conn,
      "SELECT id, division_code, created_at, model, listing_status, is_leading FROM enterprises WHERE 1 = 1", "id",
      "updated_at", since,
      [&](const db::Row& r) {
        EnterpriseFact f{r.get_int(0), r.get_text(1), day_of(r, 2, 0)};
        std::string model = r.get_text(3), listing = r.get_text(4);
        f.model = model == "intermediary" ? EnterpriseModel::intermediary
                  : model == "mixed"      ? EnterpriseModel::mixed
                                          : EnterpriseModel::employee_based;
        f.listing = listing == "approved"    ? Listing::approved
                    : listing == "suspended" ? Listing::suspended
                                             : Listing::applied;
        f.leading = r.get_bool(5);
        fn(f);
      },
      stop);
}

void load_covers(db::Connection& conn, const std::string& since, const std::function<void(const CoverFact&)>& fn,
                 const Stop& stop) {
  each_row(
      conn,
      "SELECT id, worker_id, kind, occurred_on, valid_until, status FROM credit_entries "
      "WHERE kind IN ('health_check', 'insurance')",
      "id", "updated_at", since,
      [&](const db::Row& r) {
        fn(CoverFact{r.get_int(0), r.get_int(1),
                     r.get_text(2) == "insurance" ? CoverKind::insurance : CoverKind::health_check, day_of(r, 3),
                     day_of(r, 4), r.get_text(5) == "active"});
      },
      stop);
}

void load_certificates(db::Connection& conn, int64_t after_id, const std::string& since,
                       const std::function<void(const CertificateFact&)>& fn, const Stop& stop) {
  auto row = [&](const db::Row& r) {
    fn(CertificateFact{r.get_int(0), r.get_int(1), day_of(r, 2), day_of(r, 3, 0), day_of(r, 4)});
  };
  const std::string select =
      "SELECT id, worker_id, issued_on, expires_on, revoked_at FROM service_certificates WHERE 1 = 1";
  for (;;) {
    auto rows = conn.query(select + " AND id > ? ORDER BY id LIMIT ?", {after_id, kPage});
    for (const auto& r : rows) {
      row(r);
      after_id = r.get_int(0);
    }
    if (static_cast<int64_t>(rows.size()) < kPage || (stop && stop())) break;
  }
  if (!since.empty())
    for (const auto& r : conn.query(select + " AND revoked_at >= ?", {since})) row(r);
}

void load_employments(db::Connection& conn, const std::string& since,
                      const std::function<void(const EmploymentFact&)>& fn, const Stop& stop) {
  each_row(
      conn,
      "SELECT entry_id, worker_id, start_date, end_date, monthly_wage, place_province_code, place_division_code, "
      "status FROM employments WHERE 1 = 1",
      "entry_id", "updated_at", since,
      [&](const db::Row& r) {
        EmploymentFact f;
        f.id = r.get_int(0);
        f.worker_id = r.get_int(1);
        f.start_day = day_of(r, 2, 0);
        f.end_day = day_of(r, 3);
        if (!r.is_null(4)) f.monthly_wage = static_cast<int32_t>(r.get_int(4));
        f.place_province = r.get_text(5);
        std::string place = r.get_text(6);
        if (place.size() >= 4) f.place_prefecture = place.substr(0, 4);
        f.active = r.get_text(7) == "active";
        fn(f);
      },
      stop);
}

void load_reviews(db::Connection& conn, int64_t after_id, const std::function<void(const ReviewFact&)>& fn,
                  const Stop& stop) {
  for (;;) {
    auto rows = conn.query(
        "SELECT id, worker_id, created_at, skill + attitude + punctuality + hygiene FROM reviews WHERE id > ? "
        "ORDER BY id LIMIT ?",
        {after_id, kPage});
    for (const auto& r : rows) {
      fn(ReviewFact{r.get_int(0), r.get_int(1), day_of(r, 2, 0), static_cast<int>(r.get_int(3))});
      after_id = r.get_int(0);
    }
    if (static_cast<int64_t>(rows.size()) < kPage || (stop && stop())) return;
  }
}

void load_complaints(db::Connection& conn, const std::string& since,
                     const std::function<void(const ComplaintFact&)>& fn, const Stop& stop) {
  each_row(
      conn, "SELECT id, worker_id, created_at, status, updated_at FROM complaints WHERE 1 = 1", "id", "updated_at",
      since,
      [&](const db::Row& r) {
        std::string status = r.get_text(3);
        ComplaintFact f{r.get_int(0), r.get_int(1), day_of(r, 2, 0)};
        f.status = status == "upheld"          ? ComplaintStatus::upheld
                   : status == "rejected"      ? ComplaintStatus::rejected
                   : status == "investigating" ? ComplaintStatus::investigating
                                               : ComplaintStatus::received;
        if (f.status == ComplaintStatus::upheld || f.status == ComplaintStatus::rejected) f.closed_day = day_of(r, 4);
        fn(f);
      },
      stop);
}

void load_payments(db::Connection& conn, const std::string& since, const std::function<void(const PaymentFact&)>& fn,
                   const Stop& stop) {
  each_row(
      conn, "SELECT id, worker_id, settled_at, yuan FROM subsidy_payments WHERE status = 'paid'", "id",
      "settled_at", since,
      [&](const db::Row& r) { fn(PaymentFact{r.get_int(0), r.get_int(1), day_of(r, 2, 0), r.get_int(3)}); },
      stop);
}

}  // namespace jz::supervision::store
