#pragma once
// The fixture every API test suite starts from: the shared test server, a client, a cached login token per
// demo user and a direct connection to the server's database (to set up and to check what the API wrote).
// Each suite gets its own token cache and connection (the template parameter), so a suite that revokes
// sessions cannot disturb another.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "db/database.hpp"
#include "http_client.hpp"
#include "test_server.hpp"

namespace jz::test {

template <class Suite>
class ApiFixture : public ::testing::Test {
 protected:
  static TestServer& server() { return TestServer::shared(); }
  static HttpClient client() { return server().client(); }
  // A bearer token of demo user `user` (password Jiazheng2024), logged in once per suite.
  static const std::string& token(const std::string& user) {
    static std::map<std::string, std::string> tokens;
    auto it = tokens.find(user);
    if (it == tokens.end()) it = tokens.emplace(user, server().login(user)).first;
    return it->second;
  }
  static db::Database& database() {
    static auto db = db::open_database(server().database_url(), 1);
    return *db;
  }
  // The first column of the first row of `sql`, or 0 when there is no row.
  static int64_t scalar(const std::string& sql, const db::Params& params = {}) {
    auto conn = database().acquire();
    auto rows = conn->query(sql, params);
    return rows.empty() ? 0 : rows[0].get_int(0);
  }
};

}  // namespace jz::test
