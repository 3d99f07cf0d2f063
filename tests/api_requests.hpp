#pragma once
// Requests several API suites build the same way: a JSON request as some token's holder, and a fresh account
// linked to a record the user API does not link (set directly in the database).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "db/database.hpp"
#include "http_client.hpp"
#include "test_server.hpp"

namespace jz::test {

// `method target` as the holder of `tok`, with `body` as JSON unless it is a GET.
inline HttpRequest json_request(const std::string& method, const std::string& target, const std::string& tok,
                                const boost::json::value& body = boost::json::object{}) {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.token = tok;
  if (method != "GET") r.body = boost::json::serialize(body);
  return r;
}

// Creates the account `body` (username, password, role …) as the province admin (`admin_token`), sets its
// `link_column` of users to `link` when named, and logs in as it.
inline std::string create_linked_account(TestServer& server, db::Database& db, const std::string& admin_token,
                                         const boost::json::object& body, const std::string& link_column,
                                         const db::Value& link) {
  const std::string name(body.at("username").as_string()), password(body.at("password").as_string());
  auto r = server.client().post_json("/api/v1/users", boost::json::serialize(body), admin_token);
  EXPECT_EQ(r.status, 201) << r.body;
  if (!link_column.empty()) {
    auto conn = db.acquire();
    conn->exec("UPDATE users SET " + link_column + " = ? WHERE username = ?", {link, name});
  }
  return server.login(name, password);
}

}  // namespace jz::test
