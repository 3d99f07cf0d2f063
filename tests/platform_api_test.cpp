// Platform API over real HTTP against a real server process, on the backend named by JZ_TEST_BACKEND.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "common/id_number.hpp"
#include "db/database.hpp"
#include "access_table.hpp"
#include "api_fixture.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const std::vector<std::string> kRoles = {"admin", "dept", "lanzhou", "enterprise", "institution", "worker", "consumer",
                                         "clinic", "insurer"};
const std::map<std::string, std::string> kRoleOfUser = {
    {"admin", "province_admin"}, {"dept", "department"}, {"lanzhou", "city_officer"}, {"enterprise", "enterprise"},
    {"institution", "institution"}, {"worker", "worker"}, {"consumer", "consumer"},
    {"clinic", "health_provider"}, {"insurer", "insurer"}};

std::string unique_name(const std::string& prefix) {
  static int n = 0;
  return prefix + std::to_string(::getpid() % 100000) + "x" + std::to_string(++n);
}

class PlatformApi : public ApiFixture<PlatformApi> {
 protected:
  // Creates an account through the admin API and returns its username.
  static std::string create_user(const std::string& role, const std::string& password = "Secret2024x",
                                 const std::string& division = "") {
    std::string name = unique_name("u");
    json::object body{{"username", name}, {"password", password}, {"role", role}};
    if (!division.empty()) body["division_code"] = division;
    auto r = client().post_json("/api/v1/users", json::serialize(body), token("admin"));
    EXPECT_EQ(r.status, 201) << r.body;
    return name;
  }
};

TEST_F(PlatformApi, HealthReadinessAndMetricsAnswer) {
  EXPECT_EQ(client().get("/healthz").status, 200);
  auto ready = client().get("/readyz");
  EXPECT_EQ(ready.status, 200);
  auto metrics = client().get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("jz_http_requests_total{route=\"GET /readyz\",status=\"2xx\"}"), std::string::npos);
  EXPECT_NE(metrics.body.find("jz_http_request_duration_seconds_bucket{route=\"GET /readyz\""), std::string::npos);
  EXPECT_NE(metrics.body.find("jz_db_pool_size 4"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("jz_db_pool_in_use"), std::string::npos);
}

TEST_F(PlatformApi, EveryDemoRoleLogsInWithItsRole) {
  for (const auto& user : kRoles) {
    auto r = client().post_json("/api/v1/auth/login", R"({"username":")" + user + R"(","password":"Jiazheng2024"})");
    ASSERT_EQ(r.status, 200) << user << r.body;
    auto j = r.json().as_object();
    EXPECT_GE(j.at("token").as_string().size(), 40u);
    EXPECT_EQ(j.at("user").at("username").as_string(), user);
    EXPECT_EQ(j.at("user").at("role").as_string(), kRoleOfUser.at(user));
    auto cookies = r.headers_named("Set-Cookie");
    ASSERT_EQ(cookies.size(), 2u);
    EXPECT_NE(cookies[0].find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookies[0].find("SameSite=Lax"), std::string::npos);
  }
  auto me = client().get("/api/v1/me", token("lanzhou")).json();
  EXPECT_EQ(me.at("user").at("division_code").as_string(), "6201");
  EXPECT_EQ(me.at("user").at("division_name").as_string(), "兰州市");
}

TEST_F(PlatformApi, WrongPasswordIs401InTheRequestLanguage) {
  std::string user = create_user("consumer");
  auto zh = client().post_json("/api/v1/auth/login", R"({"username":")" + user + R"(","password":"nope12345"})");
  EXPECT_EQ(zh.status, 401);
  EXPECT_EQ(zh.error_code(), "invalid_credentials");
  EXPECT_EQ(zh.json().at("error").at("message").as_string(), "用户名或密码错误");
  HttpRequest en;
  en.method = "POST";
  en.target = "/api/v1/auth/login";
  en.body = R"({"username":"nobody-at-all","password":"nope12345"})";
  en.headers["Accept-Language"] = "en-US,en;q=0.9,zh;q=0.5";
  auto r = client().send(en);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json().at("error").at("message").as_string(), "Wrong username or password");
}

TEST_F(PlatformApi, LoginIsThrottledPerAccountAfterFiveFailures) {
  std::string user = create_user("consumer");
  for (int i = 0; i < 5; ++i) {
    auto r = client().post_json("/api/v1/auth/login", R"({"username":")" + user + R"(","password":"wrong1234"})");
    ASSERT_EQ(r.status, 401) << i;
  }
  // Even the right password is refused now, and the answer says when to retry.
  auto r = client().post_json("/api/v1/auth/login", R"({"username":")" + user + R"(","password":"Secret2024x"})");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "too_many_attempts");
  // Another account from the same address is not locked out by it.
  EXPECT_NO_THROW(server().login("worker"));
}

TEST_F(PlatformApi, LogoutRevokesTheToken) {
  std::string t = server().login("consumer");
  EXPECT_EQ(client().get("/api/v1/me", t).status, 200);
  HttpRequest out;
  out.method = "POST";
  out.target = "/api/v1/auth/logout";
  out.token = t;
  EXPECT_EQ(client().send(out).status, 204);
  auto after = client().get("/api/v1/me", t);
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.error_code(), "session_expired");
  EXPECT_EQ(client().get("/api/v1/me").error_code(), "unauthenticated");
}

TEST_F(PlatformApi, CookieSessionsNeedTheCsrfHeaderForWrites) {
  std::string user = create_user("worker");
  auto login = client().post_json("/api/v1/auth/login", R"({"username":")" + user + R"(","password":"Secret2024x"})");
  ASSERT_EQ(login.status, 200);
  std::string session = std::string(login.json().at("token").as_string());
  std::string csrf = std::string(login.json().at("csrf_token").as_string());
  HttpRequest me;
  me.target = "/api/v1/me";
  me.headers["Cookie"] = "jz_session=" + session + "; jz_csrf=" + csrf;
  EXPECT_EQ(client().send(me).status, 200);

  HttpRequest change;
  change.method = "POST";
  change.target = "/api/v1/me/password";
  change.body = R"({"current_password":"Secret2024x","new_password":"Another2025y"})";
  change.headers["Cookie"] = me.headers["Cookie"];
  auto denied = client().send(change);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.error_code(), "csrf_failed");
  change.headers["X-CSRF-Token"] = "forged-token";
  EXPECT_EQ(client().send(change).error_code(), "csrf_failed");
  change.headers["X-CSRF-Token"] = csrf;
  auto ok = client().send(change);
  EXPECT_EQ(ok.status, 204) << ok.body;
  // The new password works, the old one no longer does.
  EXPECT_NO_THROW(server().login(user, "Another2025y"));
  EXPECT_EQ(client().post_json("/api/v1/auth/login", R"({"username":")" + user + R"(","password":"Secret2024x"})").status,
            401);
}

TEST_F(PlatformApi, WeakOrWrongPasswordChangesAreRefused) {
  std::string user = create_user("consumer");
  std::string t = server().login(user, "Secret2024x");
  auto weak = client().post_json("/api/v1/me/password", R"({"current_password":"Secret2024x","new_password":"short"})", t);
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.error_code(), "weak_password");
  EXPECT_EQ(weak.json().at("error").at("field").as_string(), "new_password");
  auto wrong = client().post_json("/api/v1/me/password", R"({"current_password":"Nope2024x","new_password":"Good2025pass"})", t);
  EXPECT_EQ(wrong.error_code(), "wrong_password");
}

TEST_F(PlatformApi, ErrorsAreJsonWithStableCodes) {
  auto missing = client().get("/api/v1/no-such-thing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.error_code(), "route_not_found");
  EXPECT_TRUE(missing.json().at("error").at("field").is_null());

  HttpRequest wrong_method;
  wrong_method.method = "DELETE";
  wrong_method.target = "/api/v1/divisions";
  auto m = client().send(wrong_method);
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.error_code(), "method_not_allowed");
  EXPECT_EQ(m.header("Allow"), "GET");

  auto bad = client().post_json("/api/v1/auth/login", "{\"username\": ");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_code(), "bad_json");

  auto missing_field = client().post_json("/api/v1/auth/login", R"({"username":"admin"})");
  EXPECT_EQ(missing_field.status, 400);
  EXPECT_EQ(missing_field.error_code(), "missing_field");
  EXPECT_EQ(missing_field.json().at("error").at("field").as_string(), "password");

  HttpRequest big;
  big.method = "POST";
  big.target = "/api/v1/auth/login";
  big.body = std::string(5 << 20, 'x');
  auto too_large = client().send(big);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(too_large.error_code(), "body_too_large");

  HttpRequest huge_header;
  huge_header.target = "/healthz";
  huge_header.headers["X-Padding"] = std::string(40 << 10, 'a');
  auto r431 = client().send(huge_header);
  EXPECT_EQ(r431.status, 431);

  std::string raw = client().send_raw("GARBAGE\r\n\r\n");
  EXPECT_NE(raw.find("400"), std::string::npos) << raw;
}

TEST_F(PlatformApi, RequestIdsAreEchoedOrGenerated) {
  HttpRequest r;
  r.target = "/healthz";
  r.headers["X-Request-Id"] = "trace-abc-123";
  EXPECT_EQ(client().send(r).header("X-Request-Id"), "trace-abc-123");
  auto generated = client().get("/healthz").header("X-Request-Id");
  EXPECT_EQ(generated.size(), 16u);
  r.headers["X-Request-Id"] = "bad id with spaces";
  EXPECT_NE(client().send(r).header("X-Request-Id"), "bad id with spaces");
}

const AccessRows kPlatformAccess({
    {"GET /healthz", "public"},
    {"GET /readyz", "public"},
    {"GET /metrics", "public"},
    {"GET /api/v1/meta", "public"},
    {"GET /api/v1/openapi.json", "public"},
    {"GET /api/docs", "public"},
    {"POST /api/v1/auth/login", "public"},
    {"POST /api/v1/auth/logout", "any"},
    {"GET /api/v1/me", "any"},
    {"POST /api/v1/me/password", "any"},
    {"POST /api/v1/users", "province_admin"},
    {"GET /api/v1/audit", "province_admin"},
    {"GET /api/v1/divisions", "public"},
    {"GET /api/v1/divisions/{code}", "public"},
    {"PATCH /api/v1/divisions/{code}", "province_admin"},
    {"GET /api/v1/occupations", "public"},
    {"GET /api/v1/labour-brands", "public"},
    {"GET /api/v1/dictionaries", "public"},
    {"POST /api/v1/validate", "any"},
}, {{"code", "620102"}});

// Every route of the server, by the roles allowed to call it (the union of every module's AccessRows). A
// route the server has and no table lists fails the test, so a new route cannot ship without its access
// rule being tested. Denied calls must answer 401 (anonymous) or 403 (wrong role) before touching data.
// docs/api.md lists every route the server serves (its generated index: node scripts/gen-api-index.mjs), so
// the API document cannot fall behind the code.
TEST_F(PlatformApi, ApiDocumentListsEveryRoute) {
  std::ifstream in(std::string(JZ_SOURCE_DIR) + "/docs/api.md");
  ASSERT_TRUE(in) << "docs/api.md";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  auto spec = client().get("/api/v1/openapi.json").json();
  int routes = 0;
  for (const auto& [path, ops] : spec.at("paths").as_object())
    for (const auto& [method, op] : ops.as_object()) {
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      ++routes;
      EXPECT_NE(doc.find("| " + m + " | `" + std::string(path) + "` |"), std::string::npos)
          << m << " " << std::string(path) << " is not in docs/api.md: run node scripts/gen-api-index.mjs";
    }
  EXPECT_GT(routes, 50);
}

TEST_F(PlatformApi, EveryRouteAdmitsExactlyItsRoles) {
  const std::string kPublic = "public", kAnyUser = "any";
  const auto& expected = access_rules();
  auto doc = client().get("/api/v1/openapi.json").json();
  std::vector<std::pair<std::string, std::string>> routes;  // method, path
  for (const auto& [path, ops] : doc.at("paths").as_object())
    for (const auto& [method, op] : ops.as_object()) {
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      routes.emplace_back(m, std::string(path));
    }
  std::set<std::string> served;
  for (const auto& [method, path] : routes) served.insert(method + " " + path);
  for (const auto& [route, rule] : expected) EXPECT_TRUE(served.count(route)) << "listed but not served: " << route;
  // Logout revokes the session it is called with: run it last, with tokens of its own.
  std::stable_partition(routes.begin(), routes.end(), [](const auto& r) { return r.second != "/api/v1/auth/logout"; });
  for (const auto& [method, path] : routes) {
    std::string key = method + " " + path;
    auto it = expected.find(key);
    ASSERT_NE(it, expected.end()) << "route without an expected access rule: " << key;
    std::string target = path;
    for (const auto& [param, value] : access_path_samples())
      target = std::regex_replace(target, std::regex("\\{" + param + "\\}"), value);
    auto call = [&](const std::string& tok) {
      HttpRequest r;
      r.method = method;
      r.target = target;
      r.token = tok;
      if (method != "GET") r.body = "{}";
      return client().send(r);
    };
    auto anon = call("");
    if (it->second == kPublic) {
      EXPECT_NE(anon.status, 401) << key;
      EXPECT_NE(anon.status, 403) << key;
    } else {
      EXPECT_EQ(anon.status, 401) << key;
      EXPECT_EQ(anon.error_code(), "unauthenticated") << key;
    }
    for (const auto& user : kRoles) {
      std::string tok = path == "/api/v1/auth/logout" ? server().login(user) : token(user);
      auto r = call(tok);
      std::string rule = "," + it->second + ",";
      bool allowed = it->second == kPublic || it->second == kAnyUser ||
                     rule.find("," + kRoleOfUser.at(user) + ",") != std::string::npos;
      if (allowed) {
        EXPECT_NE(r.status, 401) << key << " as " << user << ": " << r.body;
        // A role the route admits may still be outside the record's data scope (403 out_of_scope).
        EXPECT_NE(r.error_code(), "forbidden") << key << " as " << user << ": " << r.body;
      } else {
        EXPECT_EQ(r.status, 403) << key << " as " << user;
        EXPECT_EQ(r.error_code(), "forbidden") << key << " as " << user;
      }
    }
  }
}

TEST_F(PlatformApi, DivisionsListTheFourteenPrefecturesAndTheirCounties) {
  auto pref = client().get("/api/v1/divisions?parent=62").json().at("items").as_array();
  ASSERT_EQ(pref.size(), 14u);
  EXPECT_EQ(pref[0].at("code").as_string(), "6201");
  EXPECT_EQ(pref[0].at("name").as_string(), "兰州市");
  auto counties = client().get("/api/v1/divisions?parent=6201").json().at("items").as_array();
  std::set<std::string> names;
  for (const auto& c : counties) names.insert(std::string(c.at("name").as_string()));
  EXPECT_TRUE(names.count("城关区"));
  EXPECT_TRUE(names.count("榆中县"));
  EXPECT_EQ(client().get("/api/v1/divisions/999999").status, 404);
  EXPECT_EQ(client().get("/api/v1/divisions?parent=62&at=2024-13-01").error_code(), "invalid_field");
  auto brands = client().get("/api/v1/labour-brands").json().at("items").as_array();
  EXPECT_EQ(brands.size(), 7u);
  auto occupations = client().get("/api/v1/occupations").json().at("items").as_array();
  EXPECT_GE(occupations.size(), 9u);
}

TEST_F(PlatformApi, ProvinceAdminSetsTheKeyCountyFlagAndItIsAudited) {
  auto r = client().send({"PATCH", "/api/v1/divisions/620122", R"({"is_key_support_county":true})", {}, token("admin")});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("is_key_support_county").as_bool());
  EXPECT_TRUE(client().get("/api/v1/divisions/620122").json().at("is_key_support_county").as_bool());
  // A 市州 officer may not, and a prefecture is not a county.
  EXPECT_EQ(client().send({"PATCH", "/api/v1/divisions/620122", R"({"is_key_support_county":false})", {}, token("lanzhou")}).status,
            403);
  EXPECT_EQ(client().send({"PATCH", "/api/v1/divisions/6201", R"({"is_key_support_county":true})", {}, token("admin")}).error_code(),
            "invalid_field");
  EXPECT_EQ(client().send({"PATCH", "/api/v1/divisions/620122", R"({"is_key_support_county":"yes"})", {}, token("admin")}).error_code(),
            "invalid_field");

  auto audit = client().get("/api/v1/audit?action=division.update&object_id=620122", token("admin")).json();
  ASSERT_GE(audit.at("total").as_int64(), 1);
  auto entry = audit.at("items").as_array()[0];
  EXPECT_EQ(entry.at("actor_username").as_string(), "admin");
  EXPECT_EQ(entry.at("summary").as_string(), "is_key_support_county=true");
  EXPECT_EQ(entry.at("request_id").as_string().size(), 16u);
  // Logins are audited too, and other roles cannot read the log.
  EXPECT_GE(client().get("/api/v1/audit?action=auth.login&actor=admin", token("admin")).json().at("total").as_int64(), 1);
  EXPECT_EQ(client().get("/api/v1/audit", token("dept")).status, 403);
}

TEST_F(PlatformApi, ValidatorsExplainTheirVerdict) {
  auto id = client().post_json("/api/v1/validate", R"({"kind":"id_number","value":"62010219900307002X"})", token("dept")).json();
  // Whatever the verdict, the reason is a stable code; a valid Gansu number derives its county.
  std::string check = std::string(1, id_number_check_char("62010219900307002"));
  std::string valid_id = "62010219900307002" + check;
  auto ok = client().post_json("/api/v1/validate", R"({"kind":"id_number","value":")" + valid_id + R"("})", token("dept")).json();
  EXPECT_TRUE(ok.at("valid").as_bool());
  EXPECT_EQ(ok.at("derived").at("birth_date").as_string(), "1990-03-07");
  EXPECT_EQ(ok.at("derived").at("gender").as_string(), "F");
  EXPECT_EQ(ok.at("derived").at("division_name").as_string(), "兰州市城关区");
  auto bad = client().post_json("/api/v1/validate", R"({"kind":"id_number","value":"620102199003070021"})", token("dept")).json();
  if (check != "1") {
    EXPECT_FALSE(bad.at("valid").as_bool());
    EXPECT_EQ(bad.at("reason").as_string(), "bad_checksum");
  }
  auto uscc = client().post_json("/api/v1/validate", R"({"kind":"uscc","value":"91350100M000100Y43"})", token("dept")).json();
  EXPECT_TRUE(uscc.at("valid").as_bool());
  auto mobile = client().post_json("/api/v1/validate", R"({"kind":"mobile","value":"+86 138-1234-5678"})", token("dept")).json();
  EXPECT_TRUE(mobile.at("valid").as_bool());
  EXPECT_EQ(mobile.at("derived").at("normalized").as_string(), "13812345678");
  EXPECT_EQ(client().post_json("/api/v1/validate", R"({"kind":"passport","value":"x"})", token("dept")).error_code(),
            "unknown_kind");
}

TEST_F(PlatformApi, StaticFilesServeTheSpaWithCachingAndGzip) {
  auto index = client().get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("陇原家政"), std::string::npos);
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
  auto spa = client().get("/console/audit");
  EXPECT_EQ(spa.status, 200);
  EXPECT_EQ(spa.body, index.body);
  HttpRequest asset;
  asset.target = "/assets/app-3f9a1c.js";
  asset.headers["Accept-Encoding"] = "gzip, deflate";
  auto a = client().send(asset);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(a.header("Content-Encoding"), "gzip");
  EXPECT_EQ(a.body.substr(0, 2), "\x1f\x8b");
  asset.headers["If-None-Match"] = a.header("ETag");
  EXPECT_EQ(client().send(asset).status, 304);
  EXPECT_EQ(client().get("/missing.png").status, 404);
}

// Personal data never reaches the database or the logs in plaintext: no string that is a valid resident
// ID number appears in any stored worker row, in the SQLite file, or in the server log.
TEST_F(PlatformApi, NoPlaintextIdNumbersInTheDatabaseOrTheLog) {
  auto find_id = [](const std::string& bytes) -> std::string {
    static const std::regex kCandidate("[1-8][0-9]{16}[0-9X]");
    for (auto it = std::sregex_iterator(bytes.begin(), bytes.end(), kCandidate); it != std::sregex_iterator(); ++it)
      if (check_id_number(it->str(), "2100-01-01").valid) return it->str();
    return {};
  };
  auto db = db::open_database(server().database_url(), 1);
  auto conn = db->acquire();
  auto rows = conn->query("SELECT * FROM workers");
  ASSERT_GE(rows.size(), 50u);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) ASSERT_EQ(find_id(row.get_text(i)), "") << "column " << i;
  auto masks = conn->query("SELECT id_number_mask FROM workers");
  EXPECT_TRUE(std::regex_match(masks[0].get_text(0), std::regex("62[0-9]{2}\\*{12}[0-9][0-9X]")));
  if (test_backend() == "sqlite") {
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(server().dir() / (std::string("it.db") + suffix), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      EXPECT_EQ(find_id(ss.str()), "") << "it.db" << suffix;
    }
  }
  EXPECT_EQ(find_id(server().read_log()), "");
}

TEST_F(PlatformApi, ServesAnOpenApiDocumentOfEveryRoute) {
  auto doc = client().get("/api/v1/openapi.json").json();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
  auto& login = doc.at("paths").at("/api/v1/auth/login").at("post");
  EXPECT_EQ(login.at("x-access").as_string(), "public");
  EXPECT_EQ(doc.at("paths").at("/api/v1/audit").at("get").at("x-access").as_string(), "province_admin");
}

}  // namespace
}  // namespace jz::test
