// Supply and demand over real HTTP, on the backend named by JZ_TEST_BACKEND: the public job feed, postings,
// matches with their score components and the data scope of candidates (masked for enterprises outside their
// staff until the worker accepts contact), denials (another enterprise's posting, an officer outside her
// 市州, anonymous), the engine against a SQL oracle of the hard constraints on the demo data, freshness of
// the index after insert/update/"delete" through the API, across two instances on PostgreSQL, and transfer
// plans with their four-eyes approval writing employment entries.
#include <gtest/gtest.h>
#include <iostream>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/id_number.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "db/database.hpp"
#include "test_server.hpp"

extern char** environ;

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kMatchingAccess({
    {"GET /api/v1/jobs/feed.json", "public"},
    {"GET /api/v1/jobs/feed.rss", "public"},
    {"GET /api/v1/jobs", "public"},
    {"POST /api/v1/jobs", "enterprise,province_admin,city_officer"},
    {"GET /api/v1/jobs/{id}", "public"},
    {"PATCH /api/v1/jobs/{id}", "enterprise,province_admin,city_officer"},
    {"DELETE /api/v1/jobs/{id}", "enterprise,province_admin,city_officer"},
    {"GET /api/v1/jobs/{id}/matches", "enterprise,province_admin,department,city_officer"},
    {"POST /api/v1/match", "enterprise,province_admin,department,city_officer"},
    {"GET /api/v1/workers/{id}/jobs", "province_admin,department,city_officer,enterprise,worker"},
    {"GET /api/v1/matching/status", "province_admin,department"},
    {"POST /api/v1/jobs/{id}/contact-requests", "enterprise"},
    {"GET /api/v1/me/contact-requests", "worker"},
    {"POST /api/v1/contact-requests/{id}/answer", "worker"},
    {"GET /api/v1/recruitment-events", "public"},
    {"GET /api/v1/recruitment-events/{id}", "public"},
    {"POST /api/v1/recruitment-events", "province_admin,city_officer"},
    {"POST /api/v1/service-requests", "consumer"},
    {"GET /api/v1/service-requests", "consumer,province_admin,department,city_officer"},
    {"GET /api/v1/service-requests/{id}/matches", "consumer,province_admin,department,city_officer"},
    {"POST /api/v1/transfer-plans", "province_admin,city_officer"},
    {"GET /api/v1/transfer-plans", "province_admin,department,city_officer"},
    {"GET /api/v1/transfer-plans/{id}", "province_admin,department,city_officer"},
    {"POST /api/v1/transfer-plans/{id}/approve", "province_admin,city_officer"},
});

class MatchingApi : public ApiFixture<MatchingApi> {
 protected:
  static db::Rows query(const std::string& sql, const db::Params& p = {}) {
    auto conn = database().acquire();
    return conn->query(sql, p);
  }
  static HttpResult call(const std::string& method, const std::string& target, const std::string& as,
                         const std::string& body = "") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    if (!as.empty()) r.token = token(as);
    return client().send(r);
  }
  static HttpResult post(const std::string& target, const json::object& body, const std::string& as) {
    return call("POST", target, as, json::serialize(body));
  }
  static json::object job_body(const std::string& occupation, const std::string& county, json::object extra = {}) {
    json::object o{{"title", "测试岗位"}, {"occupation", occupation}, {"wage_min", 3000}, {"wage_max", 6000},
                   {"openings", 2}};
    if (!county.empty()) o["division_code"] = county;
    for (const auto& [k, v] : extra) o[k] = v;
    return o;
  }
  // Posts a job as `as` and returns its id (officials post as an employer of the demo job fair).
  static int64_t post_job(const std::string& as, json::object body) {
    if (as != "enterprise") {
      body["employer"] = "测试用人单位";
      if (!body.contains("event_id")) body["event_id"] = fair_id();
    }
    auto r = post("/api/v1/jobs", body, as);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  static int64_t fair_id() { return scalar("SELECT MIN(id) FROM recruitment_events WHERE kind = 'job_fair'"); }
  static json::object matches(int64_t job, const std::string& as, int k = 500) {
    auto r = call("GET", "/api/v1/jobs/" + std::to_string(job) + "/matches?k=" + std::to_string(k), as);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().as_object() : json::object{};
  }
  static std::vector<int64_t> worker_ids(const json::object& m) {
    std::vector<int64_t> out;
    for (const auto& it : m.at("items").as_array()) {
      const auto& w = it.at("worker");
      out.push_back(w.as_object().contains("worker_id") ? w.at("worker_id").as_int64() : 0);
    }
    return out;
  }
  static std::string new_id_number(const std::string& county) {
    static int n = 0;
    ++n;
    int seq = ((::getpid() / 7 + n * 41) % 500) * 2;
    char first17[18];
    std::snprintf(first17, sizeof first17, "%s1970%02d%02d%03d", county.c_str(), n % 12 + 1, (::getpid() + n) % 28 + 1,
                  seq);
    return std::string(first17) + id_number_check_char(first17);
  }
};

TEST_F(MatchingApi, PublicFeedListsOpenJobsWithFiltersAsJsonAndRss) {
  auto all = client().get("/api/v1/jobs/feed.json");
  ASSERT_EQ(all.status, 200) << all.body;
  auto items = all.json().at("items").as_array();
  ASSERT_FALSE(items.empty());
  bool partner = false;
  // JSON Feed 1.1: the posting itself is in each item's "_jiazheng" extension.
  EXPECT_EQ(all.json().at("version").as_string(), "https://jsonfeed.org/version/1.1");
  for (const auto& j : items) partner |= !j.at("_jiazheng").at("place").at("in_gansu").as_bool();
  EXPECT_TRUE(partner) << "the demo job fair has East–West postings";
  auto lz = client().get("/api/v1/jobs/feed.json?prefecture=6201&occupation=elderly_care").json();
  for (const auto& j : lz.at("items").as_array()) {
    EXPECT_EQ(j.at("_jiazheng").at("place").at("prefecture_code").as_string(), "6201");
    EXPECT_EQ(j.at("_jiazheng").at("occupation").as_string(), "elderly_care");
  }
  EXPECT_GT(lz.at("_jiazheng").at("total").as_int64(), 0);
  auto rss = client().get("/api/v1/jobs/feed.rss?prefecture=6201");
  ASSERT_EQ(rss.status, 200);
  EXPECT_NE(rss.header("content-type").find("application/rss+xml"), std::string::npos);
  EXPECT_NE(rss.body.find("<rss version=\"2.0\""), std::string::npos);
  EXPECT_NE(rss.body.find("<item>"), std::string::npos);
  EXPECT_EQ(client().get("/api/v1/jobs/feed.json?occupation=astronaut").error_code(), "unknown_occupation");
  // Closed postings leave the feed.
  int64_t id = post_job("enterprise", job_body("home_decor", "620102", {{"title", "即将关闭的岗位"}}));
  EXPECT_EQ(call("PATCH", "/api/v1/jobs/" + std::to_string(id), "enterprise", R"({"status":"closed"})").status, 200);
  EXPECT_EQ(client().get("/api/v1/jobs/" + std::to_string(id)).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/jobs/" + std::to_string(id), "enterprise").status, 200);
  EXPECT_EQ(client().get("/api/v1/jobs/feed.json").body.find("即将关闭的岗位"), std::string::npos);
}

TEST_F(MatchingApi, PostingValidatesPlaceAndFields) {
  auto bad = post("/api/v1/jobs", job_body("elderly_care", "999999"), "enterprise");
  EXPECT_EQ(bad.error_code(), "unknown_division");
  EXPECT_EQ(bad.error_field(), "division_code");
  EXPECT_EQ(post("/api/v1/jobs", job_body("elderly_care", ""), "enterprise").error_code(), "missing_field");
  EXPECT_EQ(post("/api/v1/jobs", job_body("elderly_care", "620102", {{"wage_min", 9000}, {"wage_max", 3000}}),
                 "enterprise")
                .error_field(),
            "wage_max");
  auto en = call("POST", "/api/v1/jobs", "enterprise", json::serialize(job_body("x", "620102")));
  EXPECT_EQ(en.error_code(), "unknown_occupation");
  EXPECT_EQ(en.status, 400);
  // A 市州 officer posts under a recruitment event of her own 市州 only.
  auto no_event = post("/api/v1/jobs", job_body("elderly_care", "620102", {{"employer", "某单位"}}), "lanzhou");
  EXPECT_EQ(no_event.error_code(), "missing_field");
  EXPECT_EQ(no_event.error_field(), "event_id");
  auto partner = post("/api/v1/jobs",
                      json::object{{"title", "天津养老护理"}, {"occupation", "elderly_care"}, {"province_code", "12"},
                                   {"city", "天津市"}, {"employer", "天津某养老院"}, {"event_id", fair_id()}},
                      "lanzhou");
  ASSERT_EQ(partner.status, 201) << partner.body;
  EXPECT_EQ(partner.json().at("place").at("city").as_string(), "天津");
}

TEST_F(MatchingApi, EnterpriseSeesRankedCandidatesWithComponentsAndMaskedStrangers) {
  int64_t job = post_job("enterprise", job_body("housekeeping", "620102"));
  auto m = matches(job, "enterprise", 50);
  auto items = m.at("items").as_array();
  ASSERT_FALSE(items.empty());
  double prev = 1e9;
  int64_t ent = scalar("SELECT enterprise_id FROM users WHERE username = 'enterprise'");
  for (const auto& it : items) {
    double score = it.at("score").to_number<double>();
    EXPECT_LE(score, prev + 1e-9);
    prev = score;
    double sum = 0;
    for (const char* c : {"skill", "credit", "region", "wage", "experience", "rating", "priority"})
      sum += it.at("components").at(c).at("points").to_number<double>();
    EXPECT_NEAR(sum, score, 0.05);
    const auto& w = it.at("worker").as_object();
    // Her own staff are listed in full; a stranger shows no public id, no worker id and her surname only.
    bool staff = w.contains("worker_id");
    if (staff) EXPECT_EQ(scalar("SELECT enterprise_id FROM workers WHERE id = ?", {w.at("worker_id").as_int64()}), ent);
    EXPECT_EQ(w.at("revealed").as_bool(), staff);
    EXPECT_EQ(w.contains("phone_mask"), staff);
    EXPECT_EQ(w.contains("public_id"), staff);
    EXPECT_FALSE(std::string(w.at("candidate").as_string()).empty());
    if (!staff) {
      // Not even the surname, county or birth year: together they single her out.
      EXPECT_TRUE(w.at("name").is_null());
      EXPECT_FALSE(w.contains("county_code") || w.contains("county") || w.contains("birth_year"));
      std::string band(w.at("age_band").as_string());
      ASSERT_EQ(band.size(), 5u) << band;  // "40-49"
      EXPECT_EQ(std::stoi(band.substr(3)) - std::stoi(band.substr(0, 2)), 9);
      EXPECT_EQ(static_cast<int64_t>(it.at("distance_km").to_number<double>()) % 10, 0);
    } else {
      EXPECT_FALSE(std::string(w.at("name").as_string()).empty());
      EXPECT_EQ(w.at("birth_year").as_string().size(), 4u);
    }
  }
  // Never a full ID number or phone in the answer.
  EXPECT_EQ(m.at("weights").at("skill").to_number<double>(), 20);
}

TEST_F(MatchingApi, DenialsOtherEnterpriseOfficerOutsideHerPrefectureAnonymous) {
  // A posting of the job fair (no enterprise) and one of another enterprise.
  int64_t fair_job = post_job("admin", job_body("elderly_care", "620502"));  // 天水市秦州区
  EXPECT_EQ(call("GET", "/api/v1/jobs/" + std::to_string(fair_job) + "/matches", "enterprise").error_code(),
            "out_of_scope");
  int64_t other = scalar("SELECT MAX(id) FROM enterprises");
  int64_t ent = scalar("SELECT enterprise_id FROM users WHERE username = 'enterprise'");
  ASSERT_NE(other, ent);
  {
    auto conn = database().acquire();
    conn->exec(
        "INSERT INTO jobs (enterprise_id, employer, title, occupation_code, place_division_code, place_province_code, "
        "prefecture_code, valid_from, valid_until, created_at, updated_at) VALUES (?, '别家', '别家的岗位', "
        "'housekeeping', '620102', '62', '6201', ?, ?, ?, ?)",
        {other, today_utc(), credit::add_days(today_utc(), 30), now_utc(), now_utc()});
  }
  int64_t theirs = scalar("SELECT MAX(id) FROM jobs WHERE enterprise_id = ?", {other});
  auto r = call("GET", "/api/v1/jobs/" + std::to_string(theirs) + "/matches", "enterprise");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "out_of_scope");
  EXPECT_EQ(call("PATCH", "/api/v1/jobs/" + std::to_string(theirs), "enterprise", R"({"status":"closed"})").error_code(),
            "out_of_scope");
  EXPECT_EQ(call("POST", "/api/v1/jobs/" + std::to_string(theirs) + "/contact-requests", "enterprise",
                 R"({"public_id":"x"})")
                .error_code(),
            "out_of_scope");
  // The 兰州 officer: a 天水 posting is outside her 市州; a 兰州 one is hers.
  EXPECT_EQ(call("GET", "/api/v1/jobs/" + std::to_string(fair_job) + "/matches", "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(call("GET", "/api/v1/jobs/" + std::to_string(theirs) + "/matches", "lanzhou").status, 200);
  // Province-wide officials see every posting's matches; the lanzhou officer sees full listings in 兰州 only.
  auto dept = matches(fair_job, "dept");
  for (const auto& it : dept.at("items").as_array()) EXPECT_TRUE(it.at("worker").at("revealed").as_bool());
  auto lanzhou_view = matches(theirs, "lanzhou");
  for (const auto& it : lanzhou_view.at("items").as_array()) {
    const auto& w = it.at("worker").as_object();
    EXPECT_EQ(w.contains("public_id"), w.at("revealed").as_bool());
    if (w.contains("worker_id"))
      EXPECT_EQ(query("SELECT prefecture_code FROM workers WHERE id = ?", {w.at("worker_id").as_int64()})[0].get_text(0),
                "6201");
  }
  // Anonymous callers get nothing.
  EXPECT_EQ(client().get("/api/v1/jobs/" + std::to_string(theirs) + "/matches").status, 401);
  EXPECT_EQ(client().post_json("/api/v1/match", "{}").status, 401);
  // A worker's jobs: herself yes, another worker no; an enterprise only for its staff.
  int64_t me = scalar("SELECT worker_id FROM users WHERE username = 'worker'");
  EXPECT_EQ(call("GET", "/api/v1/workers/" + std::to_string(me) + "/jobs", "worker").status, 200);
  int64_t stranger = scalar("SELECT MAX(id) FROM workers WHERE id <> ? AND (enterprise_id IS NULL OR enterprise_id <> ?)",
                            {me, ent});
  EXPECT_EQ(call("GET", "/api/v1/workers/" + std::to_string(stranger) + "/jobs", "worker").error_code(), "out_of_scope");
  EXPECT_EQ(call("GET", "/api/v1/workers/" + std::to_string(stranger) + "/jobs", "enterprise").error_code(),
            "out_of_scope");
}

// The engine's answer equals the set of workers a plain SQL query of the hard constraints finds.
TEST_F(MatchingApi, EligibleCandidatesEqualASqlOracleOfTheHardConstraints) {
  std::string today = today_utc();
  struct Case {
    std::string occupation, county, province, city;
    int min_level;
    bool live_in, health;
  };
  std::vector<Case> cases;
  const char* occs[] = {"housekeeping", "elderly_care", "maternity_care", "infant_care", "home_cooking"};
  const char* counties[] = {"620102", "620105", "621126", "622901", "620502"};
  int n = 0;
  for (const char* o : occs)
    for (const char* c : counties) {
      ++n;
      cases.push_back({o, c, "", "", 1 + n % 3, n % 4 == 0, n % 2 == 0});
    }
  for (const char* city : {"天津", "北京", "厦门"})
    for (const char* o : occs) cases.push_back({o, "", city == std::string("厦门") ? "35" : "12", city, 1, false, n++ % 2});
  size_t matched_total = 0, nonempty = 0;
  for (const auto& c : cases) {
    json::object body = job_body(c.occupation, c.county, {{"min_level", c.min_level}, {"live_in", c.live_in},
                                                          {"requires_health_check", c.health}});
    if (c.county.empty()) {
      body["province_code"] = c.province;
      body["city"] = c.city;
    }
    int64_t job = post_job("admin", body);
    auto m = matches(job, "admin");
    auto got = worker_ids(m);
    std::set<int64_t> engine(got.begin(), got.end());
    std::string sql =
        "SELECT w.id FROM workers w JOIN worker_occupations o ON o.worker_id = w.id AND o.occupation_code = ? AND "
        "o.level >= ? WHERE w.hours_per_week > 0 AND w.identity_status <> 'failed'";
    db::Params p{c.occupation, int64_t{c.min_level}};
    if (c.county.empty()) {
      sql += " AND w.work_scope = 'cross_province' AND (w.preferred_cities = '' OR ';' || w.preferred_cities || ';' "
             "LIKE ?)";
      p.push_back("%;" + c.city + ";%");
    } else {
      sql += " AND (w.work_scope <> 'home_county' OR w.current_division_code = ?)";
      p.push_back(c.county);
    }
    if (c.live_in) sql += " AND w.live_in = 1";
    if (c.health) {
      sql += " AND EXISTS (SELECT 1 FROM credit_entries e WHERE e.worker_id = w.id AND e.kind = 'health_check' AND "
             "e.status <> 'withdrawn' AND e.valid_until >= ?)";
      p.push_back(today);
    }
    std::set<int64_t> oracle;
    for (const auto& r : query(sql, p)) oracle.insert(r.get_int(0));
    EXPECT_EQ(engine, oracle) << c.occupation << " " << c.county << c.city << " level " << c.min_level;
    EXPECT_EQ(m.at("eligible").as_int64(), static_cast<int64_t>(oracle.size()));
    matched_total += oracle.size();
    nonempty += !oracle.empty();
  }
  // Not a vacuous comparison: most cases have candidates.
  EXPECT_GT(nonempty, cases.size() / 2);
  EXPECT_GT(matched_total, 100u);
}

TEST_F(MatchingApi, IndexFollowsInsertUpdateAndRemovalThroughTheApi) {
  // A job only a level-4 appliance repairer in 天水 who will work in the province fits.
  int64_t job = post_job("admin", job_body("appliance_repair", "620502", {{"min_level", 4}}));
  json::object w{{"name", "测试芳"},
                 {"id_number", new_id_number("620502")},
                 {"current_division_code", "620502"},
                 {"occupations", json::array{json::object{{"code", "appliance_repair"}, {"level", 4}}}},
                 {"hours_per_week", 40},
                 {"work_scope", "home_county"}};
  auto created = post("/api/v1/workers", w, "admin");
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json().at("id").as_int64();
  auto contains = [&](int64_t j) {
    auto ids = worker_ids(matches(j, "admin"));
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  EXPECT_TRUE(contains(job)) << "insert visible to the next match";
  std::string wpath = "/api/v1/workers/" + std::to_string(id);
  ASSERT_EQ(call("PATCH", wpath, "admin", R"({"occupations":[{"code":"appliance_repair","level":2}]})").status, 200);
  EXPECT_FALSE(contains(job)) << "update visible to the next match";
  ASSERT_EQ(call("PATCH", wpath, "admin", R"({"occupations":[{"code":"appliance_repair","level":4}]})").status, 200);
  EXPECT_TRUE(contains(job));
  // The registry has no delete: an identity check that failed takes her out of every list (through the
  // credit file, which the index follows too).
  auto failed = post(wpath + "/credit-entries",
                     json::object{{"kind", "identity_verification"},
                                  {"occurred_on", today_utc()},
                                  {"details", json::object{{"status", "failed"}, {"method", "document_check"}}}},
                     "admin");
  ASSERT_EQ(failed.status, 201) << failed.body;
  EXPECT_FALSE(contains(job)) << "removal visible to the next match";
  auto verified = post(wpath + "/credit-entries",
                       json::object{{"kind", "identity_verification"},
                                    {"occurred_on", today_utc()},
                                    {"details", json::object{{"status", "verified"}, {"method", "document_check"}}}},
                       "admin");
  ASSERT_EQ(verified.status, 201) << verified.body;
  EXPECT_TRUE(contains(job));
  // A home-county worker is never proposed outside her county, however well she fits.
  int64_t elsewhere = post_job("admin", job_body("appliance_repair", "620102", {{"min_level", 4}}));
  EXPECT_FALSE(contains(elsewhere));
  ASSERT_EQ(call("PATCH", wpath, "admin", R"({"work_scope":"in_province"})").status, 200);
  EXPECT_TRUE(contains(elsewhere));
  // Her jobs, the other way round, list the job with her score.
  auto mine = call("GET", wpath + "/jobs?k=100", "admin");
  ASSERT_EQ(mine.status, 200) << mine.body;
  bool found = false;
  auto mine_json = mine.json();
  for (const auto& it : mine_json.at("items").as_array())
    found |= it.at("job").at("id").as_int64() == job && it.at("score").to_number<double>() > 0;
  EXPECT_TRUE(found);
}

TEST_F(MatchingApi, AdHocDemandAndServiceRequest) {
  auto r = post("/api/v1/match?k=5",
                json::object{{"occupation", "housekeeping"}, {"division_code", "620102"}, {"wage_max", 5000}},
                "enterprise");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_LE(r.json().at("items").as_array().size(), 5u);
  EXPECT_EQ(post("/api/v1/match", json::object{{"occupation", "housekeeping"}}, "dept").error_code(), "missing_field");
  auto sr = post("/api/v1/service-requests",
                 json::object{{"occupation", "home_cooking"}, {"county_code", "620102"}, {"schedule", "每周一三五晚餐"},
                              {"budget", 3000}},
                 "consumer");
  ASSERT_EQ(sr.status, 201) << sr.body;
  auto id = sr.json().at("id").as_int64();
  auto m = call("GET", "/api/v1/service-requests/" + std::to_string(id) + "/matches", "consumer");
  ASSERT_EQ(m.status, 200) << m.body;
  auto consumer_view = m.json();
  for (const auto& it : consumer_view.at("items").as_array()) EXPECT_FALSE(it.at("worker").at("revealed").as_bool());
  EXPECT_EQ(call("GET", "/api/v1/service-requests/" + std::to_string(id) + "/matches", "lanzhou").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/service-requests", "consumer").json().at("items").as_array().empty(), false);
}

TEST_F(MatchingApi, ContactRequestRevealsTheCandidateOnlyAfterSheAccepts) {
  int64_t me = scalar("SELECT worker_id FROM users WHERE username = 'worker'");
  auto facts = query(
      "SELECT w.current_division_code, o.occupation_code, w.public_id FROM workers w JOIN worker_occupations o ON "
      "o.worker_id = w.id WHERE w.id = ? ORDER BY o.level DESC",
      {me});
  ASSERT_FALSE(facts.empty());
  int64_t job = post_job("enterprise", job_body(facts[0].get_text(1), facts[0].get_text(0)));
  std::string pid = facts[0].get_text(2);
  auto rq = post("/api/v1/jobs/" + std::to_string(job) + "/contact-requests", json::object{{"public_id", pid}},
                 "enterprise");
  ASSERT_EQ(rq.status, 201) << rq.body;
  int64_t cid = rq.json().at("id").as_int64();
  EXPECT_EQ(post("/api/v1/jobs/" + std::to_string(job) + "/contact-requests", json::object{{"public_id", pid}},
                 "enterprise")
                .error_code(),
            "conflict");
  auto mine = call("GET", "/api/v1/me/contact-requests", "worker").json().at("items").as_array();
  EXPECT_TRUE(std::any_of(mine.begin(), mine.end(), [&](const json::value& v) { return v.at("id").as_int64() == cid; }));
  auto ans = call("POST", "/api/v1/contact-requests/" + std::to_string(cid) + "/answer", "worker", R"({"accept":true})");
  ASSERT_EQ(ans.status, 200) << ans.body;
  EXPECT_EQ(ans.json().at("status").as_string(), "accepted");
  EXPECT_EQ(call("POST", "/api/v1/contact-requests/" + std::to_string(cid) + "/answer", "worker", R"({"accept":false})")
                .error_code(),
            "invalid_transition");
  auto after = matches(job, "enterprise");
  for (const auto& it : after.at("items").as_array())
    if (auto* p = it.at("worker").as_object().if_contains("public_id"); p && p->as_string() == pid) {
      EXPECT_EQ(it.at("contact_status").as_string(), "accepted");
      EXPECT_TRUE(it.at("worker").at("revealed").as_bool());
    }
}

TEST_F(MatchingApi, TransferPlanIsOptimalFeasibleAndApprovedByASecondOfficial) {
  int64_t base = scalar("SELECT MIN(id) FROM transfer_bases WHERE prefecture_code = '6201'");
  ASSERT_GT(base, 0);
  std::vector<int64_t> jobs;
  for (const char* occ : {"housekeeping", "elderly_care", "infant_care", "home_cooking"})
    jobs.push_back(post_job("admin", job_body(occ, "620102", {{"openings", 3}})));
  jobs.push_back(post_job("admin", job_body("housekeeping", "", {{"province_code", "12"}, {"city", "天津"}})));
  json::array ids;
  for (auto j : jobs) ids.push_back(j);
  auto r = post("/api/v1/transfer-plans", json::object{{"name", "兰州→省内与天津"}, {"base_id", base}, {"job_ids", ids}},
                "admin");
  ASSERT_EQ(r.status, 201) << r.body;
  auto plan = r.json().as_object();
  int64_t plan_id = plan.at("id").as_int64();
  EXPECT_GE(plan.at("total_score").to_number<double>(), plan.at("greedy_score").to_number<double>());
  std::set<int64_t> workers;
  std::map<int64_t, int64_t> per_job;
  std::set<int64_t> members;
  for (const auto& row : query("SELECT worker_id FROM transfer_base_workers WHERE base_id = ?", {base}))
    members.insert(row.get_int(0));
  for (const auto& p : plan.at("pairs").as_array()) {
    int64_t w = p.at("worker_id").as_int64();
    EXPECT_TRUE(workers.insert(w).second) << "worker " << w << " twice";
    EXPECT_TRUE(members.count(w)) << "worker " << w << " not in the cohort";
    ++per_job[p.at("job_id").as_int64()];
    // Hard constraints hold for every pair: nobody who stays in her county goes to another one or to 天津.
    auto scope = query("SELECT work_scope, current_division_code FROM workers WHERE id = ?", {w})[0];
    if (p.at("job_id").as_int64() == jobs.back()) EXPECT_EQ(scope.get_text(0), "cross_province");
    if (scope.get_text(0) == "home_county") EXPECT_EQ(scope.get_text(1), "620102");
  }
  for (const auto& o : plan.at("openings").as_array()) {
    int64_t j = o.at("job_id").as_int64();
    EXPECT_LE(per_job[j], o.at("headcount").as_int64());
    EXPECT_EQ(per_job[j], o.at("assigned").as_int64());
    if (o.at("assigned").as_int64() < o.at("headcount").as_int64()) EXPECT_FALSE(o.at("reason").as_string().empty());
  }
  std::string path = "/api/v1/transfer-plans/" + std::to_string(plan_id);
  EXPECT_EQ(call("GET", path, "lanzhou").status, 200);
  // Workers by name, not number: in full for the province admin; for the 兰州 officer in full only for workers
  // of her 市州, masked for anyone else's.
  for (const char* viewer : {"admin", "lanzhou"}) {
    auto seen = call("GET", path, viewer);
    ASSERT_EQ(seen.status, 200) << seen.body;
    auto body = seen.json();
    ASSERT_FALSE(body.at("pairs").as_array().empty());
    for (const auto& p : body.at("pairs").as_array()) {
      auto w = query("SELECT name, prefecture_code FROM workers WHERE id = ?", {p.at("worker_id").as_int64()})[0];
      std::string shown(p.at("worker_name").as_string());
      if (std::string(viewer) == "admin" || w.get_text(1) == "6201")
        EXPECT_EQ(shown, w.get_text(0)) << viewer;
      else
        EXPECT_TRUE(!shown.empty() && shown != w.get_text(0)) << viewer << " sees " << shown;
    }
  }
  EXPECT_EQ(call("POST", path + "/approve", "admin").error_code(), "plan_needs_second_official");
  int64_t entries_before = scalar("SELECT COUNT(*) FROM credit_entries WHERE kind = 'employment'");
  auto ok = call("POST", path + "/approve", "lanzhou");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("status").as_string(), "approved");
  int64_t pairs = static_cast<int64_t>(plan.at("pairs").as_array().size());
  EXPECT_GT(pairs, 3) << "the demo base fills some openings";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM credit_entries WHERE kind = 'employment'") - entries_before, pairs);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM transfer_plan_pairs WHERE plan_id = ? AND entry_id IS NOT NULL", {plan_id}),
            pairs);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM employments e JOIN transfer_plan_pairs p ON p.entry_id = e.entry_id WHERE "
                   "p.plan_id = ?",
                   {plan_id}),
            pairs);
  EXPECT_EQ(call("POST", path + "/approve", "admin").error_code(), "plan_already_approved");
  EXPECT_EQ(call("DELETE", "/api/v1/jobs/" + std::to_string(jobs[0]), "admin").error_code(),
            pairs > 0 ? "job_in_plan" : "");
  // The 兰州 officer cannot plan for, or see, another 市州's base.
  int64_t linxia = scalar("SELECT MIN(id) FROM transfer_bases WHERE prefecture_code = '6229'");
  EXPECT_EQ(post("/api/v1/transfer-plans", json::object{{"name", "x"}, {"base_id", linxia}, {"job_ids", ids}}, "lanzhou")
                .error_code(),
            "out_of_scope");
  EXPECT_EQ(post("/api/v1/transfer-plans",
                 json::object{{"name", "x"}, {"prefecture", "6229"}, {"job_ids", ids}}, "lanzhou")
                .error_code(),
            "out_of_scope");
}

// ── Two instances on one PostgreSQL database ─────────────────────────────────────────────────────────────

int spawn_server(const std::vector<std::string>& args, const std::string& log) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0].c_str(), &fa, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

class SecondInstance {
 public:
  SecondInstance() {
    port_ = free_port();
    auto dir = TestServer::shared().dir();
    pid_ = spawn_server({JZ_SERVER_BINARY, "serve", "--listen", "127.0.0.1:" + std::to_string(port_), "--database",
                         TestServer::shared().database_url(), "--key-dir", (dir / "keys").string(), "--web-root",
                         TestServer::shared().web_root().string(), "--threads", "2"},
                        (dir / ("second-" + std::to_string(port_) + ".log")).string());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        if (client().get("/readyz").status == 200) return;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("second instance not ready");
  }
  ~SecondInstance() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int st = 0;
      waitpid(pid_, &st, 0);
    }
  }
  HttpClient client() const { return HttpClient("127.0.0.1", port_); }

 private:
  int port_ = 0;
  int pid_ = -1;
};

TEST_F(MatchingApi, ChangeThroughOneInstanceReachesTheOtherWithinASecond) {
  if (test_backend() != "postgres") GTEST_SKIP() << "several instances share a PostgreSQL database";
  int64_t job = post_job("admin", job_body("appliance_repair", "620105", {{"min_level", 3}}));
  json::object w{{"name", "测试兰"},
                 {"id_number", new_id_number("620105")},
                 {"current_division_code", "620105"},
                 {"occupations", json::array{json::object{{"code", "appliance_repair"}, {"level", 3}}}},
                 {"work_scope", "home_county"}};
  auto created = post("/api/v1/workers", w, "admin");
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json().at("id").as_int64();
  std::string wpath = "/api/v1/workers/" + std::to_string(id);
  auto in_b = [&](const SecondInstance& b) {
    HttpRequest r;
    r.target = "/api/v1/jobs/" + std::to_string(job) + "/matches?k=500";
    r.token = token("admin");  // sessions live in the shared database
    auto res = b.client().send(r);
    EXPECT_EQ(res.status, 200) << res.body;
    auto ids = worker_ids(res.json().as_object());
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  auto wait_until = [&](const SecondInstance& b, bool want) {
    auto start = std::chrono::steady_clock::now();
    while (in_b(b) != want) {
      if (std::chrono::steady_clock::now() - start > std::chrono::seconds(30)) return 99999.0;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  };
  {
    SecondInstance b;
    EXPECT_TRUE(in_b(b)) << "loaded at start";
    ASSERT_EQ(call("PATCH", wpath, "admin", R"({"occupations":[{"code":"appliance_repair","level":1}]})").status, 200);
    // Reaching B is asserted; how fast (the 1 s target) is printed and measured by bench/matching_bench.sh,
    // not asserted: a loaded CI machine must not fail a correct build.
    double ms = wait_until(b, false);
    EXPECT_LT(ms, 30000) << "update through A never reached B";
    std::cout << "[ propagation ] update through A reached B after " << ms << " ms\n";
    ASSERT_EQ(call("PATCH", wpath, "admin", R"({"occupations":[{"code":"appliance_repair","level":4}]})").status, 200);
    ms = wait_until(b, true);
    EXPECT_LT(ms, 30000) << "second update never reached B";
    std::cout << "[ propagation ] second update reached B after " << ms << " ms\n";
  }
  // B is down while A changes her; B catches up when it starts again.
  ASSERT_EQ(call("PATCH", wpath, "admin", R"({"occupations":[{"code":"home_decor","level":1}]})").status, 200);
  SecondInstance again;
  EXPECT_FALSE(in_b(again));
}

}  // namespace
}  // namespace jz::test
