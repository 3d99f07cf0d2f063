#pragma once
// SQLite backend: a pool of connections to one file in WAL mode, so readers never wait for the writer;
// writes take the lock up front (BEGIN IMMEDIATE) and wait up to the busy timeout instead of failing.
#include <memory>
#include <string>

#include "db/database.hpp"

namespace jz::db {

std::unique_ptr<Database> make_sqlite_database(const std::string& path, int pool_size);

// PRAGMA synchronous of every SQLite connection opened after the call: "normal" (the default: WAL, a
// commit survives a crash of the process, and the database stays consistent after a power cut, though the
// last commits may be lost) or "full" (fsync at every commit: survives a power cut too, slower writes).
// Config key sqlite_synchronous (docs/operations.md). Returns false for another value.
bool set_sqlite_synchronous(const std::string& mode);

}  // namespace jz::db
