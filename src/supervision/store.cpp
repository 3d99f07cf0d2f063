#include "supervision/store.hpp"

#include <stdexcept>

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
  each_page(conn, select, key, 0, fn, stop);
}

}  // namespace

void each_page(db::Connection& conn, const std::string& select, const std::string& key, int64_t after,
               const std::function<void(const db::Row&)>& fn, const Stop& stop) {
  for (;;) {
    auto rows = conn.query(select + " AND " + key + " > ? ORDER BY " + key + " LIMIT ?", {after, kPage});
    for (const auto& r : rows) {
      fn(r);
      after = r.get_int(0);
    }
    if (static_cast<int64_t>(rows.size()) < kPage || (stop && stop())) return;
  }
}

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

namespace jz::supervision::store {

std::map<std::string, Figures> sql_figures(db::Connection& conn, const std::string& from, const std::string& to,
                                           const std::string& as_of, int digits, const std::string& prefix) {
  std::map<std::string, Figures> out;
  const std::string n = std::to_string(digits);
  const std::string g = "SUBSTR(w.current_division_code, 1, " + n + ")";
  const std::string in = " AND w.current_division_code LIKE ?";
  const std::string like = prefix + "%";
  // Days from a complaint's receipt to its decision: the dialects differ in date arithmetic.
  const std::string days =
      conn.dialect() == db::Dialect::postgres
          ? "CAST(SUBSTR(c.updated_at, 1, 10) AS DATE) - CAST(SUBSTR(c.created_at, 1, 10) AS DATE)"
          : "CAST(julianday(SUBSTR(c.updated_at, 1, 10)) - julianday(SUBSTR(c.created_at, 1, 10)) AS INTEGER)";
  auto each = [&](const std::string& sql, const db::Params& params,
                  const std::function<void(Figures&, const db::Row&)>& fn) {
    for (const auto& r : conn.query(sql, params)) fn(out[r.get_text(0)], r);
  };
  each("SELECT " + g + ", COUNT(*), SUM(CASE WHEN identity_status = 'verified' THEN 1 ELSE 0 END), "
       "SUM(poverty_alleviated) FROM workers w WHERE SUBSTR(created_at, 1, 10) <= ?" + in + " GROUP BY " + g,
       {as_of, like}, [](Figures& f, const db::Row& r) {
         f.workers = r.get_int(1);
         f.identity_verified = r.get_int(2);
         f.poverty_alleviated = r.get_int(3);
       });
  each("SELECT " + g + ", COUNT(*) FROM workers w WHERE SUBSTR(created_at, 1, 10) BETWEEN ? AND ?" + in +
           " GROUP BY " + g,
       {from, to, like}, [](Figures& f, const db::Row& r) { f.workers_new = r.get_int(1); });
  each("SELECT " + g + ", COUNT(DISTINCT c.worker_id) FROM service_certificates c JOIN workers w ON w.id = "
       "c.worker_id WHERE c.issued_on <= ? AND c.expires_on >= ? AND (c.revoked_at IS NULL OR "
       "SUBSTR(c.revoked_at, 1, 10) > ?)" + in + " GROUP BY " + g,
       {as_of, as_of, as_of, like}, [](Figures& f, const db::Row& r) { f.certified = r.get_int(1); });
  for (const char* kind : {"health_check", "insurance"}) {
    bool health = std::string_view(kind) == "health_check";
    each("SELECT " + g + ", COUNT(DISTINCT e.worker_id) FROM credit_entries e JOIN workers w ON w.id = "
         "e.worker_id WHERE e.kind = ? AND e.status = 'active' AND e.occurred_on <= ? AND (e.valid_until IS NULL "
         "OR e.valid_until >= ?)" + in + " GROUP BY " + g,
         {std::string(kind), as_of, as_of, like},
         [health](Figures& f, const db::Row& r) { (health ? f.health_checked : f.insured) = r.get_int(1); });
  }
  const std::string overlapping = " FROM employments m JOIN workers w ON w.id = m.worker_id WHERE m.status = "
                                  "'active' AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?)" + in;
  each("SELECT " + g + ", COUNT(DISTINCT m.worker_id), COUNT(m.monthly_wage), "
       "CAST(COALESCE(SUM(m.monthly_wage), 0) AS BIGINT)" + overlapping + " GROUP BY " + g,
       {to, from, like}, [](Figures& f, const db::Row& r) {
         f.employed = r.get_int(1);
         f.wage_count = r.get_int(2);
         f.wage_sum = r.get_int(3);
       });
  each("SELECT " + g + ", COUNT(DISTINCT m.worker_id)" + overlapping +
           " AND m.place_province_code NOT IN ('62', '') GROUP BY " + g,
       {to, from, like}, [](Figures& f, const db::Row& r) { f.out_of_province = r.get_int(1); });
  each("SELECT " + g + ", COUNT(DISTINCT m.worker_id)" + overlapping +
           " AND m.place_province_code = '62' AND LENGTH(m.place_division_code) >= 4 AND "
           "SUBSTR(m.place_division_code, 1, 4) <> SUBSTR(w.current_division_code, 1, 4) GROUP BY " + g,
       {to, from, like}, [](Figures& f, const db::Row& r) { f.cross_prefecture = r.get_int(1); });
  each("SELECT " + g + ", COUNT(DISTINCT m.worker_id)" + overlapping + " AND w.poverty_alleviated = 1 GROUP BY " +
           g,
       {to, from, like}, [](Figures& f, const db::Row& r) { f.poverty_employed = r.get_int(1); });
  each("SELECT " + g + ", COUNT(*), CAST(SUM(r.skill + r.attitude + r.punctuality + r.hygiene) AS BIGINT) FROM "
       "reviews r JOIN workers w ON w.id = r.worker_id WHERE SUBSTR(r.created_at, 1, 10) BETWEEN ? AND ?" + in +
           " GROUP BY " + g,
       {from, to, like}, [](Figures& f, const db::Row& r) {
         f.reviews = r.get_int(1);
         f.rating_sum = r.get_int(2);
       });
  each("SELECT " + g + ", COUNT(*) FROM complaints c JOIN workers w ON w.id = c.worker_id WHERE "
       "SUBSTR(c.created_at, 1, 10) BETWEEN ? AND ?" + in + " GROUP BY " + g,
       {from, to, like}, [](Figures& f, const db::Row& r) { f.complaints = r.get_int(1); });
  each("SELECT " + g + ", COUNT(*), SUM(CASE WHEN c.status = 'upheld' THEN 1 ELSE 0 END), CAST(SUM(" + days +
           ") AS BIGINT) FROM complaints c JOIN workers w ON w.id = c.worker_id WHERE c.status IN ('upheld', "
           "'rejected') AND SUBSTR(c.updated_at, 1, 10) BETWEEN ? AND ?" + in + " GROUP BY " + g,
       {from, to, like}, [](Figures& f, const db::Row& r) {
         f.complaints_closed = r.get_int(1);
         f.complaints_upheld = r.get_int(2);
         f.close_days_sum = r.get_int(3);
       });
  each("SELECT " + g + ", COUNT(*), CAST(SUM(p.yuan) AS BIGINT) FROM subsidy_payments p JOIN workers w ON w.id = "
       "p.worker_id WHERE p.status = 'paid' AND SUBSTR(p.settled_at, 1, 10) BETWEEN ? AND ?" + in + " GROUP BY " + g,
       {from, to, like}, [](Figures& f, const db::Row& r) {
         f.payments = r.get_int(1);
         f.paid_yuan = r.get_int(2);
       });
  const std::string eg = "SUBSTR(division_code, 1, " + n + ")";
  each("SELECT " + eg + ", COUNT(*), SUM(CASE WHEN model = 'employee_based' THEN 1 ELSE 0 END), SUM(CASE WHEN "
       "model = 'intermediary' THEN 1 ELSE 0 END), SUM(CASE WHEN model = 'mixed' THEN 1 ELSE 0 END), SUM(CASE "
       "WHEN listing_status = 'approved' THEN 1 ELSE 0 END), SUM(CASE WHEN listing_status = 'applied' THEN 1 ELSE "
       "0 END), SUM(CASE WHEN listing_status = 'suspended' THEN 1 ELSE 0 END), SUM(is_leading) FROM enterprises "
       "WHERE SUBSTR(created_at, 1, 10) <= ? AND division_code LIKE ? GROUP BY " + eg,
       {as_of, like}, [](Figures& f, const db::Row& r) {
         f.enterprises = r.get_int(1);
         f.employee_based = r.get_int(2);
         f.intermediary = r.get_int(3);
         f.mixed = r.get_int(4);
         f.listed = r.get_int(5);
         f.listing_applied = r.get_int(6);
         f.listing_suspended = r.get_int(7);
         f.leading = r.get_int(8);
       });
  for (auto it = out.begin(); it != out.end();) it = it->second == Figures{} ? out.erase(it) : std::next(it);
  return out;
}

}  // namespace jz::supervision::store

namespace jz::supervision::store {

int64_t bench_clone_workers(db::Connection& conn, int64_t total) {
  const bool pg = conn.dialect() == db::Dialect::postgres;
  auto w = conn.query("SELECT COALESCE(MIN(id), 0), COUNT(*), COALESCE(MAX(id), 0) FROM workers")[0];
  const int64_t w_min = w.get_int(0), count = w.get_int(1), w_max = w.get_int(2);
  if (count == 0 || w_max - w_min + 1 != count)
    throw std::runtime_error("bench_clone_workers: the workers' ids must be contiguous");
  const int64_t add = total - count;
  if (add <= 0) return 0;
  std::vector<std::string> columns;
  for (const auto& r : conn.query(pg ? "SELECT column_name FROM information_schema.columns WHERE table_name = "
                                       "'workers' ORDER BY ordinal_position"
                                     : "SELECT name FROM pragma_table_info('workers') ORDER BY cid"))
    columns.push_back(r.get_text(0));
  std::string names, values;
  for (const auto& c : columns) {
    names += (names.empty() ? "" : ", ") + c;
    std::string v = c == "id"               ? "CAST(? AS BIGINT) + s.n"
                    : c == "public_id"      ? "w.public_id || '-' || s.n"
                    : c == "id_number_bidx" ? (pg ? "w.id_number_bidx || convert_to(CAST(s.n AS TEXT), 'UTF8')"
                                                  : "w.id_number_bidx || CAST(s.n AS BLOB)")
                    : c == "updated_at"     ? "w.created_at"
                                            : "w." + c;
    values += (values.empty() ? "" : ", ") + v;
  }
  const std::string series =
      pg ? "(SELECT g AS n FROM generate_series(1, CAST(? AS BIGINT)) g)"
         : "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < CAST(? AS INTEGER)) "
           "SELECT n FROM s)";
  conn.exec("INSERT INTO workers (" + names + ") SELECT " + values + " FROM " + series +
                " s JOIN workers w ON w.id = CAST(? AS BIGINT) + s.n % CAST(? AS BIGINT)",
            {w_max, add, w_min, count});
  if (pg) conn.query("SELECT setval(pg_get_serial_sequence('workers', 'id'), (SELECT MAX(id) FROM workers))");
  return add;
}

int64_t bench_fill_records(db::Connection& conn, int64_t records, const std::string& today) {
  const bool pg = conn.dialect() == db::Dialect::postgres;
  auto workers = conn.query("SELECT COALESCE(MIN(id), 0), COUNT(*), COALESCE(MAX(id), 0) FROM workers")[0];
  const int64_t w_min = workers.get_int(0), w_count = workers.get_int(1);
  if (w_count == 0 || workers.get_int(2) - w_min + 1 != w_count)
    throw std::runtime_error("bench_fill_records: the workers' ids must be contiguous");
  const auto today_day = credit::day_number(today), first_day = credit::day_number("2024-01-01");
  if (!today_day || !first_day || *today_day - *first_day < 60)
    throw std::runtime_error("bench_fill_records: today must be after February 2024");
  const int64_t days = *today_day - *first_day - 31;  // day k in [0, days): 2024-01-01 + k, a month before today
  const int64_t consumer =
      conn.query("SELECT COALESCE(MIN(id), 0) FROM users WHERE role IN ('consumer', 'province_admin')")[0].get_int(0);
  const std::string occupation = conn.query("SELECT COALESCE(MIN(code), '') FROM occupations")[0].get_text(0);
  const std::string series =
      pg ? "(SELECT g AS n FROM generate_series(1, CAST(? AS BIGINT)) g)"
         : "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < CAST(? AS INTEGER)) "
           "SELECT n FROM s)";
  // Day k (an expression of s.n) as YYYY-MM-DD and as a timestamp.
  auto day = [&](const std::string& k) {
    return pg ? "to_char(DATE '2024-01-01' + CAST(" + k + " AS INTEGER), 'YYYY-MM-DD')"
              : "date(2460310.5 + (" + k + "))";
  };
  auto stamp = [&](const std::string& k) { return day(k) + " || 'T08:00:00.000Z'"; };
  const std::string k = "((s.n * 7919) % CAST(? AS BIGINT))";  // parameter: days
  const std::string worker = "CAST(? AS BIGINT) + s.n % CAST(? AS BIGINT)";  // parameters: w_min, w_count
  auto next_entry = [&] { return conn.query("SELECT COALESCE(MAX(id), 0) FROM credit_entries")[0].get_int(0); };
  int64_t added = 0;
  auto share = [&](int percent) { return records * percent / 100; };
  // The rows reference existing workers by construction: foreign-key checks (a trigger per row on PostgreSQL)
  // are switched off while they are written, and back on after.
  conn.exec(pg ? "SET session_replication_role = replica" : "PRAGMA foreign_keys = OFF");

  for (auto [kind, n] : {std::pair{"health_check", share(20)}, {"insurance", share(20)}}) {
    bool health = std::string_view(kind) == "health_check";
    conn.exec("INSERT INTO credit_entries (id, worker_id, kind, status, source_type, occurred_on, valid_until, "
              "created_at, updated_at) SELECT CAST(? AS BIGINT) + s.n, " + worker + ", ?, CASE WHEN s.n % 20 = 0 "
              "THEN 'withdrawn' ELSE 'active' END, ?, " + day(k) + ", " +
                  (health ? day(k + " + 365") : "CASE WHEN s.n % 10 = 3 THEN NULL ELSE " + day(k + " + 365") + " END") +
                  ", " + stamp(k) +
                  ", " + stamp(k) + " FROM " + series + " s",
              {next_entry(), w_min, w_count, std::string(kind), std::string(health ? "hospital" : "enterprise"), days,
               days, days, days, n});
    added += n;
  }
  {
    const int64_t n = share(15), base = next_entry();
    conn.exec("INSERT INTO credit_entries (id, worker_id, kind, status, source_type, occurred_on, created_at, "
              "updated_at) SELECT CAST(? AS BIGINT) + s.n, " + worker + ", 'employment', CASE WHEN s.n % 25 = 0 THEN "
              "'withdrawn' ELSE 'active' END, 'enterprise', " + day(k) + ", " + stamp(k) + ", " + stamp(k) +
              " FROM " + series + " s",
              {base, w_min, w_count, days, days, days, n});
    const std::string counties =
        "(SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM divisions WHERE level = 3 AND code LIKE "
        "'62%' AND (valid_to IS NULL OR valid_to = ''))";
    int64_t n_counties = conn.query("SELECT COUNT(*) FROM " + counties + " c")[0].get_int(0);
    conn.exec("INSERT INTO employments (entry_id, worker_id, employer, occupation_code, place_division_code, "
              "place_province_code, place_other, start_date, end_date, monthly_wage, independent, status, updated_at) "
              "SELECT CAST(? AS BIGINT) + s.n, " + worker + ", 'bench', ?, CASE WHEN s.n % 10 < 7 THEN c.code END, "
              "CASE WHEN s.n % 10 < 7 THEN '62' WHEN s.n % 10 = 7 THEN '61' WHEN s.n % 10 = 8 THEN '64' ELSE '' END, "
              "CASE WHEN s.n % 10 >= 7 THEN 'bench' END, " + day(k) + ", CASE WHEN s.n % 5 < 2 THEN NULL ELSE " +
              day(k + " + 30 + s.n % 365") + " END, CASE WHEN s.n % 5 = 4 THEN NULL ELSE 2500 + (s.n * 37) % 5500 "
              "END, 1, CASE WHEN s.n % 25 = 0 THEN 'withdrawn' ELSE 'active' END, " + stamp(k) + " FROM " + series +
              " s JOIN " + counties + " c ON c.k = (s.n * 31) % CAST(? AS BIGINT)",
              {base, w_min, w_count, occupation, days, days, days, n, std::max<int64_t>(n_counties, 1)});
    added += n;
  }
  {
    const int64_t n = share(5);
    conn.exec("INSERT INTO service_certificates (serial, worker_id, issued_on, expires_on, token, revoked_at) "
              "SELECT 'BENCH-' || s.n, " + worker + ", " + day(k) + ", " + day(k + " + 365") + ", 'bench', CASE "
              "WHEN s.n % 33 = 0 THEN " + stamp(k + " + 1") + " END FROM " + series + " s",
              {w_min, w_count, days, days, days, n});
    added += n;
  }
  {
    const int64_t n = share(20);
    conn.exec("INSERT INTO reviews (worker_id, consumer_user_id, skill, attitude, punctuality, hygiene, created_at) "
              "SELECT " + worker + ", CAST(? AS BIGINT), 1 + s.n % 5, 1 + (s.n / 5) % 5, 1 + (s.n * 3) % 5, "
              "1 + (s.n / 7) % 5, " + stamp(k) + " FROM " + series + " s",
              {w_min, w_count, consumer, days, n});
    added += n;
  }
  {
    const int64_t n = share(5);
    conn.exec("INSERT INTO complaints (worker_id, consumer_user_id, text, status, created_at, updated_at) SELECT " +
              worker + ", CAST(? AS BIGINT), CASE s.n % 4 WHEN 0 THEN '阿姨经常迟到，态度也不好' WHEN 1 THEN "
              "'中介费交了不退，合同上没写清楚' WHEN 2 THEN '一个月换了三个保姆' ELSE '打扫不干净，做饭不合口味' END, "
              "CASE WHEN s.n % 10 < 2 THEN 'received' WHEN s.n % 10 = 2 THEN 'investigating' WHEN s.n % 10 < 7 THEN "
              "'upheld' ELSE 'rejected' END, " + stamp(k) + ", " + stamp(k + " + s.n % 30") + " FROM " + series + " s",
              {w_min, w_count, consumer, days, days, n});
    added += n;
  }
  {
    const int64_t n = share(5);
    conn.exec("INSERT INTO payment_batches (policy_id, rule_version, period, as_of, status, people, total_yuan, "
              "maker_user_id, maker_name, created_at) VALUES ('bench', 1, 'bench', ?, 'approved', ?, ?, ?, 'bench', ?)",
              {today, n, n * 1000, consumer, today + "T00:00:00.000Z"});
    int64_t batch = conn.query("SELECT MAX(id) FROM payment_batches")[0].get_int(0);
    conn.exec("INSERT INTO subsidy_payments (batch_id, worker_id, policy_id, period, yuan, reference, status, "
              "issued_at, settled_at, created_at) SELECT CAST(? AS BIGINT), " + worker + ", 'bench', 'P' || s.n, "
              "500 + (s.n % 4) * 500, 'bench-' || s.n, CASE WHEN s.n % 10 = 0 THEN 'failed' ELSE 'paid' END, " +
              stamp(k) + ", CASE WHEN s.n % 10 = 0 THEN NULL ELSE " + stamp(k) + " END, " + stamp(k) + " FROM " +
              series + " s",
              {batch, w_min, w_count, days, days, days, n});
    added += n;
  }
  conn.exec(pg ? "SET session_replication_role = DEFAULT" : "PRAGMA foreign_keys = ON");
  if (pg)
    conn.query("SELECT setval(pg_get_serial_sequence('credit_entries', 'id'), (SELECT MAX(id) FROM credit_entries))");
  for (const char* t : {"credit_entries", "employments", "service_certificates", "reviews", "complaints",
                        "subsidy_payments", "workers"})
    conn.exec(std::string("ANALYZE ") + t);
  return added;
}

}  // namespace jz::supervision::store

namespace jz::supervision::store {
namespace {

constexpr const char* kAccountColumns =
    "u.id, u.username, u.display_name, u.role, u.division_code, u.department, u.created_at, u.enterprise_id, "
    "u.institution_id, u.worker_id, u.disabled, u.password_reset_at, u.password_changed_at";

Account read_account(const db::Row& r) {
  Account a;
  a.id = r.get_int(0);
  a.username = r.get_text(1);
  a.display_name = r.get_text(2);
  a.role = r.get_text(3);
  a.division_code = r.get_text(4);
  a.department = r.get_text(5);
  a.created_at = r.get_text(6);
  a.enterprise_id = r.opt_int(7);
  a.institution_id = r.opt_int(8);
  a.worker_id = r.opt_int(9);
  a.disabled = r.get_bool(10);
  a.must_change_password = !r.is_null(11) && r.get_text(12) <= r.get_text(11);
  return a;
}

// " AND u.division_code LIKE ? AND u.role IN (?, …)" for a city officer's scope, with its parameters.
void city_scope(const std::string& prefecture, const std::vector<std::string>& roles, std::string& sql,
                db::Params& params) {
  if (prefecture.empty()) return;
  sql += " AND u.division_code LIKE ? AND u.role IN (";
  params.push_back(prefecture + "%");
  for (size_t i = 0; i < roles.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(roles[i]);
  }
  sql += ")";
}

}  // namespace

std::vector<Account> accounts(db::Connection& conn, const AccountFilter& f, const std::string& city_prefecture,
                              const std::vector<std::string>& city_roles, int64_t* total) {
  std::string where = " WHERE 1 = 1";
  db::Params params;
  city_scope(city_prefecture, city_roles, where, params);
  if (!f.role.empty()) {
    where += " AND u.role = ?";
    params.push_back(f.role);
  }
  if (!f.prefecture.empty()) {
    where += " AND u.division_code LIKE ?";
    params.push_back(f.prefecture + "%");
  }
  if (f.disabled) {
    where += " AND u.disabled = ?";
    params.push_back(int64_t{*f.disabled ? 1 : 0});
  }
  if (!f.q.empty()) {
    where += " AND (u.username LIKE ? OR u.display_name LIKE ?)";
    params.push_back("%" + f.q + "%");
    params.push_back("%" + f.q + "%");
  }
  if (total) *total = conn.query("SELECT COUNT(*) FROM users u" + where, params)[0].get_int(0);
  params.push_back(int64_t{f.page_size});
  params.push_back(int64_t{(f.page - 1) * f.page_size});
  std::vector<Account> out;
  for (const auto& r : conn.query(std::string("SELECT ") + kAccountColumns + " FROM users u" + where +
                                      " ORDER BY u.id DESC LIMIT ? OFFSET ?",
                                  params))
    out.push_back(read_account(r));
  return out;
}

std::optional<Account> account(db::Connection& conn, int64_t id) {
  auto rows = conn.query(std::string("SELECT ") + kAccountColumns + " FROM users u WHERE u.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return read_account(rows[0]);
}

bool set_disabled(db::Connection& conn, int64_t id, bool disabled) {
  return conn.exec("UPDATE users SET disabled = ? WHERE id = ? AND disabled = ?",
                   {int64_t{disabled ? 1 : 0}, id, int64_t{disabled ? 0 : 1}}) == 1;
}

void set_one_time_password(db::Connection& conn, int64_t id, const std::string& hash, const std::string& now) {
  conn.exec("UPDATE users SET password_hash = ?, password_changed_at = ?, password_reset_at = ? WHERE id = ?",
            {hash, now, now, id});
}

void update_account(db::Connection& conn, int64_t id, const std::string& role, const std::string& division,
                    const std::string& department) {
  conn.exec("UPDATE users SET role = ?, division_code = ?, department = ? WHERE id = ?",
            {role, division.empty() ? db::Value(nullptr) : db::Value(division),
             department.empty() ? db::Value(nullptr) : db::Value(department), id});
}

void end_sessions(db::Connection& conn, int64_t id, const std::string& now) {
  conn.exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {now, id});
}

std::optional<std::string> prefecture_of(db::Connection& conn, const std::string& table, int64_t id) {
  std::string sql = table == "enterprises"    ? "SELECT prefecture_code FROM enterprises WHERE id = ?"
                    : table == "institutions" ? "SELECT prefecture_code FROM institutions WHERE id = ?"
                                              : "SELECT prefecture_code FROM workers WHERE id = ?";
  auto rows = conn.query(sql, {id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_text(0);
}

bool division_exists(db::Connection& conn, const std::string& code) {
  return !conn.query("SELECT 1 FROM divisions WHERE code = ?", {code}).empty();
}

std::vector<LoginEvent> logins(db::Connection& conn, const std::string& city_prefecture,
                               const std::vector<std::string>& city_roles, int limit, int offset, int64_t* total) {
  std::string from =
      " FROM audit_log a LEFT JOIN users u ON u.username = a.actor_username WHERE a.action IN ('auth.login', "
      "'auth.login_failed', 'auth.login_throttled', 'auth.logout')";
  db::Params params;
  city_scope(city_prefecture, city_roles, from, params);
  if (total) *total = conn.query("SELECT COUNT(*)" + from, params)[0].get_int(0);
  params.push_back(int64_t{limit});
  params.push_back(int64_t{offset});
  std::vector<LoginEvent> out;
  for (const auto& r :
       conn.query("SELECT a.at, a.actor_username, a.action, a.ip" + from + " ORDER BY a.id DESC LIMIT ? OFFSET ?",
                  params))
    out.push_back(LoginEvent{r.get_text(0), r.get_text(1), r.get_text(2), r.get_text(3)});
  return out;
}

}  // namespace jz::supervision::store
