// The supervision dashboard over real HTTP, on the backend named by JZ_TEST_BACKEND: every figure by 市州 and
// by county equals a SQL GROUP BY over the same tables written here independently of the module's store; a
// change to the records shows in the next answer; a city officer sees her 市州 only; bad periods and other
// roles are refused.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <vector>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/time.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kSupervisionAccess({
    {"GET /api/v1/supervision/dashboard", "province_admin,department,city_officer"},
});

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

  // Every figure of every row of `d` against SQL over the period [from, to], counted as of `as_of`,
  // grouped by `digits` leading digits of the division (4: 市州, 6: county) within `prefix`.
  static void expect_oracles(const json::object& d, const std::string& from, const std::string& to,
                             const std::string& as_of, int digits, const std::string& prefix) {
    const std::string g = "SUBSTR(w.current_division_code, 1, " + std::to_string(digits) + ")";
    const std::string in = " AND w.current_division_code LIKE '" + prefix + "%'";
    const std::string days =
        postgres() ? "CAST(SUBSTR(c.updated_at, 1, 10) AS DATE) - CAST(SUBSTR(c.created_at, 1, 10) AS DATE)"
                   : "CAST(julianday(SUBSTR(c.updated_at, 1, 10)) - julianday(SUBSTR(c.created_at, 1, 10)) AS INTEGER)";
    Groups workers = oracle(
        "SELECT " + g + ", COUNT(*), SUM(CASE WHEN identity_status = 'verified' THEN 1 ELSE 0 END), "
        "SUM(poverty_alleviated) FROM workers w WHERE SUBSTR(created_at, 1, 10) <= ?" + in + " GROUP BY " + g,
        {as_of});
    Groups fresh = oracle("SELECT " + g + ", COUNT(*) FROM workers w WHERE SUBSTR(created_at, 1, 10) BETWEEN ? AND ?" +
                              in + " GROUP BY " + g,
                          {from, to});
    Groups certified = oracle(
        "SELECT " + g + ", COUNT(DISTINCT c.worker_id) FROM service_certificates c JOIN workers w ON w.id = "
        "c.worker_id WHERE c.issued_on <= ? AND c.expires_on >= ? AND (c.revoked_at IS NULL OR "
        "SUBSTR(c.revoked_at, 1, 10) > ?)" + in + " GROUP BY " + g,
        {as_of, as_of, as_of});
    auto cover = [&](const char* kind) {
      return oracle("SELECT " + g + ", COUNT(DISTINCT e.worker_id) FROM credit_entries e JOIN workers w ON w.id = "
                    "e.worker_id WHERE e.kind = ? AND e.status = 'active' AND e.occurred_on <= ? AND "
                    "(e.valid_until IS NULL OR e.valid_until >= ?)" + in + " GROUP BY " + g,
                    {std::string(kind), as_of, as_of});
    };
    Groups health = cover("health_check"), insured = cover("insurance");
    const std::string overlapping = " FROM employments m JOIN workers w ON w.id = m.worker_id WHERE m.status = "
                                    "'active' AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?)" + in;
    Groups employed = oracle(
        "SELECT " + g + ", COUNT(DISTINCT m.worker_id), COUNT(m.monthly_wage), "
        "CAST(COALESCE(SUM(m.monthly_wage), 0) AS BIGINT)" + overlapping + " GROUP BY " + g,
        {to, from});
    Groups out_of_province = oracle("SELECT " + g + ", COUNT(DISTINCT m.worker_id)" + overlapping +
                                        " AND m.place_province_code NOT IN ('62', '') GROUP BY " + g,
                                    {to, from});
    Groups cross = oracle("SELECT " + g + ", COUNT(DISTINCT m.worker_id)" + overlapping +
                              " AND m.place_province_code = '62' AND LENGTH(m.place_division_code) >= 4 AND "
                              "SUBSTR(m.place_division_code, 1, 4) <> SUBSTR(w.current_division_code, 1, 4) GROUP BY " +
                              g,
                          {to, from});
    Groups poverty_employed = oracle(
        "SELECT " + g + ", COUNT(DISTINCT m.worker_id)" + overlapping + " AND w.poverty_alleviated = 1 GROUP BY " + g,
        {to, from});
    Groups reviews = oracle("SELECT " + g + ", COUNT(*), CAST(SUM(r.skill + r.attitude + r.punctuality + r.hygiene) AS "
                            "BIGINT) FROM reviews r JOIN workers w ON w.id = r.worker_id WHERE SUBSTR(r.created_at, 1, "
                            "10) BETWEEN ? AND ?" + in + " GROUP BY " + g,
                            {from, to});
    Groups received = oracle("SELECT " + g + ", COUNT(*) FROM complaints c JOIN workers w ON w.id = c.worker_id WHERE "
                             "SUBSTR(c.created_at, 1, 10) BETWEEN ? AND ?" + in + " GROUP BY " + g,
                             {from, to});
    Groups closed = oracle(
        "SELECT " + g + ", COUNT(*), SUM(CASE WHEN c.status = 'upheld' THEN 1 ELSE 0 END), CAST(SUM(" + days +
            ") AS BIGINT) FROM complaints c JOIN workers w ON w.id = c.worker_id WHERE c.status IN ('upheld', "
            "'rejected') AND SUBSTR(c.updated_at, 1, 10) BETWEEN ? AND ?" + in + " GROUP BY " + g,
        {from, to});
    Groups paid = oracle("SELECT " + g + ", COUNT(*), CAST(SUM(p.yuan) AS BIGINT) FROM subsidy_payments p JOIN workers w "
                         "ON w.id = p.worker_id WHERE p.status = 'paid' AND SUBSTR(p.settled_at, 1, 10) BETWEEN ? AND ?" +
                             in + " GROUP BY " + g,
                         {from, to});
    const std::string eg = "SUBSTR(division_code, 1, " + std::to_string(digits) + ")";
    Groups enterprises = oracle(
        "SELECT " + eg + ", COUNT(*), SUM(CASE WHEN model = 'employee_based' THEN 1 ELSE 0 END), SUM(CASE WHEN "
        "model = 'intermediary' THEN 1 ELSE 0 END), SUM(CASE WHEN model = 'mixed' THEN 1 ELSE 0 END), SUM(CASE WHEN "
        "listing_status = 'approved' THEN 1 ELSE 0 END), SUM(CASE WHEN listing_status = 'applied' THEN 1 ELSE 0 "
        "END), SUM(CASE WHEN listing_status = 'suspended' THEN 1 ELSE 0 END), SUM(is_leading) FROM enterprises "
        "WHERE SUBSTR(created_at, 1, 10) <= ? AND division_code LIKE '" + prefix + "%' GROUP BY " + eg,
        {as_of});
    const std::string tg = digits == 4 ? "prefecture_code" : "county_code";
    auto from_day = scalar(postgres() ? "SELECT CAST(DATE '" + from + "' - DATE '1970-01-01' AS BIGINT)"
                                      : "SELECT CAST(julianday('" + from + "') - julianday('1970-01-01') AS INTEGER)");
    auto to_day = scalar(postgres() ? "SELECT CAST(DATE '" + to + "' - DATE '1970-01-01' AS BIGINT)"
                                    : "SELECT CAST(julianday('" + to + "') - julianday('1970-01-01') AS INTEGER)");
    Groups trainees = oracle("SELECT " + tg + ", COUNT(*) FROM training_completions WHERE completed_day BETWEEN ? AND ? "
                             "AND county_code LIKE '" + prefix + "%' GROUP BY " + tg,
                             {from_day, to_day});

    auto v = [](const Groups& m, const std::string& code, size_t i) -> int64_t {
      auto it = m.find(code);
      return it == m.end() ? 0 : it->second.at(i);
    };
    int64_t seen_workers = 0;
    for (const auto& rv : d.at("rows").as_array()) {
      const auto& row = rv.as_object();
      std::string code(row.at("code").as_string());
      SCOPED_TRACE(code);
      EXPECT_EQ(at(row, "workers", "registered"), v(workers, code, 0));
      EXPECT_EQ(at(row, "workers", "identity_verified"), v(workers, code, 1));
      EXPECT_EQ(at(row, "workers", "poverty_alleviated"), v(workers, code, 2));
      EXPECT_EQ(at(row, "workers", "new"), v(fresh, code, 0));
      EXPECT_EQ(at(row, "workers", "certified"), v(certified, code, 0));
      EXPECT_EQ(at(row, "workers", "health_checked"), v(health, code, 0));
      EXPECT_EQ(at(row, "workers", "insured"), v(insured, code, 0));
      EXPECT_EQ(at(row, "employment", "employed"), v(employed, code, 0));
      EXPECT_EQ(at(row, "employment", "wage_count"), v(employed, code, 1));
      EXPECT_EQ(at(row, "employment", "wage_sum"), v(employed, code, 2));
      EXPECT_EQ(at(row, "employment", "out_of_province"), v(out_of_province, code, 0));
      EXPECT_EQ(at(row, "employment", "cross_prefecture"), v(cross, code, 0));
      EXPECT_EQ(at(row, "employment", "poverty_employed"), v(poverty_employed, code, 0));
      EXPECT_EQ(at(row, "reviews", "count"), v(reviews, code, 0));
      EXPECT_EQ(at(row, "reviews", "rating_sum"), v(reviews, code, 1));
      EXPECT_EQ(at(row, "complaints", "received"), v(received, code, 0));
      EXPECT_EQ(at(row, "complaints", "closed"), v(closed, code, 0));
      EXPECT_EQ(at(row, "complaints", "upheld"), v(closed, code, 1));
      EXPECT_EQ(at(row, "complaints", "close_days_sum"), v(closed, code, 2));
      EXPECT_EQ(at(row, "subsidies", "payments"), v(paid, code, 0));
      EXPECT_EQ(at(row, "subsidies", "yuan"), v(paid, code, 1));
      EXPECT_EQ(at(row, "training", "trainee_times"), v(trainees, code, 0));
      const char* ent[] = {"total", "employee_based", "intermediary", "mixed", "listed", "applied", "suspended",
                           "leading"};
      for (size_t i = 0; i < 8; ++i) EXPECT_EQ(at(row, "enterprises", ent[i]), v(enterprises, code, i)) << ent[i];
      seen_workers += at(row, "workers", "registered");
    }
    int64_t all = 0;
    for (const auto& [code, n] : workers) all += n[0];
    EXPECT_EQ(seen_workers, all) << "every group of the oracle is a row of the answer";
    EXPECT_EQ(at(d.at("totals").as_object(), "workers", "registered"), all);
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
    for (const auto& row : dashboard(query).at("rows").as_array())
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

}  // namespace
}  // namespace jz::test
