// The supervision dashboard over real HTTP, on the backend named by JZ_TEST_BACKEND: every figure by 市州 and
// by county equals the SQL GROUP BY queries over the same tables (store::sql_figures, not the index); a
// change to the records shows in the next answer; a city officer sees her 市州 only; bad periods and other
// roles are refused. SupervisionIndependent counts the figures again with queries written here, for each role.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "supervision/figures.hpp"
#include "supervision/store.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kSupervisionAccess(
    {
        {"GET /api/v1/supervision/dashboard", "province_admin,department,city_officer"},
        {"GET /api/v1/accounts", "province_admin,city_officer"},
        {"POST /api/v1/accounts", "province_admin,city_officer"},
        {"PUT /api/v1/accounts/{account}", "province_admin,city_officer"},
        {"POST /api/v1/accounts/{account}/disable", "province_admin,city_officer"},
        {"POST /api/v1/accounts/{account}/enable", "province_admin,city_officer"},
        {"POST /api/v1/accounts/{account}/password-reset", "province_admin,city_officer"},
        {"GET /api/v1/accounts/logins", "province_admin,city_officer"},
    },
    {{"account", "999999999"}});  // no such account: the access test changes nobody

using Groups = std::map<std::string, std::vector<int64_t>>;

class SupervisionApi : public ApiFixture<SupervisionApi> {
 protected:
  static json::object dashboard(const std::string& query, const std::string& as = "admin") {
    auto r = client().get("/api/v1/supervision/dashboard?" + query, token(as));
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).as_object();
  }
  // Runs `sql` whose first column is the group and the others numbers; group → numbers.
  static Groups oracle(const std::string& sql, const db::Params& params) {
    Groups out;
    auto conn = database().acquire();
    for (const auto& r : conn->query(sql, params)) {
      std::vector<int64_t> v;
      for (size_t i = 1; i < r.size(); ++i) v.push_back(r.get_int(i));
      out[r.get_text(0)] = v;
    }
    return out;
  }
  static bool postgres() { return test_backend() == "postgres"; }
  static int64_t at(const json::object& row, const char* section, const char* field) {
    return row.at(section).as_object().at(field).to_number<int64_t>();
  }

  // Every figure of every row of `d` against the SQL GROUP BY queries (store::sql_figures) over the period
  // [from, to], counted as of `as_of`, grouped by `digits` leading digits of the division within `prefix`;
  // trainee-times against a count of training_completions.
  static void expect_oracles(const json::object& d, const std::string& from, const std::string& to,
                             const std::string& as_of, int digits, const std::string& prefix) {
    std::map<std::string, supervision::Figures> sql;
    Groups trainees;
    {
      auto conn = database().acquire();
      sql = supervision::store::sql_figures(*conn, from, to, as_of, digits, prefix);
    }
    const std::string tg = digits == 4 ? "prefecture_code" : "county_code";
    auto day = [](const std::string& date) {
      return postgres() ? scalar("SELECT CAST(DATE '" + date + "' - DATE '1970-01-01' AS BIGINT)")
                        : scalar("SELECT CAST(julianday('" + date + "') - julianday('1970-01-01') AS INTEGER)");
    };
    trainees = oracle("SELECT " + tg + ", COUNT(*) FROM training_completions WHERE completed_day BETWEEN ? AND ? "
                      "AND county_code LIKE ? GROUP BY " + tg,
                      {day(from), day(to), prefix + "%"});
    ASSERT_FALSE(sql.empty());
    int64_t seen_workers = 0;
    size_t matched = 0;
    for (const auto& rv : d.at("rows").as_array()) {
      const auto& row = rv.as_object();
      std::string code(row.at("code").as_string());
      SCOPED_TRACE(code);
      supervision::Figures f;
      if (auto it = sql.find(code); it != sql.end()) f = it->second, ++matched;
      EXPECT_EQ(at(row, "workers", "registered"), f.workers);
      EXPECT_EQ(at(row, "workers", "identity_verified"), f.identity_verified);
      EXPECT_EQ(at(row, "workers", "poverty_alleviated"), f.poverty_alleviated);
      EXPECT_EQ(at(row, "workers", "new"), f.workers_new);
      EXPECT_EQ(at(row, "workers", "certified"), f.certified);
      EXPECT_EQ(at(row, "workers", "health_checked"), f.health_checked);
      EXPECT_EQ(at(row, "workers", "insured"), f.insured);
      EXPECT_EQ(at(row, "employment", "employed"), f.employed);
      EXPECT_EQ(at(row, "employment", "wage_count"), f.wage_count);
      EXPECT_EQ(at(row, "employment", "wage_sum"), f.wage_sum);
      EXPECT_EQ(at(row, "employment", "out_of_province"), f.out_of_province);
      EXPECT_EQ(at(row, "employment", "cross_prefecture"), f.cross_prefecture);
      EXPECT_EQ(at(row, "employment", "poverty_employed"), f.poverty_employed);
      EXPECT_EQ(at(row, "reviews", "count"), f.reviews);
      EXPECT_EQ(at(row, "reviews", "rating_sum"), f.rating_sum);
      EXPECT_EQ(at(row, "complaints", "received"), f.complaints);
      EXPECT_EQ(at(row, "complaints", "closed"), f.complaints_closed);
      EXPECT_EQ(at(row, "complaints", "upheld"), f.complaints_upheld);
      EXPECT_EQ(at(row, "complaints", "close_days_sum"), f.close_days_sum);
      EXPECT_EQ(at(row, "subsidies", "payments"), f.payments);
      EXPECT_EQ(at(row, "subsidies", "yuan"), f.paid_yuan);
      EXPECT_EQ(at(row, "enterprises", "total"), f.enterprises);
      EXPECT_EQ(at(row, "enterprises", "employee_based"), f.employee_based);
      EXPECT_EQ(at(row, "enterprises", "intermediary"), f.intermediary);
      EXPECT_EQ(at(row, "enterprises", "mixed"), f.mixed);
      EXPECT_EQ(at(row, "enterprises", "listed"), f.listed);
      EXPECT_EQ(at(row, "enterprises", "applied"), f.listing_applied);
      EXPECT_EQ(at(row, "enterprises", "suspended"), f.listing_suspended);
      EXPECT_EQ(at(row, "enterprises", "leading"), f.leading);
      auto tr = trainees.find(code);
      EXPECT_EQ(at(row, "training", "trainee_times"), tr == trainees.end() ? 0 : tr->second.at(0));
      seen_workers += f.workers;
    }
    EXPECT_EQ(matched, sql.size()) << "every group of the SQL answer is a row of the dashboard";
    EXPECT_EQ(at(d.at("totals").as_object(), "workers", "registered"), seen_workers);
  }
};

TEST_F(SupervisionApi, ProvinceFiguresByPrefectureEqualSqlGroupBy) {
  const std::string today = today_utc(), year = today.substr(0, 4);
  auto d = dashboard("period=" + year);
  EXPECT_EQ(d.at("level").as_string(), "prefecture");
  EXPECT_EQ(d.at("rows").as_array().size(), 14u);  // every 市州, with zeros where nothing is recorded
  expect_oracles(d, year + "-01-01", year + "-12-31", today, 4, "62");
  const auto& totals = d.at("totals").as_object();
  EXPECT_GT(at(totals, "workers", "registered"), 0);
  EXPECT_GT(at(totals, "enterprises", "total"), 0);
  EXPECT_EQ(d.at("series").as_array().size(), 12u);

  // A long period: most records of the demo data fall inside it, so every flow figure is exercised.
  auto all = dashboard("from=2000-01-01&to=" + today);
  expect_oracles(all, "2000-01-01", today, today, 4, "62");
  const auto& t = all.at("totals").as_object();
  EXPECT_GT(at(t, "employment", "employed"), 0);
  EXPECT_GT(at(t, "reviews", "count") + at(t, "complaints", "received"), 0);
}

TEST_F(SupervisionApi, CountyFiguresOfOnePrefectureEqualSqlGroupBy) {
  const std::string today = today_utc();
  auto d = dashboard("from=2000-01-01&to=" + today + "&prefecture=6201", "dept");
  EXPECT_EQ(d.at("level").as_string(), "county");
  EXPECT_EQ(d.at("prefecture").as_object().at("code").as_string(), "6201");
  expect_oracles(d, "2000-01-01", today, today, 6, "6201");
  // A past quarter: stock figures are counted on its last day.
  auto q = dashboard("period=2025-Q2&prefecture=6201");
  EXPECT_EQ(q.at("period").as_string(), "2025-Q2");
  EXPECT_EQ(q.at("as_of").as_string(), "2025-06-30");
  expect_oracles(q, "2025-04-01", "2025-06-30", "2025-06-30", 6, "6201");
}

TEST_F(SupervisionApi, CityOfficerSeesHerPrefectureOnly) {
  const std::string today = today_utc();
  auto d = dashboard("from=2000-01-01&to=" + today, "lanzhou");
  EXPECT_EQ(d.at("level").as_string(), "county");
  EXPECT_EQ(d.at("prefecture").as_object().at("code").as_string(), "6201");
  for (const auto& row : d.at("rows").as_array())
    EXPECT_EQ(std::string(row.at("code").as_string()).substr(0, 4), "6201");
  expect_oracles(d, "2000-01-01", today, today, 6, "6201");

  auto other = client().get("/api/v1/supervision/dashboard?period=2025&prefecture=6202", token("lanzhou"));
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(json::parse(other.body).at("error").at("code").as_string(), "out_of_scope");
}

TEST_F(SupervisionApi, RefusesBadPeriodsAndPrefectures) {
  for (const char* q : {"period=2025-Q5", "period=25", "period=2025-13", "", "from=2025-02-30&to=2025-03-01",
                        "period=2025&prefecture=620102", "period=2025&prefecture=6101"}) {
    SCOPED_TRACE(q);
    auto r = client().get(std::string("/api/v1/supervision/dashboard?") + q, token("admin"));
    EXPECT_EQ(r.status, 400) << r.body;
    auto err = json::parse(r.body).at("error").as_object();
    EXPECT_TRUE(err.at("code") == "invalid_field" || err.at("code") == "missing_field") << r.body;
  }
  auto r = client().get("/api/v1/supervision/dashboard?period=2025", token("enterprise"));
  EXPECT_EQ(r.status, 403);
  r = client().get("/api/v1/supervision/dashboard?period=2025", "");
  EXPECT_EQ(r.status, 401);
}

TEST_F(SupervisionApi, FollowsChangesToTheRecords) {
  const std::string today = today_utc();
  const std::string query = "from=2000-01-01&to=" + today + "&prefecture=6201";
  int64_t id = scalar("SELECT MAX(id) FROM workers WHERE current_division_code LIKE '6201%' AND identity_status <> "
                      "'verified' AND SUBSTR(created_at, 1, 10) <= ?",
                      {today});
  ASSERT_GT(id, 0);
  std::string county;
  {
    auto conn = database().acquire();
    county = conn->query("SELECT current_division_code, identity_status FROM workers WHERE id = ?", {id})[0].get_text(0);
  }
  auto count = [&] {
    json::object d = dashboard(query);  // kept alive for the loop
    for (const auto& row : d.at("rows").as_array())
      if (row.at("code").as_string() == county) return at(row.as_object(), "workers", "identity_verified");
    ADD_FAILURE() << "no row for " << county;
    return int64_t{-1};
  };
  int64_t before = count();
  std::string old_status;
  {
    auto conn = database().acquire();
    old_status = conn->query("SELECT identity_status FROM workers WHERE id = ?", {id})[0].get_text(0);
    conn->exec("UPDATE workers SET identity_status = 'verified', updated_at = ? WHERE id = ?", {now_utc(), id});
  }
  EXPECT_EQ(count(), before + 1);
  {
    auto conn = database().acquire();
    conn->exec("UPDATE workers SET identity_status = ?, updated_at = ? WHERE id = ?", {old_status, now_utc(), id});
  }
  EXPECT_EQ(count(), before);
}

// The same figures counted again, independently of store::sql_figures and of the index: one plain query per
// figure, written in the test, per worker (EXISTS) rather than COUNT(DISTINCT), with timestamps compared as
// strings against the next day — for each official as she sees her dashboard, with its monthly series.
class SupervisionIndependent : public SupervisionApi {
 protected:
  // group code → "section.field" → value, for the rows of divisions starting with `prefix`, by `digits` digits.
  using Counts = std::map<std::string, std::map<std::string, int64_t>>;
  static Counts independent(const std::string& from, const std::string& to, const std::string& as_of, int digits,
                            const std::string& prefix) {
    const std::string after_to = credit::add_days(to, 1), after_as_of = credit::add_days(as_of, 1);
    const std::string g = "SUBSTR(w.current_division_code, 1, " + std::to_string(digits) + ")";
    const std::string like = prefix + "%";
    Counts out;
    auto count = [&](const std::vector<std::string>& keys, const std::string& sql, const db::Params& params) {
      auto conn = database().acquire();
      for (const auto& r : conn->query(sql, params))
        for (size_t i = 0; i < keys.size(); ++i) out[r.get_text(0)][keys[i]] = r.is_null(i + 1) ? 0 : r.get_int(i + 1);
    };
    const std::string workers = "SELECT " + g + ", COUNT(*) FROM workers w WHERE w.current_division_code LIKE ?";
    count({"workers.registered"}, workers + " AND w.created_at < ? GROUP BY " + g, {like, after_as_of});
    count({"workers.identity_verified"}, workers + " AND w.created_at < ? AND w.identity_status = 'verified' GROUP BY " + g,
          {like, after_as_of});
    count({"workers.new"}, workers + " AND w.created_at >= ? AND w.created_at < ? GROUP BY " + g, {like, from, after_to});
    count({"workers.certified"},
          workers + " AND EXISTS (SELECT 1 FROM service_certificates c WHERE c.worker_id = w.id AND c.issued_on <= ? "
                    "AND c.expires_on >= ? AND (c.revoked_at IS NULL OR c.revoked_at >= ?)) GROUP BY " + g,
          {like, as_of, as_of, after_as_of});
    for (auto [key, kind] : {std::pair{"workers.health_checked", "health_check"}, {"workers.insured", "insurance"}})
      count({key},
            workers + " AND EXISTS (SELECT 1 FROM credit_entries e WHERE e.worker_id = w.id AND e.kind = ? AND "
                      "e.status = 'active' AND e.occurred_on <= ? AND (e.valid_until IS NULL OR e.valid_until >= ?)) "
                      "GROUP BY " + g,
            {like, std::string(kind), as_of, as_of});
    const std::string employed = "EXISTS (SELECT 1 FROM employments m WHERE m.worker_id = w.id AND m.status = "
                                 "'active' AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?)";
    count({"employment.employed"}, workers + " AND " + employed + ") GROUP BY " + g, {like, to, from});
    count({"employment.out_of_province"},
          workers + " AND " + employed + " AND m.place_province_code <> '62' AND m.place_province_code <> '') GROUP BY " + g,
          {like, to, from});
    count({"employment.poverty_employed"}, workers + " AND w.poverty_alleviated = 1 AND " + employed + ") GROUP BY " + g,
          {like, to, from});
    count({"reviews.count", "reviews.rating_sum"},
          "SELECT " + g + ", COUNT(*), SUM(r.skill + r.attitude + r.punctuality + r.hygiene) FROM reviews r, workers w "
          "WHERE w.id = r.worker_id AND w.current_division_code LIKE ? AND r.created_at >= ? AND r.created_at < ? "
          "GROUP BY " + g,
          {like, from, after_to});
    count({"complaints.received"},
          "SELECT " + g + ", COUNT(*) FROM complaints c, workers w WHERE w.id = c.worker_id AND "
          "w.current_division_code LIKE ? AND c.created_at >= ? AND c.created_at < ? GROUP BY " + g,
          {like, from, after_to});
    count({"complaints.closed", "complaints.upheld"},
          "SELECT " + g + ", COUNT(*), SUM(CASE WHEN c.status = 'upheld' THEN 1 ELSE 0 END) FROM complaints c, workers w "
          "WHERE w.id = c.worker_id AND w.current_division_code LIKE ? AND c.status IN ('upheld', 'rejected') AND "
          "c.updated_at >= ? AND c.updated_at < ? GROUP BY " + g,
          {like, from, after_to});
    count({"subsidies.payments", "subsidies.yuan"},
          "SELECT " + g + ", COUNT(*), SUM(p.yuan) FROM subsidy_payments p, workers w WHERE w.id = p.worker_id AND "
          "w.current_division_code LIKE ? AND p.status = 'paid' AND p.settled_at >= ? AND p.settled_at < ? GROUP BY " + g,
          {like, from, after_to});
    const std::string eg = "SUBSTR(division_code, 1, " + std::to_string(digits) + ")";
    count({"enterprises.total", "enterprises.listed", "enterprises.leading"},
          "SELECT " + eg + ", COUNT(*), SUM(CASE WHEN listing_status = 'approved' THEN 1 ELSE 0 END), SUM(is_leading) "
          "FROM enterprises WHERE division_code LIKE ? AND created_at < ? GROUP BY " + eg,
          {like, after_as_of});
    return out;
  }
  // Month (YYYY-MM) → "field" → value: the flows of the series within `prefix`.
  static Counts independent_series(const std::string& prefix) {
    Counts out;
    const std::string like = prefix + "%";
    auto count = [&](const char* key, const std::string& sql) {
      auto conn = database().acquire();
      for (const auto& r : conn->query(sql, {like})) out[r.get_text(0)][key] = r.is_null(1) ? 0 : r.get_int(1);
    };
    count("workers_new", "SELECT SUBSTR(created_at, 1, 7), COUNT(*) FROM workers WHERE current_division_code LIKE ? "
                         "GROUP BY SUBSTR(created_at, 1, 7)");
    const std::string join = " w WHERE w.id = x.worker_id AND w.current_division_code LIKE ?";
    count("employments_started", "SELECT SUBSTR(x.start_date, 1, 7), COUNT(*) FROM employments x, workers" + join +
                                     " AND x.status = 'active' GROUP BY SUBSTR(x.start_date, 1, 7)");
    count("reviews", "SELECT SUBSTR(x.created_at, 1, 7), COUNT(*) FROM reviews x, workers" + join +
                         " GROUP BY SUBSTR(x.created_at, 1, 7)");
    count("complaints", "SELECT SUBSTR(x.created_at, 1, 7), COUNT(*) FROM complaints x, workers" + join +
                            " GROUP BY SUBSTR(x.created_at, 1, 7)");
    count("paid_yuan", "SELECT SUBSTR(x.settled_at, 1, 7), SUM(x.yuan) FROM subsidy_payments x, workers" + join +
                           " AND x.status = 'paid' GROUP BY SUBSTR(x.settled_at, 1, 7)");
    return out;
  }
  // `as` asks for `query`; every row, the totals and the series equal the independent counts.
  static void expect_independent(const std::string& as, const std::string& query, const std::string& from,
                                 const std::string& to, int digits, const std::string& prefix) {
    SCOPED_TRACE(as + " " + query);
    json::object d = dashboard(query, as);
    const std::string as_of = std::min(today_utc(), to);
    EXPECT_EQ(d.at("as_of").as_string(), as_of);
    Counts want = independent(from, to, as_of, digits, prefix);
    std::map<std::string, int64_t> totals;
    size_t rows = 0;
    for (const auto& rv : d.at("rows").as_array()) {
      const auto& row = rv.as_object();
      const std::string code(row.at("code").as_string());
      EXPECT_EQ(code.substr(0, prefix.size()), prefix);
      ++rows;
      for (const std::string key :
           {"workers.registered", "workers.identity_verified", "workers.new", "workers.certified",
            "workers.health_checked", "workers.insured", "employment.employed", "employment.out_of_province",
            "employment.poverty_employed", "reviews.count", "reviews.rating_sum", "complaints.received",
            "complaints.closed", "complaints.upheld", "subsidies.payments", "subsidies.yuan", "enterprises.total",
            "enterprises.listed", "enterprises.leading"}) {
        const auto dot = key.find('.');
        const std::string section = key.substr(0, dot), field = key.substr(dot + 1);
        int64_t expected = want.count(code) && want.at(code).count(key) ? want.at(code).at(key) : 0;
        EXPECT_EQ(at(row, section.c_str(), field.c_str()), expected) << code << " " << key;
        totals[key] += expected;
      }
    }
    EXPECT_GT(rows, 0u);
    for (const auto& [code, figures] : want)
      EXPECT_TRUE(std::any_of(d.at("rows").as_array().begin(), d.at("rows").as_array().end(),
                              [&](const json::value& r) { return r.at("code").as_string() == code; }))
          << "the independent count has a group " << code << " the dashboard does not show";
    for (const auto& [key, total] : totals) {
      const auto dot = key.find('.');
      EXPECT_EQ(at(d.at("totals").as_object(), key.substr(0, dot).c_str(), key.substr(dot + 1).c_str()), total) << key;
    }
    Counts series = independent_series(prefix);
    for (const auto& mv : d.at("series").as_array()) {
      const std::string month(mv.at("month").as_string());
      for (const char* key : {"workers_new", "employments_started", "reviews", "complaints", "paid_yuan"}) {
        int64_t expected = series.count(month) && series.at(month).count(key) ? series.at(month).at(key) : 0;
        EXPECT_EQ(mv.at(key).to_number<int64_t>(), expected) << month << " " << key;
      }
    }
  }
};

TEST_F(SupervisionIndependent, EachOfficialsDashboardEqualsIndependentCounts) {
  const std::string today = today_utc(), year = today.substr(0, 4);
  // The province admin: the province by 市州, this year and all time.
  expect_independent("admin", "period=" + year, year + "-01-01", year + "-12-31", 4, "62");
  expect_independent("admin", "from=2000-01-01&to=" + today, "2000-01-01", today, 4, "62");
  // A department official: the province by 市州 for last year, and one 市州 by county.
  const std::string last = std::to_string(std::stoi(year) - 1);
  expect_independent("dept", "period=" + last, last + "-01-01", last + "-12-31", 4, "62");
  expect_independent("dept", "from=2000-01-01&to=" + today + "&prefecture=6205", "2000-01-01", today, 6, "6205");
  // A 市州 officer: her 市州 by county, without asking for it, this year and all time.
  expect_independent("lanzhou", "period=" + year, year + "-01-01", year + "-12-31", 6, "6201");
  expect_independent("lanzhou", "from=2000-01-01&to=" + today, "2000-01-01", today, 6, "6201");
}

// ---- Account management ----

class SupervisionAccounts : public ApiFixture<SupervisionAccounts> {
 protected:
  static HttpResult send(const std::string& method, const std::string& target, const std::string& tok,
                         const json::value& body = json::object{}) {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.token = tok;
    if (method != "GET") r.body = json::serialize(body);
    return client().send(r);
  }
  static std::string name(const std::string& what) {
    static int n = 0;
    return "sv-" + what + "-" + std::to_string(::getpid() % 100000) + "-" + std::to_string(++n);
  }
  // Logs in; the token, or "" when the login is refused.
  static std::string try_login(const std::string& user, const std::string& password) {
    auto r = client().post_json("/api/v1/auth/login",
                                json::serialize(json::object{{"username", user}, {"password", password}}));
    return r.status == 200 ? std::string(r.json().at("token").as_string()) : std::string();
  }
};

TEST_F(SupervisionAccounts, OneTimePasswordMustBeChangedBeforeAnythingElse) {
  const std::string user = name("worker");
  auto r = send("POST", "/api/v1/accounts", token("admin"),
                json::object{{"username", user}, {"display_name", "测试服务员"}, {"role", "worker"},
                             {"division_code", "620102"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string password(r.json().at("password").as_string());
  EXPECT_TRUE(r.json().at("account").at("must_change_password").as_bool());
  std::string tok = try_login(user, password);
  ASSERT_FALSE(tok.empty());
  auto me = client().get("/api/v1/me", tok);
  ASSERT_EQ(me.status, 200);
  EXPECT_TRUE(me.json().at("user").at("must_change_password").as_bool());
  // Everything else is refused until she sets her own password.
  EXPECT_EQ(client().get("/api/v1/training/me/enrolments", tok).status, 401);
  auto changed = send("POST", "/api/v1/me/password", tok,
                      json::object{{"current_password", password}, {"new_password", "MyOwnPass2024"}});
  EXPECT_EQ(changed.status, 204) << changed.body;
  EXPECT_FALSE(client().get("/api/v1/me", tok).json().at("user").at("must_change_password").as_bool());
  EXPECT_NE(client().get("/api/v1/training/me/enrolments", tok).status, 401);  // 403: no worker linked
  EXPECT_TRUE(try_login(user, password).empty());
  EXPECT_FALSE(try_login(user, "MyOwnPass2024").empty());
}

TEST_F(SupervisionAccounts, CityOfficerManagesHerPrefecturesAccountsBelowHerOnly) {
  const std::string& lz = token("lanzhou");
  // Roles above or beside hers, and other 市州, are refused.
  for (auto [role, division] : {std::pair{"city_officer", "6201"}, {"province_admin", "6201"},
                                {"department", "620102"}, {"worker", "620502"}}) {
    auto r = send("POST", "/api/v1/accounts", lz,
                  json::object{{"username", name("x")}, {"role", role}, {"division_code", division}});
    EXPECT_EQ(r.status, 403) << role << " " << division << ": " << r.body;
    EXPECT_EQ(r.error_code(), "out_of_scope");
  }
  // An enterprise of another 市州 cannot be linked to an account she creates.
  int64_t other = scalar("SELECT MIN(id) FROM enterprises WHERE prefecture_code <> '6201'");
  auto linked = send("POST", "/api/v1/accounts", lz,
                     json::object{{"username", name("e")}, {"role", "enterprise"}, {"division_code", "620102"},
                                  {"enterprise_id", other}});
  EXPECT_EQ(linked.status, 403) << linked.body;

  const std::string user = name("ent");
  auto r = send("POST", "/api/v1/accounts", lz,
                json::object{{"username", user}, {"role", "enterprise"}, {"division_code", "620102"}});
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.json().at("account").at("id").as_int64();
  std::string password(r.json().at("password").as_string());
  const std::string path = "/api/v1/accounts/" + std::to_string(id);

  // Her list holds only her 市州's accounts of the roles below hers.
  auto list = send("GET", "/api/v1/accounts?page_size=100", lz);
  ASSERT_EQ(list.status, 200);
  bool found = false;
  json::value listed = list.json();
  for (const auto& a : listed.at("items").as_array()) {
    std::string division = a.at("division_code").is_null() ? "" : std::string(a.at("division_code").as_string());
    EXPECT_EQ(division.substr(0, 4), "6201");
    std::string role(a.at("role").as_string());
    EXPECT_TRUE(role == "enterprise" || role == "institution" || role == "worker") << role;
    found = found || a.at("id").as_int64() == id;
  }
  EXPECT_TRUE(found);

  // Disable: the account can no longer log in; twice is a conflict; enable again.
  EXPECT_EQ(send("POST", path + "/disable", lz).status, 200);
  EXPECT_TRUE(try_login(user, password).empty());
  auto again = send("POST", path + "/disable", lz);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "already_in_state");
  EXPECT_EQ(send("POST", path + "/enable", lz).status, 200);
  // A reset gives a new one-time password; the old one stops working.
  auto reset = send("POST", path + "/password-reset", lz);
  ASSERT_EQ(reset.status, 200) << reset.body;
  std::string fresh(reset.json().at("password").as_string());
  EXPECT_TRUE(try_login(user, password).empty());
  EXPECT_FALSE(try_login(user, fresh).empty());
  // She cannot move it out of her 市州 nor raise its role.
  EXPECT_EQ(send("PUT", path, lz, json::object{{"division_code", "620502"}}).status, 403);
  EXPECT_EQ(send("PUT", path, lz, json::object{{"role", "city_officer"}}).status, 403);
  EXPECT_EQ(send("PUT", path, lz, json::object{{"division_code", "620103"}}).status, 200);

  // Accounts outside her scope do not exist for her.
  int64_t admin_id = scalar("SELECT id FROM users WHERE username = 'admin'");
  auto out = send("POST", "/api/v1/accounts/" + std::to_string(admin_id) + "/password-reset", lz);
  EXPECT_EQ(out.status, 404);
  EXPECT_TRUE(try_login("admin", kDemoPassword).size() > 0);
}

TEST_F(SupervisionAccounts, ProvinceAdminCannotLockHerselfOut) {
  int64_t admin_id = scalar("SELECT id FROM users WHERE username = 'admin'");
  for (const char* action : {"/disable", "/password-reset"}) {
    auto r = send("POST", "/api/v1/accounts/" + std::to_string(admin_id) + action, token("admin"));
    EXPECT_EQ(r.status, 403) << action;
    EXPECT_EQ(r.error_code(), "own_account");
  }
}

TEST_F(SupervisionAccounts, LoginLogIsScoped) {
  ASSERT_FALSE(try_login("lanzhou", kDemoPassword).empty());
  EXPECT_TRUE(try_login("admin", "wrong-password-1").empty());
  auto all = send("GET", "/api/v1/accounts/logins?page_size=100", token("admin"));
  ASSERT_EQ(all.status, 200);
  std::set<std::string> users;
  json::value all_items = all.json();
  for (const auto& e : all_items.at("items").as_array()) {
    users.insert(std::string(e.at("username").as_string()));
    std::string ip(e.at("ip").as_string());
    if (!ip.empty()) EXPECT_EQ(ip.back(), '*') << "the address is shown without its last part";
  }
  EXPECT_TRUE(users.count("lanzhou"));
  EXPECT_TRUE(users.count("admin"));
  auto mine = send("GET", "/api/v1/accounts/logins?page_size=100", token("lanzhou"));
  ASSERT_EQ(mine.status, 200);
  json::value mine_items = mine.json();
  for (const auto& e : mine_items.at("items").as_array()) {
    std::string u(e.at("username").as_string());
    EXPECT_NE(u, "admin");
    EXPECT_NE(u, "lanzhou");  // her own role is not below hers
  }
}

}  // namespace
}  // namespace jz::test
