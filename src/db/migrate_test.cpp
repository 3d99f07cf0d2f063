#include "db/migrate.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace jz::db {
namespace {

TEST(Migrate, TranslatesTypesPerDialect) {
  EXPECT_EQ(translate_sql("id {{pk}}, b {{blob}}", Dialect::sqlite), "id INTEGER PRIMARY KEY, b BLOB");
  EXPECT_EQ(translate_sql("id {{pk}}, b {{blob}}", Dialect::postgres), "id BIGSERIAL PRIMARY KEY, b BYTEA");
}

TEST(Migrate, AppliesOnceAndLoadsReferenceData) {
  auto path = std::filesystem::temp_directory_path() / ("jz_migrate_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto db = open_database("sqlite:" + path.string(), 1);
    auto first = migrate(*db);
    EXPECT_GE(first.applied.size(), 2u);
    auto again = migrate(*db);
    EXPECT_TRUE(again.applied.empty());
    EXPECT_EQ(again.current_version, first.current_version);
    auto conn = db->acquire();
    EXPECT_EQ(conn->query("SELECT COUNT(*) FROM divisions WHERE level = 2")[0].get_int(0), 14);
    EXPECT_GE(conn->query("SELECT COUNT(*) FROM divisions WHERE level = 3")[0].get_int(0), 86);
    EXPECT_EQ(conn->query("SELECT COUNT(*) FROM labour_brands")[0].get_int(0), 7);
    EXPECT_GE(conn->query("SELECT COUNT(*) FROM divisions WHERE is_key_support_county = 1")[0].get_int(0), 1);
    EXPECT_EQ(conn->query("SELECT COUNT(*) FROM provinces")[0].get_int(0), 34);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

TEST(Migrate, RunsAMigrationsCppStepOnceInsideItsTransaction) {
  auto path = std::filesystem::temp_directory_path() / ("jz_migrate_steps_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto db = open_database("sqlite:" + path.string(), 1);
    int calls = 0;
    int64_t employments_seen = -1;
    MigrationSteps steps{{7, [&](Connection& conn) {
                            ++calls;
                            // Runs after the migration's own SQL: its table exists.
                            employments_seen = conn.query("SELECT COUNT(*) FROM employments")[0].get_int(0);
                          }}};
    migrate(*db, steps);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(employments_seen, 0);
    migrate(*db, steps);
    EXPECT_EQ(calls, 1);  // already applied: not again
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

// `-- @check-in` (012): the issuers' roles and source join the CHECK lists, on a new connection as well, and
// the lists still refuse what is not in them.
TEST(Migrate, WidensCheckListsInPlace) {
  auto path = std::filesystem::temp_directory_path() / ("jz_migrate_check_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto db = open_database("sqlite:" + path.string(), 2);
    migrate(*db);
    auto conn = db->acquire();
    auto user = [&](const std::string& name, const std::string& role) {
      conn->exec("INSERT INTO users (username, password_hash, role, created_at, password_changed_at) "
                 "VALUES (?, 'x', ?, 't', 't')",
                 {name, role});
    };
    EXPECT_NO_THROW(user("clinic", "health_provider"));
    EXPECT_NO_THROW(user("insurer", "insurer"));
    EXPECT_THROW(user("bogus", "hospital"), std::exception);
    auto other = db->acquire();
    EXPECT_EQ(other->query("SELECT COUNT(*) FROM users WHERE role IN ('health_provider', 'insurer')")[0].get_int(0), 2);
    EXPECT_EQ(other->query("PRAGMA integrity_check")[0].get_text(0), "ok");
    auto sql = other->query("SELECT sql FROM sqlite_schema WHERE name = 'credit_entries'")[0].get_text(0);
    EXPECT_NE(sql.find("'platform', 'insurer')"), std::string::npos);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace jz::db
