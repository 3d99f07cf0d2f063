// Provenance over real HTTP, on the backend named by JZ_TEST_BACKEND (issue 10): only an independent party's word
// turns the 安心码 light green or pays money. Replays the attacks — an enterprise's own "hospital" health check,
// an enterprise's poverty flag plus its own record of a job in 北京 — and the issuers' flows: registration by
// officials, health checks by the provider, policies and endorsements by the insurer.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <set>
#include <unistd.h>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/id_number.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kTrustAccess({
    {"GET /api/v1/issuers", "province_admin,department,city_officer"},
    {"POST /api/v1/issuers", "province_admin,city_officer"},
    {"GET /api/v1/health-checks", "health_provider"},
    {"POST /api/v1/health-checks", "health_provider"},
    {"GET /api/v1/insurance-policies", "insurer"},
    {"POST /api/v1/insurance-policies", "insurer"},
    {"POST /api/v1/insurance-policies/{id}/endorsements", "insurer"},
    {"GET /api/v1/workers/{id}/flag-assertions", "province_admin,department,city_officer,enterprise,worker"},
    {"POST /api/v1/workers/{id}/flags", "province_admin,city_officer,enterprise"},
    {"POST /api/v1/imports/health-checks", "health_provider"},
    {"POST /api/v1/imports/insurance-policies", "insurer"},
    {"GET /api/v1/imports/health-checks/template.csv", "health_provider"},
    {"GET /api/v1/imports/insurance-policies/template.csv", "insurer"},
});

class TrustApi : public ApiFixture<TrustApi> {
 protected:
  static std::string day(int64_t offset) { return credit::add_days(today_utc(), offset); }

  // A fresh resident ID number of a woman born in 1978 in `county` (never a demo worker or another suite's).
  static std::string new_id_number(const std::string& county = "620102") {
    static int n = 0;
    ++n;
    char first17[18];
    std::snprintf(first17, sizeof first17, "%s1978%02d%02d%03d", county.c_str(), n % 12 + 1,
                  (::getpid() + n * 5) % 28 + 1, ((::getpid() / 28 + n * 41) % 500) * 2);
    return std::string(first17) + id_number_check_char(first17);
  }
  struct Person {
    int64_t id = 0;
    std::string id_number, name;
  };
  // Registers a worker in 兰州 (城关区) as `as`; `flags` as the form sends them.
  static Person registered(const std::string& as, const std::string& name, json::array flags = {}) {
    Person p{0, new_id_number(), name};
    json::object body{{"name", name},
                      {"id_number", p.id_number},
                      {"current_division_code", "620102"},
                      {"occupations", json::array{json::object{{"code", "elderly_care"}, {"level", 2}}}},
                      {"flags", std::move(flags)},
                      {"hours_per_week", 48},
                      {"expected_wage", 4800}};
    auto r = client().post_json("/api/v1/workers", json::serialize(body), token(as));
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status == 201) p.id = r.json().at("id").as_int64();
    return p;
  }
  static HttpResult record(int64_t worker, const std::string& as, const json::object& body) {
    return client().post_json("/api/v1/workers/" + std::to_string(worker) + "/credit-entries", json::serialize(body),
                              token(as));
  }
  static void verify_identity(int64_t worker) {
    auto r = record(worker, "admin",
                    {{"kind", "identity_verification"},
                     {"occurred_on", day(-20)},
                     {"details", json::object{{"status", "verified"}, {"method", "document_check"}}}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static json::object person_json(const Person& p) { return {{"id_number", p.id_number}, {"name", p.name}}; }
  static HttpResult policy(const std::string& no, std::vector<Person> insured, const std::string& as = "insurer") {
    json::array people;
    for (const auto& p : insured) people.push_back(person_json(p));
    json::object body{{"policy_no", no},          {"product", "家政服务人员意外险"}, {"type", "accident"},
                      {"limit_per_person", 300000}, {"premium", 120},                {"paid_by", "enterprise"},
                      {"payer_name", "兰州巾帼家政"}, {"starts_on", day(-30)},          {"ends_on", day(335)},
                      {"insured", std::move(people)}};
    return client().post_json("/api/v1/insurance-policies", json::serialize(body), token(as));
  }
  static std::string unique(const std::string& prefix) {
    static int n = 0;
    return prefix + std::to_string(::getpid()) + "-" + std::to_string(++n);
  }
  static json::object verify_json(const std::string& tok) {
    auto r = client().get("/api/v1/verify/" + tok);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().as_object() : json::object{};
  }
  static std::string color(const json::object& v) { return std::string(v.at("status_light").at("color").as_string()); }
  static std::string text(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }
};

// The attack of the issue: an enterprise records a health check for its own worker with a "hospital" source.
// It is stored as the enterprise's claim, and the light stays yellow; the provider's record turns it green.
TEST_F(TrustApi, EnterpriseFakeHospitalHealthCheckIsAClaimAndNeverGreen) {
  Person w = registered("enterprise", "杨秀娥");
  ASSERT_GT(w.id, 0);
  verify_identity(w.id);
  ASSERT_EQ(policy(unique("PA"), {w}).status, 201);

  auto fake = record(w.id, "enterprise",
                     {{"kind", "health_check"},
                      {"occurred_on", day(-3)},
                      {"valid_until", day(362)},
                      {"source", json::object{{"type", "hospital"}, {"name", "兰州市第一人民医院"}}},
                      {"independent", true},
                      {"details", json::object{{"institution", "兰州市第一人民医院"}, {"result", "fit"}}}});
  ASSERT_EQ(fake.status, 201) << fake.body;
  auto entry = fake.json();
  EXPECT_FALSE(entry.at("independent").as_bool());
  EXPECT_EQ(text(entry.at("source"), "type"), "enterprise");
  EXPECT_EQ(text(entry.at("asserted_by"), "role"), "enterprise");
  EXPECT_EQ(text(entry, "verification_label"), "单位自述（待核实）");

  auto cert = client().post_json("/api/v1/workers/" + std::to_string(w.id) + "/certificates", "", token("enterprise"));
  ASSERT_EQ(cert.status, 201) << cert.body;
  std::string tok = text(cert.json(), "token");
  auto v = verify_json(tok);
  EXPECT_EQ(color(v), "yellow");
  EXPECT_EQ(text(v.at("profile").at("health_check"), "status"), "claimed");
  bool reason = false;
  for (const auto& r : v.at("status_light").at("reasons").as_array()) reason |= r.at("code").as_string() == "health_check_claimed";
  EXPECT_TRUE(reason) << json::serialize(v.at("status_light"));
  auto page = client().get("/v/" + tok);
  EXPECT_NE(page.body.find("data-light=\"yellow\""), std::string::npos);
  EXPECT_NE(page.body.find("仅有单位自述"), std::string::npos);
  // Nor does the claim count in the score.
  auto score = client().get("/api/v1/workers/" + std::to_string(w.id) + "/credit", token("admin")).json();
  for (const auto& c : score.at("components").as_array())
    if (c.at("key").as_string() == "health_check") EXPECT_EQ(c.at("points").to_number<double>(), 0.0);

  // The provider examines her: an independent fact, one year by default, and the light turns green.
  json::object check{{"person", person_json(w)},
                     {"level", "elderly_care"},
                     {"result", "pass"},
                     {"checked_on", day(-1)},
                     {"report_no", unique("TJ")}};
  auto done = client().post_json("/api/v1/health-checks", json::serialize(check), token("clinic"));
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(text(done.json(), "valid_until"), credit::add_days(day(-1), 365));
  EXPECT_EQ(text(done.json(), "worker_name"), "杨*娥");
  // The same report twice is refused.
  EXPECT_EQ(client().post_json("/api/v1/health-checks", json::serialize(check), token("clinic")).error_code(),
            "issuer_duplicate");
  v = verify_json(tok);
  EXPECT_EQ(color(v), "green") << json::serialize(v.at("status_light"));
  EXPECT_EQ(text(v.at("profile").at("health_check"), "level"), "elderly_care");
  page = client().get("/v/" + tok);
  EXPECT_NE(page.body.find("data-light=\"green\""), std::string::npos);
  EXPECT_NE(page.body.find("养老照护"), std::string::npos);
  // Her file shows who asserted it; the result is health data only she and officials read.
  auto entries = client().get("/api/v1/workers/" + std::to_string(w.id) + "/credit-entries?kind=health_check",
                              token("admin")).json().at("items").as_array();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_TRUE(entries[0].at("independent").as_bool());
  EXPECT_EQ(text(entries[0].at("asserted_by"), "role"), "health_provider");
  EXPECT_EQ(text(entries[0].at("health"), "result"), "fit");
}

// The second attack: an enterprise flags its worker 脱贫 and records her job in 北京 itself. No 600 yuan; the
// simulation lists her as awaiting verification, with who can verify; the officials' word makes her eligible.
TEST_F(TrustApi, EnterprisePovertyFlagAndOwnBeijingJobPayNothingUntilVerified) {
  Person w = registered("enterprise", "王小梅", json::array{"poverty_alleviated"});
  ASSERT_GT(w.id, 0);
  auto job = record(w.id, "enterprise",
                    {{"kind", "employment"},
                     {"occurred_on", "2025-03-01"},
                     {"details", json::object{{"place_other", "北京市"}, {"occupation", "housekeeping"}, {"monthly_wage", 5200}}}});
  ASSERT_EQ(job.status, 201) << job.body;
  EXPECT_FALSE(job.json().at("independent").as_bool());
  auto flags = client().get("/api/v1/workers/" + std::to_string(w.id) + "/flag-assertions", token("lanzhou")).json();
  EXPECT_FALSE(flags.at("verified").at("poverty_alleviated").as_bool());
  ASSERT_FALSE(flags.at("items").as_array().empty());
  EXPECT_EQ(text(flags.at("items").as_array()[0].at("asserted_by"), "role"), "enterprise");
  // Saying it again through the flag route changes nothing: still the enterprise's word.
  auto again = client().post_json("/api/v1/workers/" + std::to_string(w.id) + "/flags",
                                  R"({"flag":"poverty_alleviated","value":true,"evidence":"本企业核实"})", token("enterprise"));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_FALSE(again.json().at("independent").as_bool());

  auto simulate = [&] {
    auto r = client().post_json("/api/v1/policies/transport_subsidy/simulate?period=2025&prefecture=6201&sample=200",
                                "{}", token("admin"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  };
  auto find = [&](const json::array& list) -> const json::object* {
    for (const auto& p : list)
      if (p.at("worker_id").as_int64() == w.id) return &p.as_object();
    return nullptr;
  };
  auto sim = simulate();
  EXPECT_EQ(find(sim.at("sample").as_array()), nullptr) << "paid on claims";
  const json::object* waiting = find(sim.at("awaiting_verification").at("sample").as_array());
  ASSERT_NE(waiting, nullptr);
  EXPECT_EQ(waiting->at("yuan").as_int64(), 600);
  std::set<std::string> facts;
  for (const auto& c : waiting->at("claims").as_array()) {
    facts.insert(text(c, "fact"));
    EXPECT_FALSE(text(c, "verifier").empty());
  }
  EXPECT_EQ(facts, (std::set<std::string>{"worker.poverty_alleviated", "employment"}));
  auto mine = client().get("/api/v1/workers/" + std::to_string(w.id) + "/subsidies?period=2025", token("admin"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto view = mine.json();  // kept: a range-for over a temporary's member would dangle
  for (const auto& p : view.at("policies").as_array())
    if (p.at("policy_id").as_string() == "transport_subsidy") EXPECT_FALSE(p.at("eligible").as_bool()) << json::serialize(p);

  // An officer of another 市州 cannot vouch for her, nor can the department; her own 市州's officer can.
  std::string tianshui = unique("trust-ts");
  ASSERT_EQ(client().post_json("/api/v1/users",
                               json::serialize(json::object{{"username", tianshui}, {"password", "Secret2024x"},
                                                            {"role", "city_officer"}, {"division_code", "6205"}}),
                               token("admin")).status, 201);
  auto flag = [&](const std::string& tok) {
    return client().post_json("/api/v1/workers/" + std::to_string(w.id) + "/flags",
                              R"({"flag":"poverty_alleviated","value":true})", tok);
  };
  EXPECT_EQ(flag(server().login(tianshui, "Secret2024x")).error_code(), "out_of_scope");
  EXPECT_EQ(flag(token("dept")).error_code(), "forbidden");
  auto confirmed = client().post_json("/api/v1/workers/" + std::to_string(w.id) + "/flags",
                                      R"({"flag":"poverty_alleviated","value":true,"evidence":"防返贫监测名单 2025"})",
                                      token("lanzhou"));
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  EXPECT_TRUE(confirmed.json().at("independent").as_bool());
  // Still waiting: the job in 北京 is the enterprise's word.
  waiting = nullptr;
  sim = simulate();
  waiting = find(sim.at("awaiting_verification").at("sample").as_array());
  ASSERT_NE(waiting, nullptr);
  ASSERT_EQ(waiting->at("claims").as_array().size(), 1u);
  EXPECT_EQ(text(waiting->at("claims").as_array()[0], "fact"), "employment");
  // The 市州 records the job it checked: now an independent fact, and she is eligible for 600 yuan.
  auto official = record(w.id, "lanzhou",
                         {{"kind", "employment"},
                          {"occurred_on", "2025-03-01"},
                          {"evidence", "劳务输出台账"},
                          {"details", json::object{{"employer", "北京某家政公司"}, {"place_other", "北京市"}, {"occupation", "housekeeping"}}}});
  ASSERT_EQ(official.status, 201) << official.body;
  EXPECT_TRUE(official.json().at("independent").as_bool());
  sim = simulate();
  const json::object* paid = find(sim.at("sample").as_array());
  ASSERT_NE(paid, nullptr);
  EXPECT_EQ(paid->at("yuan").as_int64(), 600);
  EXPECT_EQ(find(sim.at("awaiting_verification").at("sample").as_array()), nullptr);
}

TEST_F(TrustApi, OfficialsRegisterIssuersInTheirScope) {
  std::string name = unique("天水体检中心");
  std::string username = unique("clinic-ts");
  json::object body{{"type", "health_provider"}, {"name", name}, {"division_code", "6205"},
                    {"username", username},      {"password", "Secret2024x"}};
  // 兰州's officer cannot register one in 天水; an enterprise cannot register any.
  EXPECT_EQ(client().post_json("/api/v1/issuers", json::serialize(body), token("lanzhou")).error_code(), "out_of_scope");
  EXPECT_EQ(client().post_json("/api/v1/issuers", json::serialize(body), token("enterprise")).error_code(), "forbidden");
  body["type"] = "hospital";
  EXPECT_EQ(client().post_json("/api/v1/issuers", json::serialize(body), token("admin")).error_code(), "invalid_field");
  body["type"] = "health_provider";
  auto made = client().post_json("/api/v1/issuers", json::serialize(body), token("admin"));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(text(made.json(), "type_label"), "体检机构");
  EXPECT_EQ(client().post_json("/api/v1/issuers", json::serialize(body), token("admin")).error_code(), "issuer_name_taken");
  // Its account works at once, as a health provider of that organisation; it reads no worker's file.
  std::string tok = server().login(username, "Secret2024x");
  auto me = client().get("/api/v1/me", tok);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(text(me.json().at("user"), "role"), "health_provider");
  EXPECT_EQ(client().get("/api/v1/health-checks", tok).status, 200);
  int64_t any = scalar("SELECT MIN(id) FROM workers");
  EXPECT_EQ(client().get("/api/v1/workers/" + std::to_string(any) + "/credit-entries", tok).error_code(), "forbidden");
  EXPECT_EQ(client().get("/api/v1/workers/" + std::to_string(any), tok).error_code(), "forbidden");
  // A city officer lists those of her 市州 only; the province all.
  auto listed = [&](const std::string& as) {
    bool found = false;
    auto list = client().get("/api/v1/issuers", token(as)).json();
    for (const auto& i : list.at("items").as_array()) found |= i.at("name").as_string() == name;
    return found;
  };
  EXPECT_TRUE(listed("admin"));
  EXPECT_TRUE(listed("dept"));
  EXPECT_FALSE(listed("lanzhou"));
}

TEST_F(TrustApi, HealthChecksNameTheRegisteredPersonExactly) {
  Person w = registered("lanzhou", "李桂兰");
  ASSERT_GT(w.id, 0);
  json::object check{{"person", json::object{{"id_number", w.id_number}, {"name", "李桂花"}}},
                     {"level", "maternity"},
                     {"result", "pass"},
                     {"checked_on", day(-2)},
                     {"report_no", unique("TJ")}};
  auto post = [&] { return client().post_json("/api/v1/health-checks", json::serialize(check), token("clinic")); };
  EXPECT_EQ(post().error_code(), "issuer_person_mismatch");
  check["person"] = json::object{{"id_number", new_id_number()}, {"name", "李桂兰"}};
  EXPECT_EQ(post().error_code(), "issuer_person_unknown");
  check["person"] = person_json(w);
  check["level"] = "vip";
  EXPECT_EQ(post().error_code(), "invalid_field");
  check["level"] = "maternity";
  check["checked_on"] = day(3);
  EXPECT_EQ(post().error_code(), "invalid_field");
  // A recheck has no validity: nothing in date, the result stays health data.
  check["checked_on"] = day(-2);
  check["result"] = "recheck";
  auto r = post();
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json().at("valid_until").is_null());
  auto listed = client().get("/api/v1/health-checks", token("clinic")).json().at("items").as_array();
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(text(listed[0], "level_label"), "母婴照护");
  EXPECT_EQ(listed[0].as_object().count("result"), 0u);
  EXPECT_EQ(r.body.find(w.id_number), std::string::npos);
  EXPECT_EQ(client().get("/api/v1/health-checks", token("insurer")).error_code(), "forbidden");
}

TEST_F(TrustApi, InsurersRecordPoliciesAndEndorsementsChangeTheInsured) {
  Person a = registered("enterprise", "张翠兰"), b = registered("enterprise", "赵春梅"), c = registered("enterprise", "刘玉珍");
  ASSERT_TRUE(a.id && b.id && c.id);
  std::string no = unique("PB");
  auto r = policy(no, {a, b});
  ASSERT_EQ(r.status, 201) << r.body;
  auto pol = r.json().as_object();
  EXPECT_EQ(pol.at("insured").as_array().size(), 2u);
  EXPECT_EQ(text(pol, "type_label"), "意外险");
  EXPECT_EQ(policy(no, {c}).error_code(), "issuer_duplicate");
  EXPECT_EQ(policy(unique("PB"), {c}, "clinic").error_code(), "forbidden");
  EXPECT_EQ(policy(unique("PB"), {c, c}).error_code(), "issuer_duplicate");
  // The insurer's word is independent; the enterprise's own record of cover is a claim.
  auto entries = [&](int64_t worker) {
    return client().get("/api/v1/workers/" + std::to_string(worker) + "/credit-entries?kind=insurance", token("admin"))
        .json().at("items").as_array();
  };
  auto mine = entries(a.id);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_TRUE(mine[0].at("independent").as_bool());
  EXPECT_EQ(text(mine[0].at("source"), "type"), "insurer");
  auto claim = record(c.id, "enterprise",
                      {{"kind", "insurance"},
                       {"occurred_on", day(-10)},
                       {"valid_until", day(355)},
                       {"details", json::object{{"policy_kind", "accident"}, {"insurer", "某保险"}}}});
  ASSERT_EQ(claim.status, 201) << claim.body;
  EXPECT_FALSE(claim.json().at("independent").as_bool());

  // 批改: 张翠兰 leaves, 刘玉珍 joins from today. Her cover ends yesterday; the newcomer's starts today.
  int64_t id = pol.at("id").as_int64();
  json::object end{{"endorsement_no", "E1"}, {"effective_on", day(0)}, {"remove", person_json(a)}, {"add", person_json(c)}};
  auto e = client().post_json("/api/v1/insurance-policies/" + std::to_string(id) + "/endorsements", json::serialize(end),
                              token("insurer"));
  ASSERT_EQ(e.status, 201) << e.body;
  EXPECT_EQ(e.json().at("endorsements").as_int64(), 1);
  EXPECT_EQ(client().post_json("/api/v1/insurance-policies/" + std::to_string(id) + "/endorsements",
                               json::serialize(end), token("insurer")).error_code(), "issuer_duplicate");
  end["endorsement_no"] = "E2";
  end.erase("add");
  EXPECT_EQ(client().post_json("/api/v1/insurance-policies/" + std::to_string(id) + "/endorsements",
                               json::serialize(end), token("insurer")).error_code(), "issuer_not_insured");
  mine = entries(a.id);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(text(mine[0], "valid_until"), day(-1));
  bool newcomer = false;
  for (const auto& x : entries(c.id))
    if (x.at("independent").as_bool() && text(x, "occurred_on") == day(0)) newcomer = true;
  EXPECT_TRUE(newcomer);
  // Another insurer's account cannot touch the policy.
  EXPECT_EQ(client().post_json("/api/v1/insurance-policies/999999999/endorsements", json::serialize(end),
                               token("insurer")).error_code(), "not_found");
  auto list = client().get("/api/v1/insurance-policies", token("insurer")).json();
  EXPECT_GE(list.at("total").as_int64(), 1);
}

// The providers' and insurers' files, with the worker import's row report: good rows in, bad rows named by row
// and column, a dry run writing nothing.
TEST_F(TrustApi, IssuersImportTheirFilesWithARowReport) {
  Person a = registered("enterprise", "孙丽娟"), b = registered("enterprise", "周红霞");
  ASSERT_TRUE(a.id && b.id);
  auto send = [&](const std::string& path, const json::array& rows, const std::string& as) {
    HttpRequest req;
    req.method = "POST";
    req.target = path;
    req.token = token(as);
    req.headers["Content-Type"] = "application/json";
    req.body = json::serialize(json::object{{"rows", rows}});
    return client().send(req);
  };
  std::string r1 = unique("TJ"), r2 = unique("TJ");
  json::array checks{json::array{"体检结果登记表"},
                     json::array{"身份证号", "姓名", "体检类别", "体检结论", "体检日期", "有效期至", "报告编号"},
                     json::array{a.id_number, a.name, "居家家政", "合格", day(-4), "", r1},
                     json::array{b.id_number, "周红", "母婴照护", "合格", day(-4), "", r2}};
  auto dry = send("/api/v1/imports/health-checks?dry_run=1&mode=good_rows_only", checks, "clinic");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json().at("imported").as_int64(), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM health_checks WHERE worker_id = ?", {a.id}), 0);
  auto all = send("/api/v1/imports/health-checks", checks, "clinic");  // all or nothing: one bad row, none in
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("imported").as_int64(), 0);
  auto good = send("/api/v1/imports/health-checks?mode=good_rows_only", checks, "clinic");
  ASSERT_EQ(good.status, 200) << good.body;
  auto rep = good.json();
  EXPECT_EQ(rep.at("header_row").as_int64(), 2);
  EXPECT_EQ(rep.at("imported").as_int64(), 1);
  ASSERT_EQ(rep.at("problems").as_array().size(), 1u);
  const auto& p = rep.at("problems").as_array()[0];
  EXPECT_EQ(p.at("row").as_int64(), 4);
  EXPECT_EQ(text(p, "column"), "姓名");
  EXPECT_EQ(text(p, "code"), "issuer_person_mismatch");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM health_checks WHERE worker_id = ?", {a.id}), 1);
  EXPECT_EQ(send("/api/v1/imports/health-checks", checks, "insurer").error_code(), "forbidden");

  // The insurer's file: two rows of one policy make one policy with two insured.
  std::string no = unique("PI");
  json::array header{"保单号", "产品名称", "险种", "每人保额", "保费", "缴费方", "起保日期", "终保日期", "身份证号", "姓名"};
  json::array policies{header,
                       json::array{no, "家政意外险", "意外险", "300,000", "240", "企业", day(-3), day(360), a.id_number, a.name},
                       json::array{no, "家政意外险", "意外险", "300,000", "240", "企业", day(-3), day(360), b.id_number, b.name}};
  auto imported = send("/api/v1/imports/insurance-policies", policies, "insurer");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json().at("imported").as_int64(), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM insured_persons ip JOIN insurance_policies p ON p.id = ip.policy_id "
                   "WHERE p.policy_no = ?", {no}), 2);
}

}  // namespace
}  // namespace jz::test
