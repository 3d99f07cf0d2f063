#include "http/router.hpp"

#include <gtest/gtest.h>

namespace jz::http {
namespace {

using security::Access;
using security::Role;

Route route(Method m, std::string path, std::optional<Access> access = Access::anyone()) {
  Route r;
  r.method = m;
  r.path = std::move(path);
  r.access = std::move(access);
  r.handler = [](Context&) { return no_content(); };
  return r;
}

TEST(Router, RefusesARouteWithoutAccessRule) {
  Router router;
  EXPECT_THROW(router.add(route(Method::get, "/api/v1/x", std::nullopt)), std::logic_error);
  EXPECT_TRUE(router.routes().empty());
}

TEST(Router, RefusesDuplicatesAndMalformedPaths) {
  Router router;
  router.add(route(Method::get, "/api/v1/workers/{id}"));
  EXPECT_THROW(router.add(route(Method::get, "/api/v1/workers/{id}")), std::logic_error);
  EXPECT_THROW(router.add(route(Method::get, "api/v1/no-slash")), std::logic_error);
  EXPECT_NO_THROW(router.add(route(Method::patch, "/api/v1/workers/{id}")));
}

TEST(Router, ExtractsPathParameters) {
  Router router;
  router.add(route(Method::get, "/api/v1/workers/{id}/credit"));
  auto m = router.match(Method::get, "/api/v1/workers/42/credit");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(router.match(Method::get, "/api/v1/workers//credit").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(router.match(Method::get, "/api/v1/workers/42").kind, RouteMatch::Kind::not_found);
}

TEST(Router, LiteralSegmentsBeatParameters) {
  Router router;
  router.add(route(Method::get, "/api/v1/workers/{id}"));
  router.add(route(Method::get, "/api/v1/workers/me"));
  auto m = router.match(Method::get, "/api/v1/workers/me");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route->path, "/api/v1/workers/me");
  EXPECT_TRUE(m.params.empty());
}

TEST(Router, WrongMethodReportsTheAllowedOnes) {
  Router router;
  router.add(route(Method::get, "/api/v1/divisions/{code}"));
  router.add(route(Method::patch, "/api/v1/divisions/{code}"));
  auto m = router.match(Method::del, "/api/v1/divisions/6201");
  EXPECT_EQ(m.kind, RouteMatch::Kind::method_not_allowed);
  EXPECT_EQ(m.allowed, "GET, PATCH");
}

TEST(Router, HeadIsServedByGetRoutes) {
  Router router;
  router.add(route(Method::get, "/healthz"));
  EXPECT_EQ(router.match(Method::head, "/healthz").kind, RouteMatch::Kind::found);
}

TEST(Access, AdmitsByRoleAndLogin) {
  security::Principal officer;
  officer.role = Role::city_officer;
  EXPECT_TRUE(Access::anyone().admits(nullptr));
  EXPECT_FALSE(Access::logged_in().admits(nullptr));
  EXPECT_TRUE(Access::logged_in().admits(&officer));
  EXPECT_FALSE(Access::only({Role::province_admin}).admits(&officer));
  EXPECT_TRUE(Access::only({Role::province_admin, Role::city_officer}).admits(&officer));
}

TEST(Access, CityOfficerScopeIsHerPrefecture) {
  security::Principal officer;
  officer.role = Role::city_officer;
  officer.division_code = "6201";
  EXPECT_TRUE(officer.scope_includes_division("620102"));
  EXPECT_FALSE(officer.scope_includes_division("620502"));
  security::Principal dept;
  dept.role = Role::department;
  EXPECT_TRUE(dept.scope_includes_division("620502"));
  security::Principal enterprise;
  enterprise.role = Role::enterprise;
  enterprise.division_code = "6201";
  EXPECT_FALSE(enterprise.scope_includes_division("620102"));
}

TEST(Request, ReadsCookiesAndHeadersCaseInsensitively) {
  Request r;
  r.headers.emplace("cookie", "a=1; jz_session=abc; jz_csrf=x");
  EXPECT_EQ(r.cookie("jz_session"), "abc");
  EXPECT_EQ(r.cookie("jz_csrf"), "x");
  EXPECT_EQ(r.cookie("missing"), "");
  EXPECT_EQ(r.header("COOKIE").substr(0, 3), "a=1");
}

}  // namespace
}  // namespace jz::http
