#pragma once
// HTTP routes of supply and demand: jobs and their public feed (JSON, RSS), recruitment events, service
// requests, matches both ways, contact requests and labour-transfer plans. See docs/matching.md.
#include <memory>
#include <string>

#include "credit/service.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "matching/engine.hpp"
#include "matching/service.hpp"
#include "reference/divisions.hpp"

namespace jz::matching {

// The matching module as the server holds it: the engine (with its follower thread, started here) and the
// service. cli.cpp keeps the returned object alive until the server has stopped.
struct Module {
  std::unique_ptr<db::Database> follower_db;  // the engine's own connection: outlives the engine, not the server's pool
  std::unique_ptr<Engine> engine;
  std::unique_ptr<credit::Service> credit;
  std::unique_ptr<Service> service;
  ~Module();
};

// Loads the index from the database, starts following it (on a connection of its own to `database_url`, so
// that the follower never outlives the server's pool) and registers the routes. `weights` is the
// `matching_weights` setting ("" for the defaults); a bad value throws (the server does not start).
std::unique_ptr<Module> register_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                                        const reference::DivisionCatalog& catalog, const std::string& public_url,
                                        const std::string& database_url, const std::string& weights);

}  // namespace jz::matching
