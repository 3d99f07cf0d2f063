#include "db/database.hpp"

#include "db/postgres/postgres_database.hpp"
#include "db/sqlite/sqlite_database.hpp"

namespace jz::db {

PooledConnection::~PooledConnection() {
  if (conn_ && db_) db_->release(std::move(conn_));
}

std::unique_ptr<Database> open_database(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) return make_sqlite_database(url.substr(7), pool_size);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return make_postgres_database(url, pool_size);
  throw DbError("unsupported database URL (use sqlite:PATH or postgresql://...)");
}

}  // namespace jz::db
