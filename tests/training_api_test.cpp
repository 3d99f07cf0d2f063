// Training and certification over real HTTP, on the backend named by JZ_TEST_BACKEND: courses and the public
// catalogue, enrolment by the worker, her enterprise and a city officer's cohort (all or nothing, her 市州
// only), study time that a client cannot fake (beats too fast, overlapping sessions, durations in the body,
// a silence, skipping ahead to a later part), parts of at most 15 minutes and hours that are the sum of units,
// attendance and assessment by the providing institution only, the server-scored quiz, exactly one
// certificate per pass, verifiable by serial and token, the credit file and score, the trainee-times
// figures against a brute-force count, targets, the willingness survey and offers, competitions.
//
// The shared server holds other modules' test data: tests create their own courses and accounts, take
// workers no other test here took, and compare before/after.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <thread>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "api_requests.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kTrainingAccess(
    {
        {"GET /api/v1/training/courses", "public"},
        {"GET /api/v1/training/courses/{id}", "public"},
        {"POST /api/v1/training/courses", "institution,province_admin"},
        {"POST /api/v1/training/courses/{id}/enrolments", "worker,enterprise,city_officer,province_admin"},
        {"GET /api/v1/training/me/enrolments", "worker"},
        {"GET /api/v1/training/enrolments/{id}",
         "worker,institution,enterprise,city_officer,province_admin,department"},
        {"GET /api/v1/training/institution/enrolments", "institution"},
        {"POST /api/v1/training/enrolments/{id}/units/{unit}/open", "worker"},
        {"POST /api/v1/training/sessions/{id}/heartbeat", "worker"},
        {"POST /api/v1/training/enrolments/{id}/units/{unit}/attendance", "institution"},
        {"POST /api/v1/training/enrolments/{id}/assessment", "institution"},
        {"GET /api/v1/training/enrolments/{id}/quiz", "worker"},
        {"POST /api/v1/training/enrolments/{id}/quiz", "worker"},
        {"GET /api/v1/training/certificates/{serial}", "public"},
        {"GET /api/v1/training/verify/{token}", "public"},
        {"GET /api/v1/training/progress", "province_admin,department,city_officer"},
        {"PUT /api/v1/training/targets", "province_admin"},
        {"POST /api/v1/training/surveys", "city_officer,province_admin"},
        {"GET /api/v1/training/surveys", "province_admin,department,city_officer"},
        {"GET /api/v1/training/offers", "province_admin,department,city_officer"},
        {"GET /api/v1/training/competitions", "public"},
        {"POST /api/v1/training/competitions", "province_admin,city_officer"},
        {"POST /api/v1/training/competitions/{id}/awards", "province_admin,city_officer"},
    },
    {{"unit", "1"}});

class TrainingApi : public ApiFixture<TrainingApi> {
 protected:
  static HttpResult send(const std::string& method, const std::string& target, const std::string& tok,
                         const json::value& body = json::object{}) {
    return client().send(json_request(method, target, tok, body));
  }
  static HttpResult post(const std::string& target, const std::string& as,
                         const json::value& body = json::object{}) {
    return send("POST", target, token(as), body);
  }
  static HttpResult get(const std::string& target, const std::string& as) {
    return send("GET", target, token(as));
  }

  // A worker of this file, not the demo worker account's, highest ids first; `where` over workers w.
  static int64_t take(const std::string& where = "1 = 1") {
    static std::set<int64_t> taken;
    int64_t mine = scalar("SELECT worker_id FROM users WHERE username = 'worker'");
    auto conn = database().acquire();
    for (const auto& r :
         conn->query("SELECT w.id FROM workers w WHERE " + where + " ORDER BY w.id DESC LIMIT 500")) {
      int64_t id = r.get_int(0);
      if (id == mine || taken.count(id)) continue;
      taken.insert(id);
      return id;
    }
    ADD_FAILURE() << "no worker left with " << where;
    return 0;
  }
  // A new login for `role`, linked to a worker or an institution (the user API does not link them).
  static std::string account(const std::string& role, const std::string& link_column = "", int64_t link = 0) {
    static int n = 0;
    std::string name =
        "training-" + role + "-" + std::to_string(::getpid() % 100000) + "-" + std::to_string(++n);
    json::object body{{"username", name}, {"password", "Secret2024x"}, {"role", role}};
    return create_linked_account(server(), database(), token("admin"), body, link_column, link);
  }
  static int64_t demo_institution() {
    return scalar("SELECT institution_id FROM users WHERE username = 'institution'");
  }
  static int64_t other_institution() {
    return scalar("SELECT MIN(id) FROM institutions WHERE id <> ?", {demo_institution()});
  }

  // A course of the demo institution (or, as the province admin, of `institution`).
  static json::object course(const std::string& mode, int units, bool quiz, bool certificate,
                             std::optional<int64_t> institution = std::nullopt,
                             const std::string& occupation = "elderly_care") {
    json::array us;
    for (int i = 0; i < units; ++i)
      us.push_back(json::object{{"title", "单元 " + std::to_string(i + 1)}, {"minutes", i == 0 ? 1 : 30}});
    json::object body{{"title", "测试课程 " + mode},
                      {"occupation_code", occupation},
                      {"mode", mode},
                      {"hours", 16},
                      {"pass_mark", 60},
                      {"has_certificate", certificate},
                      {"certificate_name", certificate ? "测试合格证" : ""},
                      {"units", us}};
    if (quiz)
      body["questions"] =
          json::array{json::object{{"text", "一加一"}, {"options", json::array{"1", "2"}}, {"answer", 1}},
                      json::object{{"text", "二加二"}, {"options", json::array{"4", "5"}}, {"answer", 0}}};
    HttpResult r;
    if (institution) {
      body["institution_id"] = *institution;
      r = post("/api/v1/training/courses", "admin", body);
    } else {
      r = post("/api/v1/training/courses", "institution", body);
    }
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : json::object{};
  }
  static std::string id_of(const json::value& v) { return std::to_string(v.at("id").as_int64()); }
  static int64_t enrolment_id(int64_t course, int64_t worker) {
    return scalar("SELECT id FROM training_enrolments WHERE course_id = ? AND worker_id = ?",
                  {course, worker});
  }
  static int64_t enrol_as_admin(int64_t course, int64_t worker) {
    auto r = post("/api/v1/training/courses/" + std::to_string(course) + "/enrolments", "admin",
                  json::object{{"worker_ids", json::array{worker}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return enrolment_id(course, worker);
  }
  // The institution records attendance of every unit of an offline course.
  static void attend_all(const json::object& c, int64_t enrolment, const std::string& as = "institution") {
    for (const auto& u : c.at("units").as_array()) {
      auto r = post(
          "/api/v1/training/enrolments/" + std::to_string(enrolment) + "/units/" + id_of(u) + "/attendance",
          as);
      ASSERT_EQ(r.status, 200) << r.body;
    }
  }
  static int credit_score(int64_t worker) {
    auto r = get("/api/v1/workers/" + std::to_string(worker) + "/credit", "admin");
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<int>(r.json().at("score").as_int64());
  }
};

TEST_F(TrainingApi, PublicCatalogueListsCoursesOfScarceAndNewOccupations) {
  auto r = client().get("/api/v1/training/courses?page_size=100");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> occupations;
  auto catalogue = r.json();
  for (const auto& c : catalogue.at("items").as_array())
    occupations.insert(std::string(c.at("occupation_code").as_string()));
  for (const char* o :
       {"elderly_care", "infant_care", "maternity_care", "organizing", "home_cooking", "home_decor"})
    EXPECT_TRUE(occupations.count(o)) << o;
  auto online = client().get("/api/v1/training/courses?mode=online&occupation=maternity_care").json();
  ASSERT_GE(online.at("total").as_int64(), 1);
  for (const auto& c : online.at("items").as_array()) EXPECT_EQ(c.at("mode").as_string(), "online");
  auto page = client().get("/api/v1/training/courses/" + id_of(online.at("items").at(0)));
  ASSERT_EQ(page.status, 200);
  EXPECT_GE(page.json().at("units").as_array().size(), 1u);
  EXPECT_EQ(client().get("/api/v1/training/courses/99999999").status, 404);
  // The quiz's answers are never in the course page.
  EXPECT_EQ(page.body.find("answer"), std::string::npos);
}

TEST_F(TrainingApi, CoursesAreCreatedOnlyUnderTheirOwnInstitution) {
  auto c = course("offline", 2, false, false);
  EXPECT_EQ(c.at("institution_id").as_int64(), demo_institution());
  // An institution cannot create a course for another.
  json::object body{{"title", "冒名课程"},
                    {"occupation_code", "housekeeping"},
                    {"mode", "offline"},
                    {"hours", 8},
                    {"institution_id", other_institution()},
                    {"units", json::array{json::object{{"title", "一"}, {"minutes", 30}}}}};
  auto r = post("/api/v1/training/courses", "institution", body);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "out_of_scope");
  body.erase("institution_id");
  body["occupation_code"] = "astronaut";
  r = post("/api/v1/training/courses", "institution", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "unknown_occupation");
  body["occupation_code"] = "housekeeping";
  body["units"] = json::array{};
  EXPECT_EQ(post("/api/v1/training/courses", "institution", body).error_code(), "missing_field");
  // English errors for an English request.
  HttpRequest en;
  en.method = "POST";
  en.target = "/api/v1/training/courses";
  en.token = token("institution");
  en.headers["Accept-Language"] = "en";
  en.body = json::serialize(body);
  auto er = client().send(en);
  EXPECT_NE(er.json().at("error").at("message").as_string().find("Missing"), std::string::npos) << er.body;
}

TEST_F(TrainingApi, EnrolmentByEnterpriseAndCityOfficerStaysInScopeAllOrNothing) {
  auto c = course("offline", 1, false, false);
  std::string path = "/api/v1/training/courses/" + id_of(c) + "/enrolments";
  int64_t enterprise = scalar("SELECT enterprise_id FROM users WHERE username = 'enterprise'");
  int64_t staff = take("w.enterprise_id = " + std::to_string(enterprise));
  int64_t not_staff =
      take("(w.enterprise_id IS NULL OR w.enterprise_id <> " + std::to_string(enterprise) + ")");
  auto r = post(path, "enterprise", json::object{{"worker_ids", json::array{staff, not_staff}}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "out_of_scope");
  EXPECT_EQ(enrolment_id(std::stoll(id_of(c)), staff), 0);  // nothing written
  r = post(path, "enterprise", json::object{{"worker_ids", json::array{staff}}});
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM training_enrolments WHERE worker_id = ? AND enrolled_via = 'enterprise'",
             {staff}),
      1);

  int64_t in1 = take("w.prefecture_code = '6201'"), in2 = take("w.prefecture_code = '6201'");
  int64_t outside = take("w.prefecture_code <> '6201'");
  r = post(path, "lanzhou",
           json::object{{"worker_ids", json::array{in1, in2, outside}}, {"cohort", "兰州春季班"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "out_of_scope");
  EXPECT_EQ(enrolment_id(std::stoll(id_of(c)), in1), 0);
  r = post(path, "lanzhou",
           json::object{{"worker_ids", json::array{in1, in2, in1}}, {"cohort", "兰州春季班"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("enrolled").as_array().size(), 2u);
  // Again: reported as already enrolled, never twice.
  r = post(path, "lanzhou", json::object{{"worker_ids", json::array{in1}}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("already_enrolled").as_array().size(), 1u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM training_enrolments WHERE course_id = ? AND worker_id = ?",
                   {std::stoll(id_of(c)), in1}),
            1);
  // A worker enrols herself only.
  r = post(path, "worker", json::object{{"worker_ids", json::array{in1}}});
  EXPECT_EQ(r.error_code(), "out_of_scope");
  r = post(path, "enterprise", json::object{});
  EXPECT_EQ(r.error_code(), "missing_field");
}

TEST_F(TrainingApi, StudyTimeCannotBeFakedByTheClient) {
  auto c = course("online", 2, false, false);
  int64_t worker = take();
  std::string tok = account("worker", "worker_id", worker);
  auto r = send("POST", "/api/v1/training/courses/" + id_of(c) + "/enrolments", tok);
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t e = enrolment_id(std::stoll(id_of(c)), worker);
  const auto& units = c.at("units").as_array();
  std::string base = "/api/v1/training/enrolments/" + std::to_string(e) + "/units/";

  // Too fast: 30 heartbeats as quickly as the client can send them, each claiming an hour in its body.
  auto opened = std::chrono::steady_clock::now();
  r = send("POST", base + id_of(units[0]) + "/open", tok);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string session = std::to_string(r.json().at("session_id").as_int64());
  int64_t credited = 0;
  for (int i = 0; i < 30; ++i) {
    auto b = send("POST", "/api/v1/training/sessions/" + session + "/heartbeat", tok,
                  json::object{{"seconds", 3600}, {"event", "progress"}, {"position", 3600}});
    ASSERT_EQ(b.status, 200) << b.body;
    credited += b.json().at("credited").as_int64();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto b = send("POST", "/api/v1/training/sessions/" + session + "/heartbeat", tok);
  ASSERT_EQ(b.status, 200) << b.body;
  credited += b.json().at("credited").as_int64();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - opened).count();
  EXPECT_LE(credited, static_cast<int64_t>(wall) + 1) << "credited more than the wall clock";
  EXPECT_GE(credited, 2);  // but the real time is counted
  EXPECT_EQ(b.json().at("unit_seconds").as_int64(), credited);
  EXPECT_FALSE(b.json().at("unit_done").as_bool());
  EXPECT_EQ(scalar("SELECT seconds FROM training_unit_progress WHERE enrolment_id = ?", {e}), credited);

  // Overlapping: opening another unit (another tab, another phone) ends the first session.
  r = send("POST", base + id_of(units[1]) + "/open", tok);
  ASSERT_EQ(r.status, 201);
  std::string second = std::to_string(r.json().at("session_id").as_int64());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  b = send("POST", "/api/v1/training/sessions/" + session + "/heartbeat", tok);
  EXPECT_EQ(b.status, 409) << b.body;
  EXPECT_EQ(b.error_code(), "training_session_ended");
  b = send("POST", "/api/v1/training/sessions/" + second + "/heartbeat", tok);
  EXPECT_EQ(b.status, 200) << b.body;
  EXPECT_LE(b.json().at("credited").as_int64(), 2);
  // Concurrent heartbeats on one session: together no more than the wall clock.
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  std::atomic<int64_t> parallel{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      auto x = send("POST", "/api/v1/training/sessions/" + second + "/heartbeat", tok);
      if (x.status == 200) parallel += x.json().at("credited").as_int64();
    });
  for (auto& t : threads) t.join();
  EXPECT_LE(parallel.load(), 3);

  // Someone else's session, and someone else's enrolment.
  b = post("/api/v1/training/sessions/" + second + "/heartbeat", "worker");
  EXPECT_EQ(b.error_code(), "out_of_scope");
  EXPECT_EQ(get("/api/v1/training/enrolments/" + std::to_string(e), "worker").error_code(), "out_of_scope");
  EXPECT_EQ(post(base + id_of(units[0]) + "/open", "worker").error_code(), "out_of_scope");
  EXPECT_EQ(get("/api/v1/training/enrolments/" + std::to_string(e), "institution").status, 200);
  auto mine = send("GET", "/api/v1/training/me/enrolments", tok);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json().at("items").as_array().size(), 1u);
  // Online units are not "attended".
  EXPECT_EQ(post(base + id_of(units[0]) + "/attendance", "institution").error_code(), "training_unit_online");
}

TEST_F(TrainingApi, HoursOfACourseAreTheSumOfItsUnitsAndPartsAreAtMostFifteenMinutes) {
  json::object part{{"title", "七步洗手法"}, {"minutes", 15}, {"body", "内、外、夹、弓、大、立、腕"},
                    {"image", "/media/training/hand-washing.svg"}, {"image_alt", "七步洗手法示意图"},
                    {"video_url", "https://example.org/hand.mp4"}};
  json::object body{{"title", "手卫生"},
                    {"occupation_code", "elderly_care"},
                    {"mode", "online"},
                    {"hours", 40},  // typed apart from the units: ignored
                    {"units", json::array{json::object{{"title", "手卫生"}, {"parts", json::array{part, part}}},
                                          json::object{{"title", "复习"}, {"minutes", 45}}}}};
  auto r = post("/api/v1/training/courses", "institution", body);
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = r.json();
  EXPECT_EQ(c.at("total_minutes").as_int64(), 75);
  EXPECT_DOUBLE_EQ(c.at("hours").to_number<double>(), 1.3);
  const auto& units = c.at("units").as_array();
  EXPECT_EQ(units[0].at("minutes").as_int64(), 30);  // the sum of its parts
  EXPECT_EQ(units[0].at("parts").as_array().size(), 2u);
  EXPECT_EQ(units[0].at("parts").at(1).at("image").as_string(), "/media/training/hand-washing.svg");
  EXPECT_EQ(units[0].at("parts").at(1).at("video_url").as_string(), "https://example.org/hand.mp4");
  // A unit given only a length is studied in even parts of at most 15 minutes.
  const auto& split = units[1].at("parts").as_array();
  ASSERT_EQ(split.size(), 3u);
  for (const auto& p : split) EXPECT_EQ(p.at("minutes").as_int64(), 15);
  // The catalogue says the same hours as the course page.
  auto list = client().get("/api/v1/training/courses?page_size=100").json();
  for (const auto& item : list.at("items").as_array()) {
    double expected = std::max<double>(item.at("total_minutes").as_int64() > 0 ? 0.1 : 0,
                                       std::round(item.at("total_minutes").as_int64() / 6.0) / 10.0);
    EXPECT_DOUBLE_EQ(item.at("hours").to_number<double>(), expected) << item.at("title").as_string();
    if (item.at("id").as_int64() == c.at("id").as_int64()) EXPECT_DOUBLE_EQ(expected, 1.3);
  }

  // A part longer than 15 minutes, a picture from a script URL or without its description: refused.
  auto bad = [&](const char* key, json::value v) {
    json::object p = part;
    p[key] = std::move(v);
    json::object b = body;
    b["units"] = json::array{json::object{{"title", "x"}, {"parts", json::array{p}}}};
    return post("/api/v1/training/courses", "institution", b);
  };
  auto x = bad("minutes", 16);
  EXPECT_EQ(x.status, 400) << x.body;
  EXPECT_EQ(x.json().at("error").at("field").as_string(), "units[0].parts[0].minutes");
  x = bad("image", "javascript:alert(1)");
  EXPECT_EQ(x.json().at("error").at("field").as_string(), "units[0].parts[0].image");
  x = bad("video_url", "http://example.org/v.mp4");
  EXPECT_EQ(x.json().at("error").at("field").as_string(), "units[0].parts[0].video_url");
  x = bad("image_alt", "");
  EXPECT_EQ(x.error_code(), "missing_field");

  // The demo course has real content: parts of at most 15 minutes with pictures, hours from its units.
  auto demo = client().get("/api/v1/training/courses?q=" + std::string("%E7%BA%BF%E4%B8%8A%E7%90%86%E8%AE%BA")).json();
  ASSERT_GE(demo.at("total").as_int64(), 1);
  auto page = client().get("/api/v1/training/courses/" + id_of(demo.at("items").at(0))).json();
  int minutes = 0, pictures = 0;
  for (const auto& u : page.at("units").as_array())
    for (const auto& p : u.at("parts").as_array()) {
      EXPECT_LE(p.at("minutes").as_int64(), 15);
      EXPECT_GT(p.at("body").as_string().size(), 200u) << p.at("title").as_string();
      minutes += static_cast<int>(p.at("minutes").as_int64());
      pictures += p.at("image").as_string().empty() ? 0 : 1;
    }
  EXPECT_EQ(page.at("total_minutes").as_int64(), minutes);
  EXPECT_DOUBLE_EQ(page.at("hours").to_number<double>(), std::round(minutes / 6.0) / 10.0);
  EXPECT_GE(pictures, 3);
}

TEST_F(TrainingApi, PartsAreStudiedInOrderAndCreditedOnlyUpToThePartsEnd) {
  json::object part{{"title", "一"}, {"minutes", 1}, {"body", "正文"}};
  json::object body{{"title", "两部分"},
                    {"occupation_code", "elderly_care"},
                    {"mode", "online"},
                    {"units", json::array{json::object{{"title", "单元"}, {"parts", json::array{part, part}}}}}};
  auto r = post("/api/v1/training/courses", "institution", body);
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = r.json();
  int64_t worker = take();
  std::string tok = account("worker", "worker_id", worker);
  ASSERT_EQ(send("POST", "/api/v1/training/courses/" + id_of(c) + "/enrolments", tok).status, 201);
  int64_t e = enrolment_id(c.at("id").as_int64(), worker);
  std::string base =
      "/api/v1/training/enrolments/" + std::to_string(e) + "/units/" + id_of(c.at("units").at(0)) + "/open";

  // Skipping ahead: the second part is locked until the first is done.
  auto locked = send("POST", base, tok, json::object{{"part", 2}});
  EXPECT_EQ(locked.status, 409) << locked.body;
  EXPECT_EQ(locked.error_code(), "training_part_locked");
  EXPECT_EQ(send("POST", base, tok, json::object{{"part", 3}}).status, 404);

  auto opened = std::chrono::steady_clock::now();
  r = send("POST", base, tok);  // no body: the part to study next
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("part").as_int64(), 1);
  EXPECT_EQ(r.json().at("unit_seconds").as_int64(), 0);
  std::string session = std::to_string(r.json().at("session_id").as_int64());
  std::string beat = "/api/v1/training/sessions/" + session + "/heartbeat";
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  // A tampered client claims the whole part, the next part and an hour in its body: only the clock counts.
  auto b = send("POST", beat, tok, json::object{{"seconds", 3600}, {"part", 2}, {"unit_seconds", 120}});
  ASSERT_EQ(b.status, 200) << b.body;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - opened).count();
  EXPECT_LE(b.json().at("unit_seconds").as_int64(), static_cast<int64_t>(wall));
  EXPECT_GE(b.json().at("unit_seconds").as_int64(), 1);
  EXPECT_EQ(b.json().at("part").as_int64(), 1);
  EXPECT_EQ(b.json().at("part_end").as_int64(), 60);
  EXPECT_FALSE(b.json().at("part_done").as_bool());

  // The screen locks: no heartbeats for ten minutes (the session's last beat is moved back, as if they had
  // passed). The late beat counts nothing: time without heartbeats is not study time.
  int64_t before = scalar("SELECT seconds FROM training_unit_progress WHERE enrolment_id = ?", {e});
  {
    auto conn = database().acquire();
    conn->exec("UPDATE training_sessions SET last_beat_ms = last_beat_ms - 600000 WHERE id = ?",
               {std::stoll(session)});
  }
  b = send("POST", beat, tok);
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.json().at("credited").as_int64(), 0);
  EXPECT_EQ(b.json().at("unit_seconds").as_int64(), before);

  // She comes back: the page opens a new session where she left off; nothing studied is lost, and the old
  // session no longer counts.
  r = send("POST", base, tok);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("unit_seconds").as_int64(), before);
  EXPECT_EQ(r.json().at("part").as_int64(), 1);
  std::string resumed = "/api/v1/training/sessions/" + std::to_string(r.json().at("session_id").as_int64()) +
                        "/heartbeat";
  EXPECT_EQ(send("POST", beat, tok).error_code(), "training_session_ended");

  // Near the end of the first part (as if she had studied 58 s): beats credit up to its end and no further.
  {
    auto conn = database().acquire();
    conn->exec("UPDATE training_unit_progress SET seconds = 58 WHERE enrolment_id = ?", {e});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  b = send("POST", resumed, tok);
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.json().at("unit_seconds").as_int64(), 60);
  EXPECT_LE(b.json().at("credited").as_int64(), 2);
  EXPECT_TRUE(b.json().at("part_done").as_bool());
  EXPECT_FALSE(b.json().at("unit_done").as_bool());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  b = send("POST", resumed, tok);
  EXPECT_EQ(b.json().at("credited").as_int64(), 0);  // the next part is not studied by staying on this one
  EXPECT_EQ(b.json().at("unit_seconds").as_int64(), 60);

  // The next part opens now, and the first may be read again without counting.
  r = send("POST", base, tok);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("part").as_int64(), 2);
  r = send("POST", base, tok, json::object{{"part", 1}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string review = "/api/v1/training/sessions/" + std::to_string(r.json().at("session_id").as_int64()) +
                       "/heartbeat";
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  b = send("POST", review, tok);
  EXPECT_EQ(b.json().at("credited").as_int64(), 0);
  EXPECT_TRUE(b.json().at("part_done").as_bool());
  // Someone else cannot open her unit.
  EXPECT_EQ(post(base, "worker").error_code(), "out_of_scope");
}

TEST_F(TrainingApi, OnlyTheProvidingInstitutionRecordsAttendanceAndResults) {
  auto theirs = course("offline", 2, false, true, other_institution());
  int64_t worker = take(
      "NOT EXISTS (SELECT 1 FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id "
      "WHERE e.worker_id = w.id AND c.institution_id = (SELECT institution_id FROM users WHERE username = "
      "'institution'))");
  int64_t e = enrol_as_admin(std::stoll(id_of(theirs)), worker);
  std::string unit = id_of(theirs.at("units").at(0));
  auto r = post("/api/v1/training/enrolments/" + std::to_string(e) + "/units/" + unit + "/attendance",
                "institution");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "training_not_provider");
  r = post("/api/v1/training/enrolments/" + std::to_string(e) + "/assessment", "institution",
           json::object{{"score", 95}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "training_not_provider");
  EXPECT_EQ(get("/api/v1/training/enrolments/" + std::to_string(e), "institution").error_code(),
            "out_of_scope");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM training_unit_progress WHERE enrolment_id = ?", {e}), 0);
  // Their own account can.
  std::string theirs_tok = account("institution", "institution_id", other_institution());
  for (const auto& u : theirs.at("units").as_array()) {
    auto a = send("POST",
                  "/api/v1/training/enrolments/" + std::to_string(e) + "/units/" + id_of(u) + "/attendance",
                  theirs_tok);
    ASSERT_EQ(a.status, 200) << a.body;
  }
  // In the credit file too, an institution records training only for its own trainees.
  json::object entry{{"kind", "training"},
                     {"occurred_on", today_utc()},
                     {"details", json::object{{"course", "外部课程"}, {"hours", 8}}}};
  auto credit = post("/api/v1/workers/" + std::to_string(worker) + "/credit-entries", "institution", entry);
  EXPECT_EQ(credit.status, 403) << credit.body;
  EXPECT_EQ(credit.error_code(), "out_of_scope");
  credit = send("POST", "/api/v1/workers/" + std::to_string(worker) + "/credit-entries", theirs_tok, entry);
  EXPECT_EQ(credit.status, 201) << credit.body;
  auto list = send("GET", "/api/v1/training/institution/enrolments?course_id=" + id_of(theirs), theirs_tok);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json().at("total").as_int64(), 1);
  EXPECT_EQ(list.json().at("items").at(0).at("status").as_string(), "completed");
  EXPECT_EQ(
      get("/api/v1/training/institution/enrolments?course_id=" + id_of(theirs), "institution").error_code(),
      "training_not_provider");
}

TEST_F(TrainingApi, APassIssuesExactlyOneVerifiableCertificateAndMovesTheScore) {
  auto c = course("offline", 2, false, true);
  int64_t worker = take();
  int64_t e = enrol_as_admin(std::stoll(id_of(c)), worker);
  std::string assess = "/api/v1/training/enrolments/" + std::to_string(e) + "/assessment";
  auto r = post(assess, "institution", json::object{{"score", 90}});
  EXPECT_EQ(r.error_code(), "training_units_incomplete") << r.body;
  int before = credit_score(worker);
  int64_t entries_before =
      scalar("SELECT COUNT(*) FROM credit_entries WHERE worker_id = ? AND kind = 'training'", {worker});
  attend_all(c, e);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM training_completions WHERE enrolment_id = ?", {e}), 1);
  r = post(assess, "institution", json::object{{"score", 40}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json().at("passed").as_bool());
  EXPECT_TRUE(r.json().at("certificate").is_null());
  r = post(assess, "institution", json::object{{"score", 88}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("passed").as_bool());
  auto cert = r.json().at("certificate").as_object();
  std::string serial(cert.at("serial").as_string()), tok(cert.at("token").as_string());
  EXPECT_EQ(serial.substr(0, 2), "GT");
  // Its version byte (the top bits of the first base64url character): 2 (Ed25519), or 5 (SM2) with the 国密 suite.
  const char* suite = std::getenv("JZ_CRYPTO_SUITE");
  EXPECT_EQ(tok[0], suite && std::string(suite) == "sm" ? 'B' : 'A') << tok;
  // Once passed, no second result and no second certificate.
  r = post(assess, "institution", json::object{{"score", 99}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "training_already_passed");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM training_certificates WHERE enrolment_id = ?", {e}), 1);
  // Completion, failed result, passed result, certificate: four entries from the institution.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM credit_entries WHERE worker_id = ? AND kind = 'training' AND "
                   "source_type = 'institution' AND independent = 1",
                   {worker}),
            entries_before + 4);
  EXPECT_GT(credit_score(worker), before);

  // Public verification by serial and by token; an altered token is forged; the name is masked.
  auto v = client().get("/api/v1/training/certificates/" + serial);
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.json().at("verdict").as_string(), "valid");
  std::string name = std::string(v.json().at("worker_name").as_string());
  EXPECT_NE(name.find("*"), std::string::npos) << name;
  auto t = client().get("/api/v1/training/verify/" + tok);
  EXPECT_EQ(t.json().at("verdict").as_string(), "valid");
  EXPECT_EQ(t.json().at("serial").as_string(), serial);
  std::string altered = tok;
  altered[5] = altered[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(client().get("/api/v1/training/verify/" + altered).json().at("verdict").as_string(), "forged");
  EXPECT_EQ(client().get("/api/v1/training/certificates/GT2026010100000000").status, 404);
  // The service certificates' public routes take the training token too: the same QR verifier.
  auto s = client().get("/api/v1/verify/" + tok);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json().at("result").as_string(), "valid");
  EXPECT_EQ(s.json().at("kind").as_string(), "training_certificate");
  EXPECT_EQ(s.json().at("serial").as_string(), serial);
  auto page = client().get("/v/" + tok);
  EXPECT_EQ(page.status, 302);
  EXPECT_EQ(page.header("Location"), "/training/certificates/" + serial);
  // An altered training token is forged there as well.
  auto forged = client().get("/api/v1/verify/" + altered);
  EXPECT_EQ(forged.json().at("result").as_string(), "forged") << forged.body;
  EXPECT_EQ(client().get("/v/" + altered).status, 200);
}

TEST_F(TrainingApi, TheQuizIsScoredByTheServerAndNeverShowsItsAnswers) {
  auto c = course("offline", 1, true, true);
  int64_t worker = take();
  std::string tok = account("worker", "worker_id", worker);
  ASSERT_EQ(send("POST", "/api/v1/training/courses/" + id_of(c) + "/enrolments", tok).status, 201);
  int64_t e = enrolment_id(std::stoll(id_of(c)), worker);
  std::string quiz = "/api/v1/training/enrolments/" + std::to_string(e) + "/quiz";
  EXPECT_EQ(send("GET", quiz, tok).error_code(), "training_units_incomplete");
  attend_all(c, e);
  auto q = send("GET", quiz, tok);
  ASSERT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(q.json().at("questions").as_array().size(), 2u);
  EXPECT_EQ(q.body.find("answer"), std::string::npos) << q.body;
  EXPECT_EQ(get(quiz, "worker").error_code(), "out_of_scope");
  EXPECT_EQ(send("POST", quiz, tok, json::object{{"answers", json::array{1}}}).error_code(), "invalid_field");
  auto r = send("POST", quiz, tok, json::object{{"answers", json::array{0, 1}}});  // both wrong
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("score").as_int64(), 0);
  EXPECT_FALSE(r.json().at("passed").as_bool());
  r = send("POST", quiz, tok, json::object{{"answers", json::array{1, 0}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("score").as_int64(), 100);
  EXPECT_TRUE(r.json().at("passed").as_bool());
  EXPECT_FALSE(r.json().at("certificate").is_null());
  EXPECT_EQ(send("POST", quiz, tok, json::object{{"answers", json::array{1, 0}}}).error_code(),
            "training_already_passed");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM training_certificates WHERE worker_id = ?", {worker}), 1);
}

TEST_F(TrainingApi, TraineeTimesByPrefectureEqualABruteForceCount) {
  // Random completions of random workers in two offline courses (one of another institution's).
  auto a = course("offline", 1, false, false, std::nullopt, "infant_care");
  auto b = course("offline", 1, false, false, other_institution(), "home_cooking");
  std::string other = account("institution", "institution_id", other_institution());
  std::mt19937 rng(5);
  for (int i = 0; i < 12; ++i) {
    int64_t worker = take();
    bool both = rng() % 2;
    int64_t ea = enrol_as_admin(std::stoll(id_of(a)), worker);
    if (rng() % 4) attend_all(a, ea);
    if (both) {
      int64_t eb = enrol_as_admin(std::stoll(id_of(b)), worker);
      for (const auto& u : b.at("units").as_array())
        ASSERT_EQ(
            send("POST",
                 "/api/v1/training/enrolments/" + std::to_string(eb) + "/units/" + id_of(u) + "/attendance",
                 other)
                .status,
            200);
    }
  }
  std::string year = today_utc().substr(0, 4);
  auto r = get("/api/v1/training/progress?period=" + year, "dept");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json().as_object();
  ASSERT_EQ(j.at("prefectures").as_array().size(), 14u);
  // Brute force: each completed enrolment (a person and a course) once, by the worker's 市州.
  std::map<std::string, std::array<int64_t, 3>> expect;
  int64_t total = 0;
  {
    auto conn = database().acquire();
    for (const auto& row :
         conn->query("SELECT w.prefecture_code, w.gender, w.poverty_alleviated, w.monitored FROM "
                     "training_enrolments e "
                     "JOIN workers w ON w.id = e.worker_id WHERE e.completed_on >= ? AND e.completed_on <= ?",
                     {year + "-01-01", year + "-12-31"})) {
      auto& c = expect[row.get_text(0)];
      ++c[0];
      c[1] += row.get_text(1) == "F";
      c[2] += row.get_int(2) || row.get_int(3);
      ++total;
    }
  }
  for (const auto& p : j.at("prefectures").as_array()) {
    std::string code(p.at("code").as_string());
    auto it = expect.find(code);
    std::array<int64_t, 3> want = it == expect.end() ? std::array<int64_t, 3>{0, 0, 0} : it->second;
    EXPECT_EQ(p.at("total").as_int64(), want[0]) << code;
    EXPECT_EQ(p.at("women").as_int64(), want[1]) << code;
    EXPECT_EQ(p.at("poverty_alleviated").as_int64(), want[2]) << code;
  }
  EXPECT_EQ(j.at("totals").at("total").as_int64(), total);
  // Occupation figures add up to the same total.
  int64_t by_occ = 0;
  for (const auto& o : j.at("occupations").as_array()) by_occ += o.at("total").as_int64();
  EXPECT_EQ(by_occ, total);
  // The default split of 140,000 for a year nobody set targets for.
  auto t = get("/api/v1/training/progress?period=2024", "lanzhou").json();
  EXPECT_EQ(t.at("target").as_int64(), 140000);
  EXPECT_FALSE(t.at("targets_set").as_bool());
  EXPECT_EQ(get("/api/v1/training/progress?period=24x", "admin").error_code(), "invalid_field");
  EXPECT_EQ(get("/api/v1/training/progress", "admin").error_code(), "missing_field");
}

TEST_F(TrainingApi, ProvinceAdminSetsTargetsPerPrefecture) {
  auto r = send("PUT", "/api/v1/training/targets", token("admin"),
                json::object{{"period", "2031"}, {"targets", json::object{{"6201", 100}, {"6230", 7}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto p = get("/api/v1/training/progress?period=2031", "admin").json();
  EXPECT_TRUE(p.at("targets_set").as_bool());
  EXPECT_EQ(p.at("target").as_int64(), 107);
  for (const auto& x : p.at("prefectures").as_array())
    if (x.at("code").as_string() == "6201") EXPECT_EQ(x.at("target").as_int64(), 100);
  r = send("PUT", "/api/v1/training/targets", token("admin"),
           json::object{{"period", "2031"}, {"targets", json::object{{"9999", 1}}}});
  EXPECT_EQ(r.error_code(), "unknown_division");
  r = send("PUT", "/api/v1/training/targets", token("admin"),
           json::object{{"period", "2031"}, {"targets", json::object{{"6201", -1}}}});
  EXPECT_EQ(r.error_code(), "invalid_field");
}

TEST_F(TrainingApi, SurveyOfPovertyAlleviatedWorkersByTheirCityOfficerFeedsOffers) {
  int64_t poor = take("w.prefecture_code = '6201' AND (w.poverty_alleviated <> 0 OR w.monitored <> 0)");
  int64_t poor_outside =
      take("w.prefecture_code <> '6201' AND (w.poverty_alleviated <> 0 OR w.monitored <> 0)");
  int64_t not_poor = take("w.prefecture_code = '6201' AND w.poverty_alleviated = 0 AND w.monitored = 0");
  json::object body{{"worker_id", poor},
                    {"willing", true},
                    {"occupations", json::array{"home_decor"}},
                    {"can_leave_home", true},
                    {"available_from", "2027-03-01"},
                    {"prior_training", "无"}};
  auto r = post("/api/v1/training/surveys", "lanzhou", body);
  ASSERT_EQ(r.status, 201) << r.body;
  body["worker_id"] = poor_outside;
  EXPECT_EQ(post("/api/v1/training/surveys", "lanzhou", body).error_code(), "out_of_scope");
  body["worker_id"] = not_poor;
  EXPECT_EQ(post("/api/v1/training/surveys", "lanzhou", body).error_code(), "training_survey_not_poverty");
  body["worker_id"] = poor;
  body["occupations"] = json::array{"astronaut"};
  EXPECT_EQ(post("/api/v1/training/surveys", "lanzhou", body).error_code(), "unknown_occupation");
  auto list = get("/api/v1/training/surveys?page_size=100", "lanzhou").json();
  bool found = false;
  for (const auto& s : list.at("items").as_array()) {
    EXPECT_EQ(s.at("prefecture_code").as_string(), "6201");
    found |= s.at("worker_id").as_int64() == poor;
  }
  EXPECT_TRUE(found);
  auto offers = get("/api/v1/training/offers", "lanzhou").json();
  bool offered = false;
  for (const auto& o : offers.at("items").as_array()) {
    EXPECT_EQ(o.at("prefecture_code").as_string(), "6201");
    if (o.at("occupation_code").as_string() != "home_decor") continue;
    for (const auto& w : o.at("workers").as_array()) offered |= w.at("id").as_int64() == poor;
  }
  EXPECT_TRUE(offered) << offers;
}

TEST_F(TrainingApi, AnAwardInASkillCompetitionEntersTheCreditFile) {
  auto r = post("/api/v1/training/competitions", "admin",
                json::object{{"name", "巾帼家政服务技能大赛（测试）"},
                             {"level", "provincial"},
                             {"held_on", "2025-06-01"},
                             {"occupation_code", "housekeeping"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = id_of(r.json());
  int64_t worker = take();
  int before = credit_score(worker);
  r = post("/api/v1/training/competitions/" + id + "/awards", "admin",
           json::object{{"worker_id", worker}, {"award", "一等奖"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM credit_entries WHERE worker_id = ? AND kind = 'competition'", {worker}),
      1);
  EXPECT_GT(credit_score(worker), before);
  r = post("/api/v1/training/competitions/" + id + "/awards", "admin",
           json::object{{"worker_id", worker}, {"award", "二等奖"}});
  EXPECT_EQ(r.error_code(), "conflict");
  // A city officer records awards only for her own 市州's competitions.
  int64_t local = take("w.prefecture_code = '6201'");
  r = post("/api/v1/training/competitions/" + id + "/awards", "lanzhou",
           json::object{{"worker_id", local}, {"award", "三等奖"}});
  EXPECT_EQ(r.error_code(), "out_of_scope");
  r = post("/api/v1/training/competitions", "lanzhou",
           json::object{{"name", "兰州市家政技能赛"}, {"level", "provincial"}, {"held_on", "2025-06-01"}});
  EXPECT_EQ(r.error_code(), "out_of_scope");
  EXPECT_EQ(client().get("/api/v1/training/competitions").status, 200);
}

}  // namespace
}  // namespace jz::test

namespace jz::test {
namespace {
// Twenty submissions of the right answers at once (a double-tapping phone, a script): exactly one is counted and
// graded, one certificate, one result entry; the rest get 409 (conditional update of quiz_attempts).
TEST_F(TrainingApi, TwentyParallelQuizSubmissionsAreCountedOnce) {
  auto c = course("offline", 1, true, true);
  int64_t worker = take();
  std::string tok = account("worker", "worker_id", worker);
  ASSERT_EQ(send("POST", "/api/v1/training/courses/" + id_of(c) + "/enrolments", tok).status, 201);
  int64_t e = enrolment_id(std::stoll(id_of(c)), worker);
  attend_all(c, e);
  std::string quiz = "/api/v1/training/enrolments/" + std::to_string(e) + "/quiz";
  std::vector<HttpResult> out(20);
  std::vector<std::thread> threads;
  std::atomic<int> ready{0};
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < 20) std::this_thread::yield();
      out[i] = send("POST", quiz, tok, json::object{{"answers", json::array{1, 0}}});
    });
  for (auto& t : threads) t.join();
  int ok = 0;
  for (const auto& r : out) {
    if (r.status == 200) ++ok;
    else EXPECT_TRUE(r.error_code() == "conflict" || r.error_code() == "training_already_passed") << r.body;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(scalar("SELECT quiz_attempts FROM training_enrolments WHERE id = ?", {e}), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM training_certificates WHERE worker_id = ?", {worker}), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'training.assess' AND object_id = ?",
                   {std::to_string(e)}),
            1);
}
}  // namespace
}  // namespace jz::test
