// Issue 16, for the people who use it, over real HTTP on the backend named by JZ_TEST_BACKEND: household sign-up
// with an SMS code (and the attacks on it: a code for another number, guessing, reuse), login by mobile number,
// serials typed in any case, the console header's organisation, 员工数, the site footer, subsidy conditions and
// rule problems in plain words.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>
#include <regex>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "security/masking.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kPeopleAccess(
    {
        {"POST /api/v1/auth/signup/code", "public"},
        {"POST /api/v1/auth/signup", "public"},
        {"GET /api/v1/subsidy/facts", "province_admin,department,city_officer"},
    },
    {});

class PeopleApi : public ApiFixture<PeopleApi> {
 protected:
  // A mobile number no other test uses.
  static std::string fresh_phone() {
    static std::mt19937 rng(static_cast<unsigned>(::getpid()));
    static int n = 0;
    return "139" + std::to_string(10000000 + (rng() % 80000000) + ++n).substr(0, 8);
  }
  static HttpResult send_code(const std::string& phone) {
    return client().post_json("/api/v1/auth/signup/code", json::serialize(json::object{{"phone", phone}}));
  }
  static HttpResult sign_up(const std::string& phone, const std::string& code, const std::string& password = "Haus2024ok") {
    return client().post_json(
        "/api/v1/auth/signup",
        json::serialize(json::object{{"phone", phone}, {"code", code}, {"password", password}, {"display_name", "王女士"}}));
  }
  // The last code the log sender wrote for this number (the server log is the SMS gateway of a test system).
  static std::string code_from_log(const std::string& phone) {
    std::string log = server().read_log();
    std::string mask;
    for (char c : security::mask_phone(phone)) mask += c == '*' ? std::string("\\*") : std::string(1, c);
    std::regex re("SMS to " + mask + R"(: [^\n]*?(\d{6}))");
    std::string found;
    for (std::sregex_iterator it(log.begin(), log.end(), re), end; it != end; ++it) found = (*it)[1];
    return found;
  }
  static HttpResult send_lang(HttpRequest req, const std::string& lang) {
    req.headers["Accept-Language"] = lang;
    return client().send(req);
  }
};

TEST_F(PeopleApi, AHouseholdSignsUpWithAnSmsCodeAndLogsInWithHerNumber) {
  const std::string phone = fresh_phone();
  auto sent = send_code(phone);
  ASSERT_EQ(sent.status, 202) << sent.body;
  std::string code = code_from_log(phone);
  ASSERT_EQ(code.size(), 6u) << "no code in the server log";

  // A wrong code is refused and counted; the right one makes a consumer account.
  std::string wrong = code == "000000" ? "111111" : "000000";
  EXPECT_EQ(sign_up(phone, wrong).error_code(), "sms_code_wrong");
  auto made = sign_up(phone, code);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("role").as_string(), "consumer");

  // She logs in with the number as she types it (spaces, +86), not with a username she never chose.
  auto login = client().post_json("/api/v1/auth/login",
                                  json::serialize(json::object{{"username", "+86 " + phone.substr(0, 3) + " " + phone.substr(3, 4) + " " + phone.substr(7)},
                                                               {"password", "Haus2024ok"}}));
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.json().at("user").at("role").as_string(), "consumer");
  EXPECT_EQ(login.json().at("user").at("display_name").as_string(), "王女士");

  // The number is nowhere in clear: not the username, not the audit log, not the users row.
  int64_t id = made.json().at("id").as_int64();
  // One connection at a time: the fixture's pool has one (scalar() below takes it too).
  auto row = database().acquire()->query("SELECT username, phone_mask FROM users WHERE id = ?", {id});
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].get_text(0).find(phone.substr(3)), std::string::npos);
  EXPECT_EQ(row[0].get_text(1), security::mask_phone(phone));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE summary LIKE ?", {"%" + phone + "%"}), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM login_failures WHERE subject LIKE ?", {"%" + phone.substr(3) + "%"}), 0);

  // The number now has an account: no second one, no new code.
  EXPECT_EQ(send_code(phone).error_code(), "phone_registered");
  EXPECT_EQ(sign_up(phone, code).error_code(), "sms_code_expired");
}

TEST_F(PeopleApi, ACodeCannotBeUsedForAnotherNumberGuessedOrAskedForTooOften) {
  const std::string a = fresh_phone(), b = fresh_phone();
  ASSERT_EQ(send_code(a).status, 202);
  std::string code = code_from_log(a);
  ASSERT_EQ(code.size(), 6u);
  // One code a minute per number.
  auto again = send_code(a);
  EXPECT_EQ(again.status, 429);
  EXPECT_EQ(again.error_code(), "sms_too_soon");
  // A's code does not open an account for B.
  EXPECT_EQ(sign_up(b, code).error_code(), "sms_code_expired");
  // Five wrong guesses kill the code: the right code no longer works after them.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_up(a, code == "999999" ? "888888" : "999999").error_code(), "sms_code_wrong");
  EXPECT_EQ(sign_up(a, code).error_code(), "sms_code_expired");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users WHERE phone_mask = ?", {security::mask_phone(a)}), 0);
  // A number that is not a mainland mobile, and a weak password, are refused before anything is stored.
  EXPECT_EQ(send_code("12345").error_code(), "invalid_mobile");
  EXPECT_EQ(sign_up(b, "123456", "short").error_code(), "weak_password");
}

TEST_F(PeopleApi, ASerialTypedInLowerCaseWithSpacesFindsTheCertificate) {
  int64_t worker = scalar(
      "SELECT w.id FROM workers w WHERE w.identity_status = 'verified' AND NOT EXISTS (SELECT 1 FROM "
      "service_certificates c WHERE c.worker_id = w.id) ORDER BY w.id LIMIT 1");
  ASSERT_GT(worker, 0);
  auto issued = client().post_json("/api/v1/workers/" + std::to_string(worker) + "/certificates", "", token("admin"));
  ASSERT_EQ(issued.status, 201) << issued.body;
  std::string serial(issued.json().at("serial").as_string());
  std::string typed = "gs%20" + serial.substr(2, 8) + "%20" + serial.substr(10, 4) + "-" + serial.substr(14);
  auto r = client().get("/api/v1/certificates/" + typed);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("result").as_string(), "valid");
  EXPECT_EQ(r.json().at("certificate").at("serial").as_string(), serial);
  EXPECT_EQ(client().get("/api/v1/certificates/gs" + serial.substr(2) + "9").status, 404);
}

TEST_F(PeopleApi, TheHeaderNamesHerOwnOrganisationAndTheEnterpriseListCountsStaff) {
  auto me = client().get("/api/v1/me", token("enterprise"));
  ASSERT_EQ(me.status, 200);
  auto ent = database().acquire()->query(
      "SELECT e.id, e.name FROM users u JOIN enterprises e ON e.id = u.enterprise_id WHERE u.username = 'enterprise'");
  ASSERT_EQ(ent.size(), 1u);
  EXPECT_EQ(me.json().at("user").at("organization_name").as_string(), ent[0].get_text(1));
  auto worker_me = client().get("/api/v1/me", token("worker")).json();
  auto wname = database().acquire()->query(
      "SELECT w.name FROM users u JOIN workers w ON w.id = u.worker_id WHERE u.username = 'worker'");
  EXPECT_EQ(worker_me.at("user").at("worker_name").as_string(), wname[0].get_text(0));

  auto list = client().get("/api/v1/enterprises?page_size=100", token("admin"));
  ASSERT_EQ(list.status, 200);
  int checked = 0;
  const auto listed = list.json();  // kept: a range-for over a temporary's member would dangle
  for (const auto& e : listed.at("items").as_array()) {
    int64_t id = e.at("id").as_int64();
    EXPECT_EQ(e.at("worker_count").as_int64(), scalar("SELECT COUNT(*) FROM workers WHERE enterprise_id = ?", {id})) << id;
    ++checked;
  }
  EXPECT_GT(checked, 0);
  EXPECT_GT(scalar("SELECT COUNT(*) FROM workers WHERE enterprise_id IS NOT NULL"), 0);
}

TEST_F(PeopleApi, MetaCarriesTheSiteFooter) {
  auto r = client().get("/api/v1/meta");
  ASSERT_EQ(r.status, 200);
  auto site = r.json().at("site").as_object();
  for (const char* k : {"organizer", "icp", "police_record", "hotline"}) EXPECT_TRUE(site.at(k).is_string()) << k;
}

TEST_F(PeopleApi, SubsidyConditionsAndRuleProblemsReadInPlainWords) {
  auto facts = client().get("/api/v1/subsidy/facts", token("dept"));
  ASSERT_EQ(facts.status, 200) << facts.body;
  size_t n = 0;
  const auto facts_body = facts.json();  // kept alive for the loop
  for (const auto& f : facts_body.at("facts").as_array()) {
    EXPECT_EQ(std::string(f.at("label").as_string()).find('.'), std::string::npos) << f;
    ++n;
  }
  EXPECT_GE(n, 20u);
  EXPECT_EQ(client().get("/api/v1/subsidy/facts", token("worker")).status, 403);

  // The worker's own view: a failed condition as a sentence, in her language, never the expression.
  int64_t worker = scalar("SELECT worker_id FROM users WHERE username = 'worker'");
  for (const char* lang : {"zh-CN", "en"}) {
    HttpRequest req;
    req.target = "/api/v1/workers/" + std::to_string(worker) + "/subsidies";
    req.token = token("worker");
    auto r = send_lang(req, lang);
    ASSERT_EQ(r.status, 200) << r.body;
    int failed = 0;
    const auto r_body = r.json();  // kept alive for the loop
    for (const auto& p : r_body.at("policies").as_array()) {
      if (!p.at("failed_condition").is_string()) continue;
      std::string text(p.at("failed_text").as_string());
      EXPECT_EQ(text.find("worker."), std::string::npos) << text;
      EXPECT_EQ(text.find("employment."), std::string::npos) << text;
      EXPECT_EQ(text.find("paid."), std::string::npos) << text;
      for (const auto& e : p.at("evidence").as_array()) EXPECT_FALSE(e.at("plain").as_string().empty());
      ++failed;
    }
    EXPECT_GT(failed, 0) << lang;
  }

  // A rule with a typo: the problem in Chinese for a Chinese request.
  auto current = client().get("/api/v1/policies/transport_subsidy", token("admin"));
  std::string bad(current.json().at("source").as_string());
  bad.replace(bad.find("employment.domestic\""), 19, "employment.domestik");
  HttpRequest put;
  put.method = "PUT";
  put.target = "/api/v1/policies/transport_subsidy";
  put.token = token("admin");
  put.headers["Content-Type"] = "application/json";
  put.body = json::serialize(json::object{{"source", bad}});
  auto refused = send_lang(put, "zh-CN");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json().at("error").at("problems").at(0).at("message").as_string(), "没有这项数据：employment.domestik");
}

}  // namespace
}  // namespace jz::test
