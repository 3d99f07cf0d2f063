// Pain points over real HTTP, on the backend named by JZ_TEST_BACKEND: the texts of a period counted as SQL counts
// them; complaints written by households land in their category, with masked examples, by 市州 and county; words
// that appear only lately rise; a city officer sees her 市州 only; the answer from the in-memory index equals the
// report recomputed from the texts themselves, for each official, before and after texts are added and a worker
// moves. The texts are set up in March 2019, a month no other suite writes in.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/time.hpp"
#include "reference/divisions.hpp"
#include "supervision/painpoints_service.hpp"
#include "supervision/routes.hpp"
#include "supervision/service.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kPainPointsAccess({{"GET /api/v1/supervision/painpoints", "province_admin,department,city_officer"}});

class PainPointsApi : public ApiFixture<PainPointsApi> {
 protected:
  static void SetUpTestSuite() {
    const int64_t worker = scalar("SELECT MAX(id) FROM workers WHERE current_division_code LIKE '6201%'");
    const int64_t consumer = scalar("SELECT id FROM users WHERE username = 'consumer'");
    const std::string texts[][2] = {
        {"2019-03-05T02:00:00.000Z", "中介费交了三千，阿姨没来也不退中介费"},
        {"2019-03-12T02:00:00.000Z", "王阿姨电话13912345678，她走后家里少了两千元现金"},
        {"2019-02-20T02:00:00.000Z", "退中介费拖了一个月，中介费到现在没退"},
        {"2018-10-20T02:00:00.000Z", "约好八点到，十点才来，迟到也不说一声"},
    };
    // Written as the credit module writes them, except for the back-dated created_at: updated_at is now, so the
    // dashboard's index (which follows complaints by updated_at) sees them as the SQL oracles do.
    const std::string now = now_utc();
    auto conn = database().acquire();
    for (const auto& t : texts)
      conn->exec("INSERT INTO complaints (worker_id, consumer_user_id, text, status, created_at, updated_at) "
                 "VALUES (?, ?, ?, 'received', ?, ?)",
                 {worker, consumer, t[1], t[0], now});
  }
  static json::object get(const std::string& query, const std::string& as) {
    auto r = client().get("/api/v1/supervision/painpoints?" + query, token(as));
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).as_object();
  }
  static const json::object& category(const json::object& d, const std::string& code) {
    for (const auto& c : d.at("categories").as_array())
      if (c.at("code").as_string() == code) return c.as_object();
    static const json::object none;
    return none;
  }
  // Non-empty texts of the four sources written in [from, to] about workers of divisions starting with `prefix`.
  static int64_t oracle(const std::string& from, const std::string& to, const std::string& prefix) {
    int64_t n = 0;
    for (auto [table, text, at] : {std::tuple{"reviews", "text", "created_at"}, {"complaints", "text", "created_at"},
                                   {"disputes", "reason", "created_at"}, {"willingness_surveys", "note", "surveyed_at"}})
      n += scalar(std::string("SELECT COUNT(*) FROM ") + table + " x JOIN workers w ON w.id = x.worker_id WHERE x." +
                      text + " <> '' AND SUBSTR(x." + at + ", 1, 10) BETWEEN ? AND ? AND w.current_division_code LIKE ?",
                  {from, to, prefix + "%"});
    return n;
  }
};

TEST_F(PainPointsApi, CountsTheTextsOfThePeriodAndClassifiesThem) {
  json::object d = get("period=2019-03", "admin");
  EXPECT_EQ(d.at("texts").as_int64(), oracle("2019-03-01", "2019-03-31", "62"));
  EXPECT_GE(d.at("texts").as_int64(), 2);
  EXPECT_GE(category(d, "agency_fee_refund").at("count").as_int64(), 1);
  EXPECT_GE(category(d, "safety_theft").at("count").as_int64(), 1);
  int64_t sum = 0;
  for (const auto& c : d.at("categories").as_array()) sum += c.at("count").as_int64();
  EXPECT_EQ(sum, d.at("with_pain_point").as_int64());
  // By 市州: all 14 listed; 兰州市 holds them; the rows add up to the texts with a pain point.
  int64_t areas = 0, lanzhou = 0;
  for (const auto& a : d.at("areas").as_array()) {
    areas += a.at("counts").at("total").as_int64();
    if (a.at("code").as_string() == "6201") lanzhou = a.at("counts").at("total").as_int64();
  }
  EXPECT_EQ(d.at("areas").as_array().size(), 14u);
  EXPECT_EQ(areas, d.at("with_pain_point").as_int64());
  EXPECT_GE(lanzhou, 2);
  // The year covers February's and March's complaints; October 2018's punctuality complaint is outside it.
  json::object y = get("period=2019", "dept");
  EXPECT_EQ(y.at("texts").as_int64(), oracle("2019-01-01", "2019-12-31", "62"));
  EXPECT_GE(category(y, "agency_fee_refund").at("count").as_int64(), 2);
  EXPECT_EQ(y.at("months").as_array().front().as_string(), "2019-01");
  EXPECT_EQ(y.at("months").as_array().size(), 12u);
}

TEST_F(PainPointsApi, ExamplesAreMasked) {
  json::object d = get("period=2019-03", "admin");
  bool found = false;
  for (const auto& e : category(d, "safety_theft").at("examples").as_array()) {
    std::string text(e.at("text").as_string());
    EXPECT_EQ(text.find("13912345678"), std::string::npos) << text;
    EXPECT_EQ(text.find("王阿姨"), std::string::npos) << text;
    found = found || text.find("某阿姨电话*******5678") != std::string::npos;
  }
  EXPECT_TRUE(found);
}

TEST_F(PainPointsApi, WordsThatAppearLatelyRise) {
  // 中介费 appears in three texts of February–March 2019 and in none of the three months before.
  json::object d = get("period=2019-03", "admin");
  bool rising = false;
  for (const auto& t : d.at("rising_terms").as_array())
    if (t.at("term").as_string() == "中介费") {
      rising = true;
      EXPECT_GE(t.at("recent").as_int64(), 2);
      EXPECT_EQ(t.at("before").as_int64(), 0);
    }
  EXPECT_TRUE(rising) << json::serialize(d.at("rising_terms"));
}

TEST_F(PainPointsApi, CityOfficerSeesHerPrefectureByCounty) {
  json::object d = get("period=2019-03", "lanzhou");
  EXPECT_EQ(d.at("level").as_string(), "county");
  EXPECT_EQ(d.at("prefecture").at("code").as_string(), "6201");
  EXPECT_EQ(d.at("texts").as_int64(), oracle("2019-03-01", "2019-03-31", "6201"));
  for (const auto& a : d.at("areas").as_array()) EXPECT_EQ(std::string(a.at("code").as_string()).substr(0, 4), "6201");
  auto other = client().get("/api/v1/supervision/painpoints?period=2019-03&prefecture=6202", token("lanzhou"));
  EXPECT_EQ(other.status, 403) << other.body;
  // A province official may look into any 市州.
  json::object tianshui = get("period=2019-03&prefecture=6205", "dept");
  EXPECT_EQ(tianshui.at("texts").as_int64(), oracle("2019-03-01", "2019-03-31", "6205"));
  EXPECT_EQ(client().get("/api/v1/supervision/painpoints?period=2019-13", token("admin")).status, 400);
  EXPECT_EQ(client().get("/api/v1/supervision/painpoints?period=2019", token("enterprise")).status, 403);
}


// The endpoint answers from the in-memory index (painpoints_index.hpp); recompute_painpoints reads every text of
// the window and classifies it now. Both, serialised by the same function, must be equal field for field.
TEST_F(PainPointsApi, IndexEqualsRecomputationFromTheTexts) {
  reference::DivisionCatalog catalog;
  {
    auto conn = database().acquire();
    catalog = reference::DivisionCatalog::load(*conn);
  }
  const std::string year = today_utc().substr(0, 4);
  auto expect_same = [&](const std::string& period, const std::string& as, const std::string& asked,
                         const std::string& scope) -> int64_t {
    SCOPED_TRACE(as + " period=" + period + " prefecture=" + asked);
    json::object got = get("period=" + period + (asked.empty() ? "" : "&prefecture=" + asked), as);
    auto p = supervision::parse_dashboard_period(period, std::nullopt, std::nullopt);
    EXPECT_TRUE(p);
    if (!p) return 0;
    json::object want;
    {
      auto conn = database().acquire();
      want = supervision::painpoints_json(supervision::recompute_painpoints(*conn, *p, scope), catalog);
    }
    // Through text once, as `got` came (the parser may round the last digit of a double).
    EXPECT_EQ(json::serialize(got), json::serialize(json::parse(json::serialize(want))));
    return got.at("texts").as_int64();
  };
  auto all_roles = [&] {
    int64_t n = 0;
    n += expect_same("2019-03", "admin", "", "");
    n += expect_same(year, "admin", "", "");
    n += expect_same(year + "-Q" + std::to_string((std::stoi(today_utc().substr(5, 2)) + 2) / 3), "dept", "", "");
    n += expect_same("2025", "dept", "6205", "6205");
    n += expect_same(year, "lanzhou", "", "6201");
    n += expect_same("2019-03", "lanzhou", "", "6201");
    return n;
  };
  EXPECT_GT(all_roles(), 0) << "the demo data has texts to compare";

  // New texts (a complaint, a survey answer written and then emptied) and a worker who moves to 天水市: the index
  // follows them.
  const int64_t worker = scalar("SELECT MIN(id) FROM workers WHERE current_division_code LIKE '6201%'");
  const int64_t consumer = scalar("SELECT id FROM users WHERE username = 'consumer'");
  std::string home;
  {
    auto conn = database().acquire();
    home = conn->query("SELECT current_division_code FROM workers WHERE id = ?", {worker})[0].get_text(0);
    conn->exec("INSERT INTO complaints (worker_id, consumer_user_id, text, status, created_at, updated_at) "
               "VALUES (?, ?, '阿姨偷拿了家里的首饰', 'received', ?, ?)",
               {worker, consumer, now_utc(), now_utc()});
  }
  const int64_t surveyed =
      scalar("SELECT MIN(id) FROM workers w WHERE current_division_code LIKE '6201%' AND NOT EXISTS (SELECT 1 FROM "
             "willingness_surveys s WHERE s.worker_id = w.id)");
  auto survey = [&](const std::string& note) {
    auto conn = database().acquire();
    conn->exec("INSERT INTO willingness_surveys (worker_id, prefecture_code, county_code, willing, occupations, "
               "can_leave_home, prior_training, note, surveyed_at) VALUES (?, '6201', '620102', 1, '', 1, '', ?, ?) "
               "ON CONFLICT (worker_id) DO UPDATE SET note = excluded.note, surveyed_at = excluded.surveyed_at",
               {surveyed, note, now_utc()});
  };
  survey("老板拖欠工资两个月了，一直不给");
  all_roles();
  survey("");  // emptied: the index drops it
  all_roles();
  auto move = [&](const std::string& division) {
    auto conn = database().acquire();
    conn->exec("UPDATE workers SET current_division_code = ?, updated_at = ? WHERE id = ?",
               {division, now_utc(), worker});
  };
  move("620502");
  all_roles();
  move(home);
  all_roles();
}

}  // namespace
}  // namespace jz::test
