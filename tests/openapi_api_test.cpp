// The OpenAPI document against the real server: every answer of every route the suites call fits what the
// route declares (checked by the server itself, see ResponseCoverage below), operation ids are unique, and
// paging is refused the same way on every list (issue 13: /api/v1/audit took page=-1, page_size=100000 and an
// offset that overflowed).
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "http/response_check.hpp"
#include "http/schema_check.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;
using http::check_schema;

// Routes that declare a response schema (or a non-JSON body or none): raised as modules declare their types
// (issue 15). It fails when a declaration is lost.
constexpr int kRoutesDeclaringTheirBody = 209;
// Routes that answer JSON without a schema: lowered as modules declare their types; 0 when every route does.
constexpr int kJsonRoutesWithoutSchema = 2;

// Every server the suites start runs with JZ_CHECK_RESPONSES (http/response_check.hpp): it checks each answer
// against its route's declaration and writes what it saw to one file. When the suites end, this fails on any
// problem and prints the coverage: which routes declare their body, which the suites exercised.
class ResponseCoverage : public ::testing::Environment {
 public:
  void SetUp() override {
    file_ = std::filesystem::temp_directory_path() / ("jz-responses-" + std::to_string(::getpid()) + ".log");
    std::filesystem::remove(file_);
    ::setenv(http::ResponseCheck::kEnvVar, file_.c_str(), 1);
  }

  void TearDown() override {
    std::ifstream in(file_);
    if (!in) return;  // no server started (a filter that runs only unit-like tests)
    std::map<std::string, std::string> routes;                 // "GET /path" → schema|json|media|empty
    std::map<std::string, std::set<std::string>> successes;    // "GET /path" → statuses answered below 400
    std::map<std::string, std::set<std::string>> problems;  // "GET /path" → what is wrong
    int answers = 0, checked = 0, errors = 0, undeclared = 0;
    for (std::string l; std::getline(in, l);) {
      std::vector<std::string> f;
      std::stringstream ss(l);
      for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
      if (f.size() < 4) continue;
      std::string key = f[1] + " " + f[2];
      if (f[0] == "route") {
        routes[key] = f[3];
      } else if (f[0] == "seen" && f.size() >= 5) {
        ++answers;
        if (f[4] == "checked") ++checked;
        if (f[4] == "error") ++errors;
        if (f[4] == "undeclared") ++undeclared;
        if (std::stoi(f[3]) < 400) successes[key].insert(f[3]);
      } else if (f[0] == "problem" && f.size() >= 5) {
        problems[key].insert(f[3] + ": " + f[4]);
      }
    }
    int declaring = 0, json_only = 0, schema_exercised = 0, exercised = 0;
    std::vector<std::string> without_schema, never;
    for (const auto& [key, kind] : routes) {
      bool seen = successes.contains(key);
      exercised += seen;
      if (kind == "json") {
        ++json_only;
        without_schema.push_back(key + (seen ? "" : " (never answered)"));
      } else {
        ++declaring;
        if (kind == "schema" && seen) ++schema_exercised;
      }
      if (!seen) never.push_back(key);
    }
    std::cout << "[ responses ] " << answers << " answers checked by the server: " << checked << " against a schema, "
              << errors << " error bodies, " << undeclared << " JSON without a schema\n"
              << "[ responses ] " << routes.size() << " routes: " << declaring << " declare their body ("
              << schema_exercised << " with a schema answered with success), " << json_only
              << " JSON without a schema; " << exercised << " answered with success, " << never.size() << " never\n";
    if (std::getenv("JZ_LIST_ROUTES")) {
      for (const auto& r : without_schema) std::cout << "[ no schema ] " << r << "\n";
      for (const auto& r : never) std::cout << "[ never ok  ] " << r << "\n";
    }
    // A route that declares its body must answer as declared; the others' problems (a 201 the route does not
    // declare, say) are listed until their module declares its types.
    int untyped_problems = 0;
    for (const auto& [key, list] : problems)
      for (const auto& p : list) {
        // A file route that answers another file type (a format= choice) is listed too: `produces` names one.
        bool other_file = routes.contains(key) && routes[key] == "media" && p.find(": answered ") != std::string::npos;
        if (routes.contains(key) && (routes[key] == "json" || other_file)) {
          ++untyped_problems;
          std::cout << "[ to type   ] " << key << " " << p << "\n";
        } else {
          ADD_FAILURE() << "answer does not fit its declaration: " << key << " " << p;
        }
      }
    if (untyped_problems > 0)
      std::cout << "[ to type   ] " << untyped_problems << " problems of routes without a schema (listed above)\n";
    EXPECT_GE(declaring, kRoutesDeclaringTheirBody) << "a route lost its declared body";
    EXPECT_LE(json_only, kJsonRoutesWithoutSchema) << "JSON routes without a schema (JZ_LIST_ROUTES=1 lists them)";
    if (!std::getenv("JZ_KEEP_TEST_DIRS")) std::filesystem::remove(file_);
  }

 private:
  std::filesystem::path file_;
};

[[maybe_unused]] ::testing::Environment* const kCoverage = ::testing::AddGlobalTestEnvironment(new ResponseCoverage);

class OpenApi : public ApiFixture<OpenApi> {
 protected:
  static const json::object& doc() {
    static json::object d = client().get("/api/v1/openapi.json").json().as_object();
    return d;
  }
};

// A demo user allowed by an x-access description ("public", "any logged-in user", "province_admin, …").
std::string caller_for(const std::string& access) {
  if (access == "public") return "";
  static const std::vector<std::pair<std::string, std::string>> kUsers = {
      {"province_admin", "admin"}, {"department", "dept"},        {"city_officer", "lanzhou"}, {"enterprise", "enterprise"},
      {"institution", "institution"}, {"worker", "worker"}, {"consumer", "consumer"}};
  for (const auto& [role, user] : kUsers)
    if (access.find(role) != std::string::npos) return user;
  return "admin";
}

TEST_F(OpenApi, OperationIdsAreUniqueAndEveryOperationDescribesItsErrors) {
  std::set<std::string> ids;
  int operations = 0;
  for (const auto& [path, ops] : doc().at("paths").as_object())
    for (const auto& [method, op] : ops.as_object()) {
      ++operations;
      std::string id(op.at("operationId").as_string());
      EXPECT_TRUE(ids.insert(id).second) << "duplicate operationId " << id;
      EXPECT_TRUE(op.at("responses").as_object().contains("4XX")) << id;
      // Grouped by the first path segment, so Swagger UI lists some 40 groups instead of one of 200 operations.
      const auto& tags = op.at("tags").as_array();
      ASSERT_EQ(tags.size(), 1u) << id;
      std::string tag(tags[0].as_string());
      if (path.rfind("/api/v1/", 0) == 0 && path != "/api/v1/meta" && path != "/api/v1/openapi.json")
        EXPECT_EQ(path.substr(8, tag.size() + 1), tag + (path.size() > 8 + tag.size() ? "/" : "")) << id;
      else
        EXPECT_EQ(tag, "platform") << id;
    }
  EXPECT_EQ(static_cast<int>(ids.size()), operations);
  // The audit list declares its query parameters with their ranges.
  const auto& audit = doc().at("paths").at("/api/v1/audit").at("get").as_object();
  bool page_size_max = false;
  for (const auto& p : audit.at("parameters").as_array())
    if (p.at("name") == "page_size") page_size_max = p.at("schema").at("maximum").as_int64() == 200;
  EXPECT_TRUE(page_size_max);
}

TEST_F(OpenApi, EveryDeclaredResponseSchemaFitsTheRealResponse) {
  int declared = 0, checked = 0, operations = 0, unsampled = 0;
  for (const auto& [path, ops] : doc().at("paths").as_object())
    for (const auto& [method, op] : ops.as_object()) {
      ++operations;
      std::string status = "200";
      for (const auto& [code, r] : op.at("responses").as_object())
        if (code != "4XX") status = std::string(code);
      const auto& resp = op.at("responses").at(status).as_object();
      auto content = resp.if_contains("content");
      if (!content || !content->as_object().contains("application/json")) continue;
      const auto& schema = content->at("application/json").at("schema").as_object();
      bool typed = schema.contains("properties");  // else the generic "JSON object" of a route without types
      declared += typed;
      if (method != "get") continue;  // writes are called by their module's tests (and checked by the server)
      std::string target(path);
      for (const auto& [param, value] : access_path_samples())
        target = std::regex_replace(target, std::regex("\\{" + param + "\\}"), value);
      if (target.find('{') != std::string::npos) continue;
      std::string user = caller_for(std::string(op.at("x-access").as_string()));
      auto r = client().get(target, user.empty() ? "" : token(user));
      if (!typed) continue;  // called all the same: the server's check lists what it answered
      // 404: the access table's sample names no such object (a made-up serial); 403: no demo user has the route's
      // role (issuers). The route's own tests call it; the server checks those answers.
      // Also refused: a sample that names nothing in the demo data (no subsidy batch yet), nothing of this caller's
      // (enrolment 1 is another worker's), or a query parameter the route needs (training progress: a period).
      if (r.status >= 400 && r.status < 500) {
        ++unsampled;
        continue;
      }
      ASSERT_EQ(r.status, std::stoi(status)) << method << " " << target << " as " << user << ": " << r.body;
      std::vector<std::string> problems;
      check_schema(r.json(), schema, doc().at("components").at("schemas").as_object(), "$", problems);
      EXPECT_TRUE(problems.empty()) << target << ": " << (problems.empty() ? "" : problems[0]);
      ++checked;
    }
  std::cout << "[ schemas  ] " << declared << " of " << operations << " operations declare a response schema; "
            << checked << " checked against a real response (" << unsampled << " without a sample)\n";
  EXPECT_GE(checked, 6);
}

TEST_F(OpenApi, NonJsonOperationsAnswerWithTheirDeclaredContentType) {
  int checked = 0, declared = 0;
  for (const auto& [path, ops] : doc().at("paths").as_object())
    for (const auto& [method, op] : ops.as_object()) {
      std::string media;
      for (const auto& [code, resp] : op.at("responses").as_object())
        if (code != "4XX")
          if (auto content = resp.as_object().if_contains("content"))
            for (const auto& [type, body] : content->as_object())
              if (type != "application/json") media = std::string(type);
      if (media.empty()) continue;
      ++declared;
      std::string target(path);
      for (const auto& [param, value] : access_path_samples())
        target = std::regex_replace(target, std::regex("\\{" + param + "\\}"), value);
      if (method != "get" || target.find('{') != std::string::npos) continue;
      std::string user = caller_for(std::string(op.at("x-access").as_string()));
      auto r = client().get(target, user.empty() ? "" : token(user));
      if (r.status != 200) continue;  // e.g. a sample id without a photo
      std::string got = r.header("Content-Type"), want = media.substr(0, media.find(';'));
      if (want.ends_with("/*")) want.pop_back();  // image/*: any image
      EXPECT_EQ(got.substr(0, want.ends_with("/") ? want.size() : got.find(';')), want) << target;
      ++checked;
    }
  std::cout << "[ content  ] " << declared << " operations declare a non-JSON body; " << checked << " checked\n";
  EXPECT_GE(declared, 16);
  EXPECT_GE(checked, 5);
}

TEST_F(OpenApi, AuditRefusesHostilePagingAndDates) {
  const auto& admin = token("admin");
  struct Case {
    std::string query, field;
  };
  for (const auto& c : std::vector<Case>{{"page=-1", "page"},
                                         {"page=0", "page"},
                                         {"page=9223372036854775807", "page"},
                                         {"page=99999999999999999999", "page"},
                                         {"page_size=100000", "page_size"},
                                         {"page_size=0", "page_size"},
                                         {"page=1&page_size=201", "page_size"},
                                         {"from=2024-02-30", "from"},
                                         {"to=yesterday", "to"}}) {
    auto r = client().get("/api/v1/audit?" + c.query, admin);
    EXPECT_EQ(r.status, 400) << c.query << ": " << r.body;
    EXPECT_EQ(r.error_code(), "invalid_field") << c.query;
    EXPECT_EQ(r.error_field(), c.field) << c.query;
  }
  auto ok = client().get("/api/v1/audit?page=1&page_size=200&from=2020-01-01&to=2099-12-31", admin);
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto body = ok.json();
  EXPECT_EQ(body.at("page_size").as_int64(), 200);
  EXPECT_GT(body.at("total").as_int64(), 0);
  // The last day of a range counts whole: the newest entry's day, as from and to, still finds it.
  std::string day(body.at("items").as_array().at(0).at("at").as_string().subview().substr(0, 10));
  auto same_day = client().get("/api/v1/audit?from=" + day + "&to=" + day, admin);
  ASSERT_EQ(same_day.status, 200);
  EXPECT_GT(same_day.json().at("total").as_int64(), 0);
}

TEST_F(OpenApi, EveryListRefusesBadPagingTheSameWay) {
  const std::vector<std::pair<std::string, std::string>> lists = {
      {"/api/v1/audit", "admin"},           {"/api/v1/enterprises", "admin"},
      {"/api/v1/public/enterprises", ""},   {"/api/v1/workers", "admin"},
      {"/api/v1/training/courses", ""},     {"/api/v1/training/surveys", "admin"},
      {"/api/v1/jobs/feed.json", ""},       {"/api/v1/complaints", "admin"},
      {"/api/v1/disputes", "admin"},        {"/api/v1/reminders", "admin"},
      {"/api/v1/training/institution/enrolments", "institution"}};
  for (const auto& [path, user] : lists) {
    std::string tok = user.empty() ? "" : token(user);
    for (const char* bad : {"page=-1", "page=9223372036854775807", "page_size=201", "page_size=100000"}) {
      auto r = client().get(path + "?" + bad, tok);
      EXPECT_EQ(r.status, 400) << path << "?" << bad << ": " << r.body;
      EXPECT_EQ(r.error_code(), "invalid_field") << path << "?" << bad;
    }
    auto r = client().get(path + "?page=1&page_size=200", tok);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  }
}

}  // namespace
}  // namespace jz::test
