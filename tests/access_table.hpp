#pragma once
// The expected access rule of every route, registered by each module's integration test file:
//   static const AccessRows kRows({{"GET /api/v1/workers/{id}", "enterprise,city_officer,province_admin"}});
// Rules: "public" (anyone), "any" (any logged-in user), or a comma-separated list of role names.
// PlatformApi.EveryRouteAdmitsExactlyItsRoles checks the union against the server's route table, so a
// route cannot ship without its access rule being tested.
#include <map>
#include <string>
#include <utility>

namespace jz::test {

std::map<std::string, std::string>& access_rules();
// Sample values for path parameters when calling routes in the access test ({code} → 620102).
std::map<std::string, std::string>& access_path_samples();

struct AccessRows {
  AccessRows(std::initializer_list<std::pair<const char*, const char*>> rows,
             std::initializer_list<std::pair<const char*, const char*>> samples = {}) {
    for (const auto& [route, rule] : rows) access_rules()[route] = rule;
    for (const auto& [param, value] : samples) access_path_samples()[param] = value;
  }
};

}  // namespace jz::test
