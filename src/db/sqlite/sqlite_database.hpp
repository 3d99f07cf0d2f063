#pragma once
// SQLite backend: a pool of connections to one file in WAL mode, so readers never wait for the writer;
// writes take the lock up front (BEGIN IMMEDIATE) and wait up to the busy timeout instead of failing.
#include <memory>
#include <string>

#include "db/database.hpp"

namespace jz::db {

std::unique_ptr<Database> make_sqlite_database(const std::string& path, int pool_size);

}  // namespace jz::db
