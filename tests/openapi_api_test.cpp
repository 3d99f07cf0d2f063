// The OpenAPI document against the real server: every route that declares a response schema answers with a
// body that fits it, operation ids are unique, and paging is refused the same way on every list (issue 13:
// /api/v1/audit took page=-1, page_size=100000 and an offset that overflowed).
#include <boost/json.hpp>
#include <iostream>
#include <regex>
#include <set>

#include "access_table.hpp"
#include "api_fixture.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

class OpenApi : public ApiFixture<OpenApi> {
 protected:
  static const json::object& doc() {
    static json::object d = client().get("/api/v1/openapi.json").json().as_object();
    return d;
  }
};

// Checks `v` against the subset of JSON Schema the generator writes: type, nullable, properties, required,
// items and $ref into components. Problems are collected with their JSON path.
void check_schema(const json::value& v, const json::object& schema, const json::object& components,
                  const std::string& path, std::vector<std::string>& problems) {
  if (auto ref = schema.if_contains("$ref")) {
    std::string name(ref->as_string());
    name = name.substr(name.rfind('/') + 1);
    check_schema(v, components.at(name).as_object(), components, path, problems);
    return;
  }
  if (v.is_null()) {
    if (!schema.contains("nullable") && schema.contains("type")) problems.push_back(path + ": null");
    return;
  }
  auto type = schema.if_contains("type");
  if (!type) return;
  std::string t(type->as_string());
  bool ok = (t == "object" && v.is_object()) || (t == "array" && v.is_array()) || (t == "string" && v.is_string()) ||
            (t == "integer" && (v.is_int64() || v.is_uint64())) || (t == "number" && v.is_number()) ||
            (t == "boolean" && v.is_bool());
  if (!ok) {
    problems.push_back(path + ": expected " + t + ", got " + json::serialize(v).substr(0, 60));
    return;
  }
  if (t == "object") {
    if (auto req = schema.if_contains("required"))
      for (const auto& k : req->as_array())
        if (!v.as_object().contains(k.as_string())) problems.push_back(path + "." + std::string(k.as_string()) + ": missing");
    if (auto props = schema.if_contains("properties"))
      for (const auto& [k, s] : props->as_object())
        if (auto x = v.as_object().if_contains(k)) check_schema(*x, s.as_object(), components, path + "." + std::string(k), problems);
  } else if (t == "array") {
    if (auto items = schema.if_contains("items"))
      for (size_t i = 0; i < v.as_array().size() && i < 50; ++i)
        check_schema(v.as_array()[i], items->as_object(), components, path + "[" + std::to_string(i) + "]", problems);
  }
}

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
      if (!schema.contains("properties")) continue;  // the generic "JSON object" of a route without types
      ++declared;
      if (method != "get") continue;  // writes are checked by their module's tests
      std::string target(path);
      for (const auto& [param, value] : access_path_samples())
        target = std::regex_replace(target, std::regex("\\{" + param + "\\}"), value);
      if (target.find('{') != std::string::npos) continue;
      std::string user = caller_for(std::string(op.at("x-access").as_string()));
      auto r = client().get(target, user.empty() ? "" : token(user));
      // Refused: the sample id names nothing in the demo data (no subsidy batch yet) or nothing of this caller's
      // (enrolment 1 is another worker's), or a query parameter is needed (training progress: a period). No body
      // to check; the module's own tests reach those routes.
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
