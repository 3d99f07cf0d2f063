// The credit file (信用档案) over real HTTP, on the backend named by JZ_TEST_BACKEND: who may record which
// kind for whom, self-claims shown apart, health results hidden from everyone but the worker and officials
// in scope, the score moving with reviews and upheld complaints, disputes keeping their history, expiry
// reminders per role, and the worker's "who viewed me" list.
//
// The shared server holds other modules' test data too, so each test takes workers of its own (lowest ids
// first; other files take the highest) and compares before/after instead of assuming an empty file.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "db/database.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kCreditAccess(
    {
        {"GET /api/v1/workers/{id}/credit-entries",
         "province_admin,department,city_officer,enterprise,worker"},
        {"POST /api/v1/workers/{id}/credit-entries",
         "province_admin,city_officer,enterprise,institution,worker"},
        {"GET /api/v1/workers/{id}/credit", "province_admin,department,city_officer,enterprise,worker"},
        {"GET /api/v1/workers/{id}/reviews", "province_admin,department,city_officer,enterprise,worker"},
        {"POST /api/v1/workers/{id}/reviews", "consumer"},
        {"POST /api/v1/workers/{id}/complaints", "consumer"},
        {"GET /api/v1/complaints", "province_admin,department,city_officer,enterprise"},
        {"POST /api/v1/complaints/{id}/transition", "province_admin,city_officer"},
        {"POST /api/v1/credit-entries/{id}/disputes", "worker"},
        {"GET /api/v1/disputes", "province_admin,department,city_officer"},
        {"POST /api/v1/disputes/{id}/resolve", "province_admin,city_officer"},
        {"GET /api/v1/credit-entries/{id}/history",
         "province_admin,department,city_officer,enterprise,worker"},
        {"GET /api/v1/reminders", "province_admin,department,city_officer,enterprise,worker"},
        {"GET /api/v1/me/viewers", "worker"},
        {"GET /api/v1/me/complaints", "consumer"},
    },
    {{"id", "1"}});

std::string today() {
  return today_utc();
}
std::string days_from_today(int64_t n) {
  return credit::add_days(today_utc(), n);
}

class CreditApi : public ApiFixture<CreditApi> {
 protected:
  static int64_t demo_enterprise() {
    return scalar("SELECT enterprise_id FROM users WHERE username = 'enterprise'");
  }
  static int64_t demo_worker() { return scalar("SELECT worker_id FROM users WHERE username = 'worker'"); }
  // A worker matching `where` (SQL over workers w) that no other test of this file has taken, lowest id
  // first; never the demo worker account's own (tests of her record use her explicitly). Fails the test if
  // none.
  static int64_t take(const std::string& where) {
    int64_t id = try_take(where);
    if (!id) ADD_FAILURE() << "no worker left with " << where;
    return id;
  }
  // As take(), but 0 (and no failure) when no worker is left.
  static int64_t try_take(const std::string& where) {
    static std::set<int64_t> taken;
    const int64_t mine = demo_worker();  // before borrowing the test's only connection
    auto conn = database().acquire();
    for (const auto& r :
         conn->query("SELECT w.id FROM workers w WHERE " + where + " ORDER BY w.id LIMIT 200")) {
      int64_t id = r.get_int(0);
      if (id == mine || taken.count(id)) continue;
      taken.insert(id);
      return id;
    }
    return 0;
  }
  static std::string staff() { return "w.enterprise_id = " + std::to_string(demo_enterprise()); }
  static std::string not_staff() {
    return "(w.enterprise_id IS NULL OR w.enterprise_id <> " + std::to_string(demo_enterprise()) + ")";
  }
  // No entry of `kind` still valid after `date` (so a new one we record is the latest).
  static std::string no_later(const std::string& kind, const std::string& date) {
    return "NOT EXISTS (SELECT 1 FROM credit_entries x WHERE x.worker_id = w.id AND x.kind = '" + kind +
           "' AND x.status <> 'withdrawn' AND x.valid_until > '" + date + "')";
  }
  static std::string path(int64_t worker, const std::string& rest) {
    return "/api/v1/workers/" + std::to_string(worker) + rest;
  }
  static HttpResult record(int64_t worker, const std::string& as, const json::object& body) {
    return client().post_json(path(worker, "/credit-entries"), json::serialize(body), token(as));
  }
  // Records and returns the entry; fails the test unless 201.
  static json::object recorded(int64_t worker, const std::string& as, const json::object& body) {
    auto r = record(worker, as, body);
    EXPECT_EQ(r.status, 201) << as << " " << r.body;
    return r.status == 201 ? r.json().as_object() : json::object();
  }
  static json::object credit(int64_t worker, const std::string& as = "admin") {
    auto r = client().get(path(worker, "/credit"), token(as));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  static const json::object& component(const json::object& credit, const std::string& key) {
    for (const auto& c : credit.at("components").as_array())
      if (c.at("key").as_string() == key) return c.as_object();
    throw std::runtime_error("no component " + key);
  }
  static std::vector<int64_t> record_ids(const json::object& comp) {
    std::vector<int64_t> ids;
    for (const auto& r : comp.at("records").as_array()) ids.push_back(r.at("id").as_int64());
    return ids;
  }
  static std::string text(const json::value& v, const char* key) {
    return std::string(v.at(key).as_string());
  }
  static std::string create_consumer(std::string* username = nullptr) {
    static int n = 0;
    std::string name = "credit-consumer-" + std::to_string(::getpid() % 100000) + "-" + std::to_string(++n);
    if (username) *username = name;
    auto r = client().post_json(
        "/api/v1/users",
        json::serialize(json::object{{"username", name}, {"password", "Secret2024x"}, {"role", "consumer"}}),
        token("admin"));
    EXPECT_EQ(r.status, 201) << r.body;
    return server().login(name, "Secret2024x");
  }
  // A complaint as households filed them before complaints named an order (no order, no stage): the rows
  // the database still holds. Returns its id.
  static int64_t legacy_complaint(int64_t worker, const std::string& username, const std::string& text) {
    const int64_t user = scalar("SELECT id FROM users WHERE username = ?", {username});
    const std::string now = now_utc();
    auto conn = database().acquire();
    return conn->insert(
        "INSERT INTO complaints (worker_id, consumer_user_id, text, status, created_at, updated_at) "
        "VALUES (?, ?, ?, 'received', ?, ?)",
        {worker, user, text, now, now});
  }
  static json::object health(const std::string& institution, const std::string& on, const std::string& until,
                             const std::string& notes = "") {
    json::object d{{"institution", institution}, {"result", "fit"}};
    if (!notes.empty()) d["notes"] = notes;
    return json::object{
        {"kind", "health_check"}, {"occurred_on", on}, {"valid_until", until}, {"details", d}};
  }
  static json::object identity() {
    return json::object{{"kind", "identity_verification"},
                        {"occurred_on", today()},
                        {"details", json::object{{"status", "verified"}, {"method", "document_check"}}}};
  }
  static json::object employment() {
    return json::object{{"kind", "employment"},
                        {"occurred_on", days_from_today(-400)},
                        {"details", json::object{{"occupation", "housekeeping"},
                                                 {"place_division_code", "620102"},
                                                 {"monthly_wage", 4800}}}};
  }
  static json::object training() {
    return json::object{{"kind", "training"},
                        {"occurred_on", days_from_today(-30)},
                        {"details", json::object{{"course", "母婴护理"},
                                                 {"hours", 64},
                                                 {"assessment", "passed"},
                                                 {"certificate_no", "GS-MY-0001"}}}};
  }
  // The items of a list answer, by value (a range-for over r.json().at(…) would outlive its temporary).
  static json::array items_of(const HttpResult& r) { return r.json().at("items").as_array(); }
  static bool lists(const HttpResult& r, const char* key, int64_t id) {
    if (r.status != 200) return false;
    for (const auto& i : items_of(r))
      if (i.at(key).as_int64() == id) return true;
    return false;
  }
};

// ── Who records what, for whom. ──

TEST_F(CreditApi, EnterpriseRecordsEmploymentInsuranceAndHealthChecksForItsOwnStaffOnly) {
  int64_t own = take(staff());
  auto job = recorded(own, "enterprise", employment());
  EXPECT_TRUE(job.at("independent").as_bool());
  EXPECT_EQ(text(job, "verification"), "independent");
  EXPECT_EQ(text(job.at("source"), "type"), "enterprise");
  EXPECT_EQ(job.at("source").at("id").as_int64(), demo_enterprise());
  // The employer of an enterprise's record is the enterprise itself, whatever the body says.
  std::string name;
  {
    const int64_t enterprise = demo_enterprise();  // before borrowing the test's only connection
    auto conn = database().acquire();
    name = conn->query("SELECT name FROM enterprises WHERE id = ?", {enterprise})[0].get_text(0);
  }
  EXPECT_EQ(text(job.at("details"), "employer"), name);
  EXPECT_EQ(text(job.at("source"), "name"), name);
  EXPECT_FALSE(job.at("details").at("cross_province").as_bool());
  EXPECT_EQ(text(job.at("recorded_by"), "role"), "enterprise");

  auto policy =
      recorded(own, "enterprise",
               {{"kind", "insurance"},
                {"occurred_on", days_from_today(-10)},
                {"valid_until", days_from_today(355)},
                {"details", json::object{{"policy_kind", "accident"}, {"insurer", "中国人保财险"}}}});
  EXPECT_EQ(text(policy, "valid_until"), days_from_today(355));
  auto check =
      recorded(own, "enterprise", health("兰州市第一人民医院", days_from_today(-5), days_from_today(360)));
  // An enterprise's word on its own worker's health is a claim in its own name, whatever source it sends
  // (credit/provenance.cpp; tests/trust_api_test.cpp replays the attack).
  EXPECT_EQ(text(check.at("source"), "type"), "enterprise");
  EXPECT_TRUE(check.at("health").is_null());  // the enterprise typed it in but may not read it back
  EXPECT_TRUE(check.at("health_restricted").as_bool());

  for (auto body : {identity(), training()}) {
    auto denied = record(own, "enterprise", body);
    EXPECT_EQ(denied.status, 403) << denied.body;
    EXPECT_EQ(denied.error_code(), "credit_kind_not_allowed");
  }
  int64_t other = take("w.enterprise_id IS NOT NULL AND " + not_staff());
  auto out = record(other, "enterprise", employment());
  EXPECT_EQ(out.status, 403);
  EXPECT_EQ(out.error_code(), "out_of_scope");
  EXPECT_EQ(client().get(path(other, "/credit-entries"), token("enterprise")).error_code(), "out_of_scope");
  EXPECT_EQ(client().get(path(own, "/credit-entries"), token("enterprise")).status, 200);
}

// Every employment entry is also a row of `employments` (what subsidies and matching read), in step with
// the entry's status; another province is named by its code, and a Gansu place must be a division code.
TEST_F(CreditApi, EmploymentEntriesAreRowsThatFollowTheEntrysStatus) {
  auto row = [&](int64_t entry) {
    auto conn = database().acquire();
    auto rows = conn->query(
        "SELECT worker_id, place_province_code, COALESCE(place_division_code, ''), COALESCE(place_other, ''), "
        "start_date, COALESCE(end_date, ''), COALESCE(monthly_wage, -1), independent, status, occupation_code "
        "FROM employments WHERE entry_id = ?",
        {entry});
    EXPECT_EQ(rows.size(), 1u) << "entry " << entry;
    std::vector<std::string> out;
    if (!rows.empty())
      for (int i = 0; i < 10; ++i)
        out.push_back(i == 0 || i == 6 || i == 7 ? std::to_string(rows[0].get_int(i)) : rows[0].get_text(i));
    return out;
  };
  // The demo file's employment entries all have their row.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM credit_entries WHERE kind = 'employment'"),
            scalar("SELECT COUNT(*) FROM employments"));
  EXPECT_GT(scalar("SELECT COUNT(*) FROM employments"), 0);

  int64_t me = demo_worker();
  const std::string start = days_from_today(-200), end = days_from_today(-10);
  auto away = recorded(me, "worker",
                       {{"kind", "employment"},
                        {"occurred_on", start},
                        {"details", json::object{{"employer", "西安某家政公司"},
                                                 {"occupation", "housekeeping"},
                                                 {"place_other", "陕西西安"},
                                                 {"end_date", end},
                                                 {"monthly_wage", 5200}}}});
  EXPECT_EQ(text(away.at("details"), "place_province_code"), "61");
  const int64_t id = away.at("id").as_int64();
  EXPECT_EQ(row(id), (std::vector<std::string>{std::to_string(me), "61", "", "陕西西安", start, end, "5200", "0",
                                               "active", "housekeeping"}));

  auto home_job = employment();
  home_job["details"].as_object()["employer"] = "兰州某家政公司";
  auto home = recorded(me, "worker", home_job);
  EXPECT_EQ(row(home.at("id").as_int64())[1], "62");
  EXPECT_EQ(row(home.at("id").as_int64())[2], "620102");

  // Gansu written as free text is refused: the place must be a division code.
  auto gansu = record(me, "worker",
                      {{"kind", "employment"},
                       {"occurred_on", start},
                       {"details", json::object{{"employer", "某公司"},
                                                {"occupation", "housekeeping"},
                                                {"place_other", "甘肃省兰州市"}}}});
  EXPECT_EQ(gansu.status, 400) << gansu.body;
  EXPECT_EQ(gansu.error_field(), "details.place_other");

  // Contested and withdrawn: the row says so (the entry's history stays in the file).
  auto d = client().post_json("/api/v1/credit-entries/" + std::to_string(id) + "/disputes",
                              R"({"reason":"这份工作是别人的"})", token("worker"));
  ASSERT_EQ(d.status, 201) << d.body;
  EXPECT_EQ(row(id)[8], "disputed");
  auto resolved = client().post_json("/api/v1/disputes/" + std::to_string(d.json().at("id").as_int64()) + "/resolve",
                                     R"({"accept":true,"resolution":"核实有误"})", token("admin"));
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(row(id)[8], "withdrawn");
}

TEST_F(CreditApi, InstitutionsRecordTrainingAndAwardsButCannotReadTheFile) {
  // A trainee of the demo institution (enrolled in one of its courses: tests/training_api_test.cpp checks
  // that others are refused).
  int64_t w = take("EXISTS (SELECT 1 FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id "
                   "WHERE e.worker_id = w.id AND c.institution_id = "
                   "(SELECT institution_id FROM users WHERE username = 'institution'))");
  auto t = recorded(w, "institution", training());
  EXPECT_EQ(text(t.at("source"), "type"), "institution");
  EXPECT_EQ(text(t.at("source"), "name"), "甘肃省家政培训学校");
  EXPECT_TRUE(t.at("independent").as_bool());
  EXPECT_EQ(text(t, "summary"), "培训：母婴护理，64 学时，考核合格，证书 GS-MY-0001");
  recorded(w, "institution",
           {{"kind", "competition"},
            {"occurred_on", days_from_today(-60)},
            {"details", json::object{{"competition", "甘肃省家政服务职业技能大赛"},
                                     {"award", "二等奖"},
                                     {"level", "provincial"}}}});
  EXPECT_EQ(record(w, "institution", employment()).error_code(), "credit_kind_not_allowed");
  EXPECT_EQ(client().get(path(w, "/credit-entries"), token("institution")).error_code(), "forbidden");
  // The score counts both: training hours plus the certificate, and the provincial award.
  auto c = credit(w);
  EXPECT_GE(component(c, "training").at("points").as_double(), 9.4 - 0.01);
  EXPECT_GE(component(c, "competition").at("points").as_double(), 3 - 0.01);
}

TEST_F(CreditApi, OfficialsRecordIdentityAndBackgroundChecksOnlyInTheirScope) {
  int64_t local = take("w.prefecture_code = '6201'");
  int64_t tianshui = take("w.prefecture_code = '6205'");
  auto id = recorded(local, "lanzhou", identity());
  EXPECT_EQ(text(id.at("source"), "type"), "official");
  EXPECT_EQ(text(id.at("source"), "name"), "兰州市主管部门");
  EXPECT_EQ(text(id, "summary"), "实名认证通过（证件核验）");
  recorded(local, "lanzhou",
           {{"kind", "background_check"},
            {"occurred_on", today()},
            {"details", json::object{{"status", "passed"},
                                     {"provider", "公安机关无犯罪记录证明"},
                                     {"reference", "LZ-2025-001"}}}});
  auto denied = record(tianshui, "lanzhou", identity());
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.error_code(), "out_of_scope");
  EXPECT_EQ(client().get(path(tianshui, "/credit-entries"), token("lanzhou")).error_code(), "out_of_scope");
  EXPECT_EQ(client().get(path(tianshui, "/credit"), token("lanzhou")).error_code(), "out_of_scope");
  auto by_admin = recorded(tianshui, "admin", identity());
  EXPECT_EQ(text(by_admin.at("source"), "name"), "省级主管部门");
  // Departments read but do not record; reviews and complaints never come through this route.
  EXPECT_EQ(record(local, "dept", identity()).error_code(), "forbidden");
  EXPECT_EQ(
      record(local, "lanzhou",
             {{"kind", "review"},
              {"occurred_on", today()},
              {"details", json::object{{"skill", 5}, {"attitude", 5}, {"punctuality", 5}, {"hygiene", 5}}}})
          .error_code(),
      "credit_kind_not_allowed");
  // The identity and background components now count for her.
  auto c = credit(local, "lanzhou");
  EXPECT_EQ(component(c, "identity").at("points").as_double(), 15);
  EXPECT_EQ(component(c, "background_check").at("points").as_double(), 10);
  EXPECT_EQ(record_ids(component(c, "identity")).back(), id.at("id").as_int64());
}

TEST_F(CreditApi, AWorkerRecordsOnlyHerOwnSelfClaimsAndTheyAreShownAsSuch) {
  int64_t me = demo_worker();
  auto job = recorded(me, "worker",
                      {{"kind", "employment"},
                       {"occurred_on", days_from_today(-700)},
                       {"details", json::object{{"employer", "天津某家政公司"},
                                                {"occupation", "maternity_care"},
                                                {"place_other", "天津市"},
                                                {"end_date", days_from_today(-100)},
                                                {"monthly_wage", 6500}}}});
  EXPECT_FALSE(job.at("independent").as_bool());
  EXPECT_EQ(text(job, "verification"), "self_claim");
  EXPECT_EQ(text(job, "verification_label"), "本人自述（未核实）");
  EXPECT_EQ(text(job.at("source"), "type"), "self");
  EXPECT_TRUE(job.at("details").at("cross_province").as_bool());
  auto t = recorded(me, "worker", training());
  EXPECT_FALSE(t.at("independent").as_bool());
  for (auto body : {identity(), health("某医院", today(), days_from_today(365))})
    EXPECT_EQ(record(me, "worker", body).error_code(), "credit_kind_not_allowed");
  int64_t someone_else = take("1 = 1");
  auto denied = record(someone_else, "worker", employment());
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.error_code(), "out_of_scope");
  EXPECT_EQ(client().get(path(someone_else, "/credit-entries"), token("worker")).error_code(),
            "out_of_scope");
  // Her own view of her file lists the claim, and the score explains that claims count at a fraction.
  auto mine = client().get(path(me, "/credit-entries?kind=employment"), token("worker"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_TRUE(lists(mine, "id", job.at("id").as_int64()));
  auto c = credit(me, "worker");
  EXPECT_NE(text(component(c, "employment"), "explanation").find("本人自述"), std::string::npos);
}

TEST_F(CreditApi, EntriesAreValidatedPerKind) {
  int64_t w = take("w.prefecture_code = '6201'");
  struct Bad {
    json::object body;
    const char* code;
    const char* field;
  };
  json::object no_hours = training();
  no_hours["details"].as_object().erase("hours");
  json::object bad_place = employment();
  bad_place["details"].as_object()["place_division_code"] = "999999";
  bad_place["details"].as_object()["employer"] = "某家政公司";  // officials name the employer
  json::object future = identity();
  future["occurred_on"] = days_from_today(3);
  json::object array_details = identity();
  array_details["details"] = json::array{1, 2};
  json::object unfit_no_result = health("某医院", today(), days_from_today(10));
  unfit_no_result["details"].as_object().erase("result");
  for (const auto& b : std::vector<Bad>{
           {no_hours, "missing_field", "details.hours"},
           {bad_place, "unknown_division", "details.place_division_code"},
           {future, "invalid_field", "occurred_on"},
           {array_details, "invalid_field", "details"},
           {unfit_no_result, "missing_field", "details.result"},
           {{{"kind", "horoscope"}, {"occurred_on", today()}}, "invalid_field", "kind"},
           {{{"kind", "identity_verification"}}, "missing_field", "occurred_on"},
       }) {
    auto r = record(w, "admin", b.body);
    EXPECT_EQ(r.status, 400) << json::serialize(b.body) << " " << r.body;
    EXPECT_EQ(r.error_code(), b.code) << r.body;
    EXPECT_EQ(r.json().at("error").at("field").as_string(), b.field) << r.body;
  }
  EXPECT_EQ(record(99999999, "admin", identity()).status, 404);
  EXPECT_EQ(client()
                .post_json("/api/v1/workers/abc/credit-entries", json::serialize(identity()), token("admin"))
                .status,
            404);
  EXPECT_EQ(client().get(path(w, "/credit-entries?kind=horoscope"), token("admin")).error_code(),
            "invalid_field");
}

// ── Health data. ──

TEST_F(CreditApi, HealthResultsAreShownOnlyToTheWorkerAndOfficialsInScope) {
  int64_t own = take(staff() + " AND w.prefecture_code = '6201'");
  std::string marker = "血压偏高-" + std::to_string(::getpid());
  auto e = recorded(own, "enterprise",
                    health("兰州市第二人民医院", days_from_today(-3), days_from_today(362), marker));
  int64_t entry = e.at("id").as_int64();
  auto find = [&](const std::string& as) -> json::object {
    auto r = client().get(path(own, "/credit-entries?kind=health_check"), token(as));
    EXPECT_EQ(r.status, 200) << as << r.body;
    for (const auto& i : items_of(r))
      if (i.at("id").as_int64() == entry) return i.as_object();
    ADD_FAILURE() << as << " does not see entry " << entry;
    return {};
  };
  for (const char* official : {"admin", "dept", "lanzhou"}) {
    auto seen = find(official);
    ASSERT_TRUE(seen.at("health").is_object()) << official;
    EXPECT_EQ(text(seen.at("health"), "result"), "fit");
    EXPECT_EQ(text(seen.at("health"), "notes"), marker);
  }
  auto by_enterprise = find("enterprise");
  EXPECT_TRUE(by_enterprise.at("health").is_null());
  EXPECT_TRUE(by_enterprise.at("health_restricted").as_bool());
  EXPECT_EQ(text(by_enterprise, "valid_until"), days_from_today(362));  // the validity is not health data
  EXPECT_EQ(text(by_enterprise, "summary").find(marker), std::string::npos);
  EXPECT_EQ(client().get(path(own, "/credit-entries"), token("consumer")).error_code(), "forbidden");
  EXPECT_EQ(client().get(path(own, "/credit-entries")).status, 401);
  // The entry's history shows the same to the same people.
  auto hist =
      client().get("/api/v1/credit-entries/" + std::to_string(entry) + "/history", token("enterprise"));
  ASSERT_EQ(hist.status, 200) << hist.body;
  EXPECT_TRUE(hist.json().at("entry").at("health").is_null());
  EXPECT_EQ(client()
                .get("/api/v1/credit-entries/" + std::to_string(entry) + "/history", token("lanzhou"))
                .json()
                .at("entry")
                .at("health")
                .at("notes")
                .as_string(),
            marker);

  // The worker herself sees her own results.
  int64_t me = demo_worker();
  auto mine =
      recorded(me, "admin", health("甘肃省人民医院", days_from_today(-1), days_from_today(364), marker));
  auto r = client().get(path(me, "/credit-entries?kind=health_check"), token("worker"));
  bool seen = false;
  for (const auto& i : items_of(r))
    if (i.at("id").as_int64() == mine.at("id").as_int64()) {
      seen = true;
      EXPECT_EQ(text(i.at("health"), "notes"), marker);
    }
  EXPECT_TRUE(seen);

  // At rest: encrypted, never in the public details, the summary or the audit log.
  auto conn = database().acquire();
  auto rows =
      conn->query("SELECT details, summary, evidence, details_enc FROM credit_entries WHERE id = ?", {entry});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get_text(0).find("fit"), std::string::npos) << rows[0].get_text(0);
  EXPECT_EQ(rows[0].get_text(0).find(marker), std::string::npos);
  EXPECT_EQ(rows[0].get_text(1).find(marker), std::string::npos);
  EXPECT_FALSE(rows[0].is_null(3));
  EXPECT_EQ(rows[0].get_text(3).find(marker), std::string::npos);
  EXPECT_EQ(
      conn->query("SELECT COUNT(*) FROM audit_log WHERE summary LIKE ?", {"%" + marker + "%"})[0].get_int(0),
      0);
  EXPECT_EQ(server().read_log().find(marker), std::string::npos);
}

// A household has the public id from the certificate it scanned, not the registry's number: it reviews and
// complains with that, then follows its own complaints (and nobody else's).
TEST_F(CreditApi, AHouseholdReviewsAndComplainsByTheCertificatesPublicIdAndFollowsItsComplaints) {
  int64_t w = take("1 = 1");
  std::string public_id;
  {
    auto conn = database().acquire();
    public_id = conn->query("SELECT public_id FROM workers WHERE id = ?", {w})[0].get_text(0);
  }
  std::string household_name, other_name;
  std::string household = create_consumer(&household_name), other = create_consumer(&other_name);
  // A review needs an order now (issue 11): by public id it is refused; so is a complaint that names no order
  // (tests/services_api_test.cpp files one naming her order), and nothing is written.
  auto review = client().post_json("/api/v1/workers/" + public_id + "/reviews",
                                   R"({"skill":4,"attitude":5,"punctuality":5,"hygiene":4,"text":"准时"})",
                                   household);
  EXPECT_EQ(review.error_code(), "review_needs_order") << review.body;
  const int64_t filed_before = scalar("SELECT COUNT(*) FROM complaints WHERE worker_id = ?", {w});
  auto refused = client().post_json("/api/v1/workers/" + public_id + "/complaints",
                                    R"({"text":"约定的时间没有到"})", household);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_code(), "complaint_needs_order");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM complaints WHERE worker_id = ?", {w}), filed_before);
  for (const std::string bad : {"nosuchpublic", "ZZZ'--", "0"}) {
    auto r = client().post_json("/api/v1/workers/" + bad + "/complaints", R"({"text":"x","order_id":1})", household);
    EXPECT_EQ(r.status, 404) << bad << " " << r.body;
  }
  // A complaint she filed before complaints named orders stays hers to follow.
  const int64_t complaint_id = legacy_complaint(w, household_name, "约定的时间没有到");

  auto mine = client().get("/api/v1/me/complaints", household);
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json().at("items").as_array().size(), 1u) << mine.body;
  EXPECT_TRUE(lists(mine, "id", complaint_id));
  EXPECT_EQ(mine.json().at("total").as_int64(), 1);
  EXPECT_EQ(text(mine.json().at("items").as_array()[0], "status_label"), "已受理");
  auto theirs = client().get("/api/v1/me/complaints", other);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.json().at("total").as_int64(), 0);

  // Labels follow the request's language.
  HttpRequest en;
  en.target = "/api/v1/me/complaints";
  en.token = household;
  en.headers["Accept-Language"] = "en";
  auto english = client().send(en);
  ASSERT_EQ(english.status, 200) << english.body;
  ASSERT_EQ(english.json().at("items").as_array().size(), 1u) << english.body;
  EXPECT_EQ(text(english.json().at("items").as_array()[0], "status_label"), "Received");
  en.target = path(w, "/credit");
  en.token = token("admin");
  auto report = client().send(en).json().as_object();
  EXPECT_EQ(text(report, "band_label"), text(report, "band_label_en"));
  EXPECT_NE(text(report, "band_label"), "");
  en.target = path(w, "/credit-entries");
  const auto entries = client().send(en).json();
  for (const auto& e : entries.at("items").as_array())
    if (text(e, "kind") == "review") {
      EXPECT_EQ(text(e, "kind_label"), "Consumer review");
    }
}

// ── The score moves. ──

// Reviews come only from completed service orders (issue 11; tests/services_api_test.cpp writes and scores them).
// The old route by worker refuses every review, however well-formed, writes nothing and leaves the score alone.
TEST_F(CreditApi, TheOldReviewRouteRefusesEveryReviewAndTheScoreStays) {
  int64_t w = take("1 = 1");
  auto before = component(credit(w), "ratings");
  const int64_t reviews = scalar("SELECT COUNT(*) FROM reviews WHERE worker_id = ?", {w});
  for (const char* body : {R"({"skill":5,"attitude":5,"punctuality":5,"hygiene":5,"text":"做事细致，很专业"})",
                           R"({"skill":0})", "{}"}) {
    auto r = client().post_json(path(w, "/reviews"), body, create_consumer());
    EXPECT_EQ(r.status, 422) << body << " " << r.body;
    EXPECT_EQ(r.error_code(), "review_needs_order") << body;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM reviews WHERE worker_id = ?", {w}), reviews);
  EXPECT_EQ(component(credit(w), "ratings").at("points").as_double(), before.at("points").as_double());
  // Existing reviews stay listed, each saying whether it is tied to an order.
  auto list = client().get(path(w, "/reviews"), token("admin"));
  ASSERT_EQ(list.status, 200);
  const auto items = list.json();
  for (const auto& r : items.at("items").as_array()) EXPECT_TRUE(r.as_object().contains("tied_to_order"));
}

TEST_F(CreditApi, AnUpheldComplaintEntersTheFileAndLowersTheScore) {
  int64_t local = take(
      "w.prefecture_code = '6201' AND " + not_staff() +
      " AND NOT EXISTS (SELECT 1 FROM credit_entries x WHERE x.worker_id = w.id AND x.kind = 'complaint')");
  int64_t tianshui = take("w.prefecture_code = '6205' AND " + not_staff());
  int64_t own = take(staff());
  // Something to lose first, so the drop is not hidden by the floor at zero.
  recorded(local, "lanzhou", identity());
  recorded(local, "lanzhou",
           {{"kind", "background_check"},
            {"occurred_on", today()},
            {"details", json::object{{"status", "passed"}, {"provider", "公安机关"}}}});

  // Complaints filed before they named orders (households file about orders now: tests/services_api_test.cpp);
  // officials still handle them, by the worker's 市州 and employer.
  auto file = [&](int64_t w, const char* text) { return legacy_complaint(w, "consumer", text); };
  int64_t c_local = file(local, "约定上午九点到，十一点才到，且未打扫厨房");
  int64_t c_far = file(tianshui, "服务态度差");
  int64_t c_own = file(own, "打碎物品未告知");

  // Queues follow scope: the officer sees her 市州, the enterprise its staff, the province everything.
  auto q = [&](const std::string& as) { return client().get("/api/v1/complaints?page_size=200", token(as)); };
  EXPECT_TRUE(lists(q("lanzhou"), "id", c_local));
  EXPECT_FALSE(lists(q("lanzhou"), "id", c_far));
  EXPECT_TRUE(lists(q("enterprise"), "id", c_own));
  EXPECT_FALSE(lists(q("enterprise"), "id", c_local));
  EXPECT_TRUE(lists(q("admin"), "id", c_far));
  EXPECT_TRUE(lists(q("dept"), "id", c_local));

  auto move = [&](int64_t id, const std::string& as, json::object body) {
    return client().post_json("/api/v1/complaints/" + std::to_string(id) + "/transition",
                              json::serialize(body), token(as));
  };
  EXPECT_EQ(move(c_far, "lanzhou", {{"status", "investigating"}}).error_code(), "out_of_scope");
  EXPECT_EQ(move(c_local, "enterprise", {{"status", "investigating"}}).error_code(), "forbidden");
  auto skip = move(c_local, "lanzhou", {{"status", "upheld"}, {"findings", "x"}});
  EXPECT_EQ(skip.status, 409);
  EXPECT_EQ(skip.error_code(), "complaint_invalid_transition");
  auto investigating = move(c_local, "lanzhou", {{"status", "investigating"}});
  ASSERT_EQ(investigating.status, 200) << investigating.body;
  EXPECT_EQ(investigating.json().at("status").as_string(), "investigating");
  EXPECT_EQ(move(c_local, "lanzhou", {{"status", "upheld"}}).error_code(), "missing_field");

  auto before = credit(local, "lanzhou");
  auto upheld =
      move(c_local, "lanzhou", {{"status", "upheld"}, {"findings", "经核实，迟到两小时属实，已约谈"}});
  ASSERT_EQ(upheld.status, 200) << upheld.body;
  int64_t entry = upheld.json().at("credit_entry_id").as_int64();
  auto after = credit(local, "lanzhou");
  EXPECT_EQ(after.at("score").as_int64(), before.at("score").as_int64() - 10);
  EXPECT_EQ(upheld.json().at("score").as_int64(), after.at("score").as_int64());
  EXPECT_EQ(component(after, "complaints").at("points").as_double(), -10);
  EXPECT_EQ(record_ids(component(after, "complaints")), std::vector<int64_t>{entry});
  EXPECT_EQ(move(c_local, "lanzhou", {{"status", "rejected"}, {"findings", "x"}}).error_code(),
            "complaint_invalid_transition");

  // A rejected complaint leaves no entry.
  ASSERT_EQ(move(c_far, "admin", {{"status", "investigating"}}).status, 200);
  auto rejected = move(c_far, "admin", {{"status", "rejected"}, {"findings", "证据不足"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_TRUE(rejected.json().at("credit_entry_id").is_null());
  EXPECT_TRUE(rejected.json().at("entry_id").is_null());
  EXPECT_EQ(rejected.json().at("status").as_string(), "rejected");
}

// ── Disputes. ──

TEST_F(CreditApi, AWorkerContestsAnEntryAndTheFileKeepsItsHistory) {
  int64_t me = demo_worker();
  std::string my_prefecture;
  {
    auto conn = database().acquire();
    my_prefecture = conn->query("SELECT prefecture_code FROM workers WHERE id = ?", {me})[0].get_text(0);
  }
  auto e = recorded(me, "admin",
                    {{"kind", "background_check"},
                     {"occurred_on", days_from_today(-20)},
                     {"details", json::object{{"status", "passed"}, {"provider", "第三方背景调查机构"}}}});
  int64_t entry = e.at("id").as_int64();
  auto open = [&](int64_t id, const std::string& as = "worker") {
    return client().post_json("/api/v1/credit-entries/" + std::to_string(id) + "/disputes",
                              R"({"reason":"核查日期有误，应为上月"})", token(as));
  };
  auto d1 = open(entry);
  ASSERT_EQ(d1.status, 201) << d1.body;
  EXPECT_EQ(d1.json().at("status").as_string(), "open");
  int64_t dispute = d1.json().at("id").as_int64();
  auto twice = open(entry);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.error_code(), "entry_not_disputable");
  // Not somebody else's entry.
  int64_t other = take("1 = 1");
  auto others = recorded(other, "admin", identity());
  EXPECT_EQ(open(others.at("id").as_int64()).error_code(), "out_of_scope");
  EXPECT_EQ(client()
                .post_json("/api/v1/credit-entries/" + std::to_string(entry) + "/disputes", R"({})",
                           token("worker"))
                .error_code(),
            "missing_field");

  auto history = [&](const std::string& as = "admin") {
    auto r = client().get("/api/v1/credit-entries/" + std::to_string(entry) + "/history", token(as));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  };
  EXPECT_EQ(text(history().at("entry"), "status"), "disputed");
  auto resolve = [&](int64_t id, bool accept, const std::string& as = "admin") {
    return client().post_json(
        "/api/v1/disputes/" + std::to_string(id) + "/resolve",
        json::serialize(
            json::object{{"accept", accept},
                         {"resolution", accept ? "核实有误，撤销该记录" : "经核对原始凭证，记录无误"}}),
        token(as));
  };
  EXPECT_TRUE(lists(client().get("/api/v1/disputes?page_size=200", token("admin")), "id", dispute));
  EXPECT_TRUE(lists(client().get("/api/v1/disputes?page_size=200", token("dept")), "id", dispute));
  if (my_prefecture != "6201") {
    EXPECT_FALSE(lists(client().get("/api/v1/disputes?page_size=200", token("lanzhou")), "id", dispute));
    EXPECT_EQ(resolve(dispute, true, "lanzhou").error_code(), "out_of_scope");
  }
  EXPECT_EQ(client()
                .post_json("/api/v1/disputes/" + std::to_string(dispute) + "/resolve", R"({"accept":true})",
                           token("admin"))
                .error_code(),
            "missing_field");

  // Rejected: the entry is active again.
  auto rejected = resolve(dispute, false);
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json().at("status").as_string(), "rejected");
  EXPECT_EQ(resolve(dispute, true).error_code(), "dispute_closed");
  EXPECT_EQ(text(history().at("entry"), "status"), "active");
  EXPECT_FALSE(
      lists(client().get("/api/v1/disputes", token("admin")), "id", dispute));  // open only by default

  // Contested again and accepted: withdrawn, no longer counted, still on file with its whole history.
  auto d2 = open(entry);
  ASSERT_EQ(d2.status, 201) << d2.body;
  ASSERT_EQ(resolve(d2.json().at("id").as_int64(), true).status, 200);
  auto h = history("worker");
  EXPECT_EQ(text(h.at("entry"), "status"), "withdrawn");
  std::vector<std::string> actions;
  for (const auto& ev : h.at("events").as_array()) actions.push_back(text(ev, "action"));
  EXPECT_EQ(actions, (std::vector<std::string>{"created", "disputed", "restored", "disputed", "withdrawn"}));
  EXPECT_EQ(text(h.at("events").as_array()[2], "note"), "经核对原始凭证，记录无误");
  EXPECT_EQ(text(h.at("events").as_array()[2], "actor_organisation"), "省级主管部门");
  EXPECT_EQ(h.at("disputes").as_array().size(), 2u);
  EXPECT_EQ(open(entry).error_code(), "entry_not_disputable");
  auto ids = record_ids(component(credit(me, "worker"), "background_check"));
  EXPECT_EQ(std::find(ids.begin(), ids.end(), entry), ids.end());
  auto withdrawn = client().get(path(me, "/credit-entries?status=withdrawn"), token("worker"));
  EXPECT_TRUE(lists(withdrawn, "id", entry));
  // Others outside her scope cannot read the history.
  if (my_prefecture != "6201") {
    EXPECT_EQ(client()
                  .get("/api/v1/credit-entries/" + std::to_string(entry) + "/history", token("lanzhou"))
                  .error_code(),
              "out_of_scope");
  }
}

// ── Reminders. ──

TEST_F(CreditApi, RemindersListWhatLapsesForEachRole) {
  auto reminders = [&](const std::string& as, int within) {
    auto r = client().get("/api/v1/reminders?page_size=200&within=" + std::to_string(within), token(as));
    EXPECT_EQ(r.status, 200) << as << r.body;
    return r;
  };
  auto item = [&](const HttpResult& r, int64_t record) -> std::optional<json::object> {
    for (const auto& i : items_of(r))
      if (i.at("record_id").as_int64() == record && i.at("type").as_string() != "service_certificate")
        return i.as_object();
    return std::nullopt;
  };
  // A 兰州 worker's health check lapsing in 20 days: her officer and the province see it, the enterprise not.
  int64_t local = take("w.prefecture_code = '6201' AND " + not_staff() + " AND " +
                       no_later("health_check", days_from_today(20)));
  auto soon =
      recorded(local, "lanzhou", health("兰州市第一人民医院", days_from_today(-345), days_from_today(20)));
  int64_t soon_id = soon.at("id").as_int64();
  auto seen = item(reminders("lanzhou", 30), soon_id);
  ASSERT_TRUE(seen);
  EXPECT_EQ(text(*seen, "type"), "health_check");
  EXPECT_EQ(seen->at("days_left").as_int64(), 20);
  EXPECT_FALSE(seen->at("lapsed").as_bool());
  EXPECT_EQ(text(*seen, "label"), "兰州市第一人民医院");
  EXPECT_NE(text(*seen, "worker_name").find('*'), std::string::npos);
  EXPECT_TRUE(item(reminders("admin", 30), soon_id));
  EXPECT_TRUE(item(reminders("dept", 30), soon_id));
  EXPECT_FALSE(item(reminders("enterprise", 90), soon_id));
  EXPECT_FALSE(item(reminders("worker", 90), soon_id));
  // Renewed: a later check supersedes it.
  recorded(local, "lanzhou", health("兰州市第一人民医院", today(), days_from_today(365)));
  EXPECT_FALSE(item(reminders("lanzhou", 30), soon_id));

  // The enterprise's staff (or, when demo data left none without newer records, a 兰州 worker and her
  // officer): insurance in 45 days shows at 60, not at 30; a lapsed check is flagged.
  auto staff_or_local = [&](const std::string& condition) -> std::pair<int64_t, std::string> {
    if (int64_t w = try_take(staff() + " AND " + condition)) return {w, "enterprise"};
    return {take("w.prefecture_code = '6201' AND " + not_staff() + " AND " + condition), "lanzhou"};
  };
  auto [insured, insurer_viewer] = staff_or_local(no_later("insurance", days_from_today(45)));
  // Recorded by an official (independent); the enterprise's own word would be a claim, which never reminds.
  auto policy =
      recorded(insured, "admin",
               {{"kind", "insurance"},
                {"occurred_on", days_from_today(-320)},
                {"valid_until", days_from_today(45)},
                {"details", json::object{{"policy_kind", "employer_liability"}, {"insurer", "太平洋保险"}}}});
  EXPECT_FALSE(item(reminders(insurer_viewer, 30), policy.at("id").as_int64()));
  auto in60 = item(reminders(insurer_viewer, 60), policy.at("id").as_int64());
  ASSERT_TRUE(in60);
  EXPECT_EQ(text(*in60, "label"), "太平洋保险");
  auto [lapsed_worker, lapsed_viewer] = staff_or_local(no_later("health_check", days_from_today(-1)));
  auto lapsed = recorded(lapsed_worker, "admin", health("某体检中心", days_from_today(-366), days_from_today(-1)));
  auto flagged = item(reminders(lapsed_viewer, 30), lapsed.at("id").as_int64());
  ASSERT_TRUE(flagged);
  EXPECT_TRUE(flagged->at("lapsed").as_bool());
  EXPECT_EQ(flagged->at("days_left").as_int64(), -1);
  EXPECT_TRUE(item(reminders("admin", 30), lapsed.at("id").as_int64()));
  if (lapsed_viewer == "enterprise") {
    // The attack: the enterprise "renews" the lapsed check by its own word. A claim does not silence the reminder
    // of a real check, and a claim that lapses is never itself a reminder.
    auto claimed = recorded(lapsed_worker, "enterprise", health("某体检中心", today(), days_from_today(10)));
    EXPECT_FALSE(claimed.at("independent").as_bool());
    EXPECT_TRUE(item(reminders("enterprise", 30), lapsed.at("id").as_int64()));
    EXPECT_FALSE(item(reminders("enterprise", 30), claimed.at("id").as_int64()));
  }

  // The worker sees only her own.
  int64_t me = demo_worker();
  bool covered = scalar("SELECT COUNT(*) FROM credit_entries WHERE worker_id = " + std::to_string(me) +
                        " AND kind = 'insurance' AND status <> 'withdrawn' AND valid_until > '" +
                        days_from_today(80) + "'") > 0;
  auto mine = recorded(me, "admin",
                       {{"kind", "insurance"},
                        {"occurred_on", days_from_today(-285)},
                        {"valid_until", days_from_today(80)},
                        {"details", json::object{{"policy_kind", "accident"}, {"insurer", "中国人寿"}}}});
  if (!covered) {
    EXPECT_TRUE(item(reminders("worker", 90), mine.at("id").as_int64()));
    EXPECT_FALSE(item(reminders("worker", 60), mine.at("id").as_int64()));
  }
  for (const auto& i : items_of(reminders("worker", 90))) EXPECT_EQ(i.at("worker_id").as_int64(), me);

  EXPECT_EQ(client().get("/api/v1/reminders?within=45", token("admin")).error_code(), "invalid_field");
  EXPECT_EQ(client().get("/api/v1/reminders", token("consumer")).error_code(), "forbidden");
  EXPECT_EQ(client().get("/api/v1/reminders", token("institution")).error_code(), "forbidden");
}

// ── Audit and "who viewed me". ──

TEST_F(CreditApi, EveryViewIsAuditedAndTheWorkerSeesWhoViewedHerRecord) {
  int64_t me = demo_worker();
  auto viewers = [&]() {
    auto r = client().get("/api/v1/me/viewers?page_size=200", token("worker"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r;
  };
  int64_t before = viewers().json().at("total").as_int64();
  ASSERT_EQ(client().get(path(me, "/credit-entries"), token("worker")).status,
            200);  // her own look is not listed
  EXPECT_EQ(viewers().json().at("total").as_int64(), before);

  ASSERT_EQ(client().get(path(me, "/credit-entries"), token("admin")).status, 200);
  ASSERT_EQ(client().get(path(me, "/credit"), token("dept")).status, 200);
  auto r = viewers();
  auto items = r.json().at("items").as_array();
  ASSERT_GE(items.size(), 2u);
  EXPECT_EQ(r.json().at("total").as_int64(), before + 2);
  EXPECT_EQ(text(items[0], "role"), "department");
  EXPECT_EQ(text(items[0], "organisation"), "省人社厅");
  EXPECT_EQ(text(items[0], "action"), "credit_score.view");
  EXPECT_EQ(text(items[1], "role"), "province_admin");
  EXPECT_EQ(text(items[1], "organisation"), "省级主管部门");
  EXPECT_EQ(text(items[1], "action_label"), "查看信用档案");
  // Never who exactly: no usernames, no display names of people.
  EXPECT_EQ(r.body.find("\"admin\""), std::string::npos);
  EXPECT_EQ(r.body.find("username"), std::string::npos);
  EXPECT_EQ(r.body.find("省级管理员"), std::string::npos);

  // The audit log records the view with its subject (the province admin's audit API shows it).
  auto audit =
      client().get("/api/v1/audit?action=credit_file.view&object_id=" + std::to_string(me), token("admin"));
  ASSERT_EQ(audit.status, 200);
  ASSERT_GE(audit.json().at("total").as_int64(), 1);
  EXPECT_TRUE(audit.json().at("items").as_array()[0].at("sensitive").as_bool());
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'credit_file.view' AND subject_worker_id = " +
             std::to_string(me)),
      audit.json().at("total").as_int64());
}

TEST_F(CreditApi, TheScoreExplainsItselfWithItsRecords) {
  int64_t w = take(staff());
  auto job = recorded(w, "enterprise", employment());
  auto c = credit(w, "enterprise");
  EXPECT_GE(c.at("score").as_int64(), 0);
  EXPECT_LE(c.at("score").as_int64(), 100);
  std::string band = text(c, "band");
  EXPECT_TRUE(band == "A" || band == "B" || band == "C" || band == "D");
  EXPECT_EQ(c.at("bands").at("A").as_int64(), 75);
  EXPECT_EQ(c.at("components").as_array().size(), 9u);
  auto emp = component(c, "employment");
  EXPECT_EQ(emp.at("cap").as_double(), 20);
  EXPECT_EQ(emp.at("weight").as_double(), 0.5);
  auto ids = record_ids(emp);
  EXPECT_NE(std::find(ids.begin(), ids.end(), job.at("id").as_int64()), ids.end());
  for (const auto& rec : emp.at("records").as_array())
    if (rec.at("id").as_int64() == job.at("id").as_int64()) {
      EXPECT_TRUE(rec.at("independent").as_bool());
      EXPECT_EQ(text(rec, "kind"), "employment");
    }
  // The stored row agrees with the answer (the public profile reads it).
  auto conn = database().acquire();
  auto rows = conn->query("SELECT score, band FROM credit_scores WHERE worker_id = ?", {w});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get_int(0), c.at("score").as_int64());
  EXPECT_EQ(rows[0].get_text(1), band);
  EXPECT_EQ(client().get(path(99999999, "/credit"), token("admin")).status, 404);
  EXPECT_EQ(client().get(path(w, "/credit"), token("consumer")).error_code(), "forbidden");
}

}  // namespace
}  // namespace jz::test
