// The storage interface (db/database.hpp) against both backends: the same tests run on SQLite and on a
// throwaway PostgreSQL 15. Set JZ_TEST_BACKEND=sqlite|postgres to run only one of them (ctest does).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "db/bulk.hpp"
#include "db/database.hpp"
#include "db/postgres/postgres_database.hpp"
#include "postgres_server.hpp"

namespace jz::db {
namespace {

using test::PostgresServer;
namespace fs = std::filesystem;

constexpr int kPoolSize = 4;

bool backend_selected(const std::string& backend) {
  const char* only = std::getenv("JZ_TEST_BACKEND");
  return !only || !*only || backend == only;
}

// The one place these tests differ by dialect: how a table gets an auto-increment key and a byte column.
std::string schema(Dialect d) {
  const bool pg = d == Dialect::postgres;
  const std::string id = pg ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY";
  return "CREATE TABLE items (" + id +
         ", name TEXT NOT NULL UNIQUE, qty BIGINT CHECK (qty >= 0), price DOUBLE PRECISION, photo " +
         (pg ? "BYTEA" : "BLOB") + ", note TEXT);\n" + "CREATE TABLE tags (" + id +
         ", item_id BIGINT NOT NULL REFERENCES items(id), label TEXT);\n";
}

Blob all_bytes() {
  Blob b;
  for (int i = 0; i < 256; ++i) b.push_back(static_cast<unsigned char>(i));
  return b;
}

int64_t count_items(Connection& c) {
  return c.query("SELECT COUNT(*) FROM items").at(0).get_int(0);
}

// Opens a fresh database of the backend under test, with the tables above, for each test.
class StorageTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!backend_selected(GetParam())) GTEST_SKIP() << "JZ_TEST_BACKEND selects another backend";
    std::string url;
    if (GetParam() == "sqlite") {
      static std::atomic<int> counter{0};
      path_ = fs::temp_directory_path() /
              ("jz-storage-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db");
      url = "sqlite:" + path_.string();
    } else {
      url = PostgresServer::instance().create_database("storage");
    }
    db_ = open_database(url, kPoolSize);
    auto c = db_->acquire();
    c->exec_script(schema(c->dialect()));
  }

  void TearDown() override {
    db_.reset();
    if (!path_.empty()) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path_.string() + suffix, ec);
    }
  }

  int64_t insert_item(Connection& c, const std::string& name, Value qty = nullptr) {
    return c.insert("INSERT INTO items (name, qty) VALUES (?, ?)", {name, qty});
  }

  std::unique_ptr<Database> db_;
  fs::path path_;
};

TEST_P(StorageTest, ExecScriptCreatesTablesAndInsertReturnsNewIds) {
  auto c = db_->acquire();
  EXPECT_EQ(c->dialect(), db_->dialect());
  EXPECT_TRUE(c->ping());
  const int64_t first = insert_item(*c, "保洁");
  const int64_t second = insert_item(*c, "月嫂");
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  const int64_t tag =
      c->insert("INSERT INTO tags (item_id, label) VALUES (?, ?)", {second, std::string("育婴")});
  EXPECT_GT(tag, 0);
  Rows rows =
      c->query("SELECT i.name, t.label FROM tags t JOIN items i ON i.id = t.item_id WHERE t.id = ?", {tag});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get_text(0), "月嫂");
  EXPECT_EQ(rows[0].get_text(1), "育婴");
}

TEST_P(StorageTest, RoundTripsEveryValueType) {
  auto c = db_->acquire();
  const std::string name = "张三 O'Brien \"?\" ; -- 😀";
  const int64_t qty = 9007199254740993;  // 2^53 + 1: lost if it ever passes through a double
  const double price = 0.1;
  const Blob photo = all_bytes();  // includes 0x00 and 0xFF
  const int64_t id = c->insert("INSERT INTO items (name, qty, price, photo, note) VALUES (?, ?, ?, ?, ?)",
                               {name, qty, price, photo, nullptr});
  Rows rows = c->query(
      "SELECT id, name, qty, price, photo, note FROM items WHERE name = ? AND qty = ? AND price = ? AND "
      "photo = ?",
      {name, qty, price, photo});
  ASSERT_EQ(rows.size(), 1u);
  const Row& r = rows[0];
  EXPECT_TRUE(std::holds_alternative<int64_t>(r.raw(0)));
  EXPECT_TRUE(std::holds_alternative<std::string>(r.raw(1)));
  EXPECT_TRUE(std::holds_alternative<int64_t>(r.raw(2)));
  EXPECT_TRUE(std::holds_alternative<double>(r.raw(3)));
  EXPECT_TRUE(std::holds_alternative<Blob>(r.raw(4)));
  EXPECT_TRUE(r.is_null(5));
  EXPECT_EQ(r.get_int(0), id);
  EXPECT_EQ(r.get_text(1), name);
  EXPECT_EQ(r.get_int(2), qty);
  EXPECT_EQ(r.get_double(3), price);
  EXPECT_EQ(r.get_blob(4), photo);
}

TEST_P(StorageTest, RoundTripsEdgeNumbersAndBlobs) {
  auto c = db_->acquire();
  const std::vector<Blob> blobs = {Blob{}, Blob{0x00}, Blob{0xFF}, Blob{0x00, 0x00, 0xFF, 0x5C, 0x27}};
  for (size_t i = 0; i < blobs.size(); ++i) {
    c->insert("INSERT INTO items (name, qty, price, photo) VALUES (?, ?, ?, ?)",
              {"b" + std::to_string(i), std::numeric_limits<int64_t>::max(), -1.5e-300, blobs[i]});
  }
  Rows rows = c->query("SELECT name, qty, price, photo FROM items ORDER BY name");
  ASSERT_EQ(rows.size(), blobs.size());
  for (size_t i = 0; i < blobs.size(); ++i) {
    SCOPED_TRACE("blob " + std::to_string(i));
    EXPECT_EQ(rows[i].get_int(1), std::numeric_limits<int64_t>::max());
    EXPECT_EQ(rows[i].get_double(2), -1.5e-300);
    EXPECT_FALSE(rows[i].is_null(3)) << "an empty blob is not NULL";
    EXPECT_EQ(rows[i].get_blob(3), blobs[i]);
  }
}

TEST_P(StorageTest, NullsBindAndReadBackAsNull) {
  auto c = db_->acquire();
  c->insert("INSERT INTO items (name, qty, price, photo, note) VALUES (?, ?, ?, ?, ?)",
            {std::string("空"), nullptr, nullptr, nullptr, nullptr});
  Rows rows = c->query("SELECT qty, price, photo, note FROM items WHERE name = ?", {std::string("空")});
  ASSERT_EQ(rows.size(), 1u);
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(rows[0].is_null(i)) << "column " << i;
  EXPECT_EQ(rows[0].opt_int(0), std::nullopt);
  EXPECT_EQ(rows[0].opt_text(3), std::nullopt);
  EXPECT_EQ(rows[0].get_int(0), 0);
  EXPECT_EQ(rows[0].get_text(3), "");
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM items WHERE qty IS NULL AND note IS NULL").at(0).get_int(0), 1);
}

TEST_P(StorageTest, ExecReturnsChangedRowCount) {
  auto c = db_->acquire();
  for (const char* n : {"a", "b", "c"}) insert_item(*c, n, int64_t{1});
  EXPECT_EQ(c->exec("UPDATE items SET qty = qty + ? WHERE name <> ?", {int64_t{5}, std::string("a")}), 2);
  EXPECT_EQ(c->exec("DELETE FROM items WHERE qty = ?", {int64_t{42}}), 0);
  EXPECT_EQ(c->query("SELECT SUM(qty) FROM items").at(0).get_int(0), 13);
}

TEST_P(StorageTest, UniqueViolationThrowsConstraintErrorWithoutTheValue) {
  auto c = db_->acquire();
  const std::string mobile = "13800138000";  // personal data: must not reach logs through the message
  insert_item(*c, mobile);
  try {
    insert_item(*c, mobile);
    FAIL() << "duplicate insert succeeded";
  } catch (const ConstraintError& e) {
    EXPECT_EQ(std::string(e.what()).find(mobile), std::string::npos) << e.what();
  }
  EXPECT_EQ(count_items(*c), 1) << "the connection stays usable after a constraint error";
}

TEST_P(StorageTest, NotNullCheckAndForeignKeyViolationsThrowConstraintError) {
  auto c = db_->acquire();
  EXPECT_THROW(c->insert("INSERT INTO items (name) VALUES (?)", {nullptr}), ConstraintError);
  EXPECT_THROW(insert_item(*c, "负数", int64_t{-1}), ConstraintError);
  EXPECT_THROW(c->insert("INSERT INTO tags (item_id, label) VALUES (?, ?)", {int64_t{999}, std::string("x")}),
               ConstraintError);
  EXPECT_EQ(count_items(*c), 0);
}

TEST_P(StorageTest, OtherFailuresThrowDbErrorNotConstraintError) {
  auto c = db_->acquire();
  try {
    c->query("SELECT nope FROM no_such_table WHERE id = ?", {int64_t{1}});
    FAIL() << "query on a missing table succeeded";
  } catch (const ConstraintError& e) {
    FAIL() << "a missing table is not a constraint violation: " << e.what();
  } catch (const DbError&) {
  }
  EXPECT_TRUE(c->ping());
}

TEST_P(StorageTest, TransactionRollsBackWhenLeftByAnException) {
  auto c = db_->acquire();
  try {
    Transaction tx(*c, true);
    insert_item(*c, "一");
    insert_item(*c, "二");
    throw std::runtime_error("abort the request");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(count_items(*c), 0);
  insert_item(*c, "三");  // no transaction left open: this one autocommits
  auto other = db_->acquire();
  EXPECT_EQ(count_items(*other), 1);
}

TEST_P(StorageTest, CommitPersistsAndOnlyThenIsVisibleToOtherConnections) {
  auto writer = db_->acquire();
  auto reader = db_->acquire();
  {
    Transaction tx(*writer, true);
    insert_item(*writer, "一");
    insert_item(*writer, "二");
    EXPECT_EQ(count_items(*writer), 2);
    EXPECT_EQ(count_items(*reader), 0) << "uncommitted rows leaked to another connection";
    tx.commit();
  }
  EXPECT_EQ(count_items(*reader), 2);
  Transaction read_tx(*reader, false);
  EXPECT_EQ(reader->query("SELECT name FROM items ORDER BY id").at(1).get_text(0), "二");
  read_tx.commit();
}

TEST_P(StorageTest, QuestionMarksInLiteralsIdentifiersAndCommentsAreNotPlaceholders) {
  auto c = db_->acquire();
  Rows rows = c->query("SELECT 'what?' AS \"why?\", ? AS n, 'it''s ?' AS s /* ? */, ? AS m -- trailing ?\n",
                       {int64_t{7}, int64_t{8}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get_text(0), "what?");
  EXPECT_EQ(rows[0].get_int(1), 7);
  EXPECT_EQ(rows[0].get_text(2), "it's ?");
  EXPECT_EQ(rows[0].get_int(3), 8);

  c->exec("INSERT INTO items (name, qty) VALUES ('a?b', ?)", {int64_t{3}});
  EXPECT_EQ(c->query("SELECT qty FROM items WHERE name = ?", {std::string("a?b")}).at(0).get_int(0), 3);
}

TEST_P(StorageTest, PreparedStatementRunsManyTimes) {
  auto c = db_->acquire();
  {
    Transaction tx(*c, true);
    auto stmt = c->prepare("INSERT INTO items (name, qty, photo) VALUES (?, ?, ?)");
    for (int i = 0; i < 100; ++i)
      stmt->execute({"p" + std::to_string(i), int64_t{i}, Blob{0x00, static_cast<unsigned char>(i), 0xFF}});
    tx.commit();
  }
  EXPECT_EQ(count_items(*c), 100);
  EXPECT_EQ(c->query("SELECT photo FROM items WHERE qty = ?", {int64_t{42}}).at(0).get_blob(0),
            (Blob{0x00, 42, 0xFF}));
}

TEST_P(StorageTest, AcquireWaitsWhilePoolIsExhaustedAndProceedsAfterRelease) {
  std::vector<PooledConnection> held;
  held.reserve(kPoolSize);
  for (int i = 0; i < kPoolSize; ++i) held.push_back(db_->acquire());
  EXPECT_EQ(db_->stats().in_use, kPoolSize);
  const int64_t waits_before = db_->stats().waits;

  std::atomic<bool> acquired{false};
  std::thread waiter([&] {
    auto c = db_->acquire();
    acquired = true;
    EXPECT_TRUE(c->ping());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(acquired) << "acquire() handed out more connections than the pool holds";
  held.pop_back();  // release one
  waiter.join();
  EXPECT_TRUE(acquired);
  EXPECT_EQ(db_->stats().waits, waits_before + 1);
  held.clear();
  EXPECT_EQ(db_->stats().in_use, 0);
  EXPECT_EQ(db_->stats().size, kPoolSize);
}

TEST_P(StorageTest, ConcurrentInsertsFromFourThreadsAllLand) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::vector<std::vector<int64_t>> ids(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < kPerThread; ++i) {
          auto c = db_->acquire();
          ids[t].push_back(insert_item(*c, "t" + std::to_string(t) + "-" + std::to_string(i), int64_t{i}));
        }
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(errors[t], "") << "thread " << t;
  std::set<int64_t> distinct;
  for (const auto& v : ids) distinct.insert(v.begin(), v.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads * kPerThread));
  auto c = db_->acquire();
  EXPECT_EQ(count_items(*c), kThreads * kPerThread);
}

// The bulk path (COPY on PostgreSQL) writes exactly what one INSERT per row writes, for every value type and
// the characters COPY's text format escapes.
TEST_P(StorageTest, BulkLoadWritesWhatInsertsWrite) {
  auto c = db_->acquire();
  const std::vector<std::string> names = {"tab\there", "line\nbreak", "cr\rreturn", "back\\slash \\N \\\\x00",
                                          "\\N", "", "张三 O'Brien \"?\" ; -- 😀", std::string(70000, 'x')};
  Transaction tx(*c, true);
  BulkLoad load(*c, 64);  // flushes every few rows: parents must still land before their children
  size_t items = load.add_table("items", {"id", "name", "qty", "price", "photo", "note"});
  size_t tags = load.add_table("tags", {"item_id", "label"});
  for (size_t i = 0; i < names.size(); ++i) {
    int64_t id = static_cast<int64_t>(i) + 1;
    Value qty = i % 3 == 0 ? Value(nullptr) : Value(int64_t{9007199254740993} - id);
    Value price = i % 2 ? Value(0.1 * static_cast<double>(i)) : Value(-1e300);
    Value photo = i == 0 ? Value(all_bytes()) : i == 1 ? Value(Blob{}) : Value(nullptr);
    load.add(items, {id, names[i], qty, price, photo, i == 2 ? Value(std::string("\\t")) : Value(nullptr)});
    load.add(tags, {id, names[(i + 1) % names.size()]});
  }
  load.flush();
  tx.commit();
  Rows rows = c->query("SELECT id, name, qty, price, photo, note FROM items ORDER BY id");
  ASSERT_EQ(rows.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    const Row& r = rows[i];
    EXPECT_EQ(r.get_text(1), names[i]) << i;
    if (i % 3 == 0) EXPECT_TRUE(r.is_null(2)) << i;
    else EXPECT_EQ(r.get_int(2), int64_t{9007199254740993} - static_cast<int64_t>(i) - 1) << i;
    EXPECT_EQ(r.get_double(3), i % 2 ? 0.1 * static_cast<double>(i) : -1e300) << i;
    if (i == 0) EXPECT_EQ(r.get_blob(4), all_bytes());
    else if (i == 1) EXPECT_EQ(r.get_blob(4), Blob{});
    else EXPECT_TRUE(r.is_null(4)) << i;
    if (i == 2) EXPECT_EQ(r.get_text(5), "\\t");
    else EXPECT_TRUE(r.is_null(5)) << i;
  }
  Rows labels = c->query("SELECT label FROM tags ORDER BY item_id");
  ASSERT_EQ(labels.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(labels[i].get_text(0), names[(i + 1) % names.size()]);
}

TEST_P(StorageTest, BulkLoadViolationThrowsConstraintErrorAndTheConnectionStaysUsable) {
  auto c = db_->acquire();
  {
    Transaction tx(*c, true);
    BulkLoad load(*c);
    size_t items = load.add_table("items", {"name"});
    EXPECT_THROW(
        {
          load.add(items, {std::string("same")});
          load.add(items, {std::string("same")});
          load.flush();
        },
        ConstraintError);
  }
  EXPECT_EQ(count_items(*c), 0);
  EXPECT_TRUE(c->ping());
  insert_item(*c, "after");
  EXPECT_EQ(count_items(*c), 1);
  BulkLoad load(*c);
  size_t items = load.add_table("items", {"name"});
  EXPECT_THROW(load.add(items, {}), DbError);  // no value for the one column
}

TEST_P(StorageTest, DeferredIndexesAreDroppedAndBuiltAgain) {
  auto c = db_->acquire();
  c->exec_script("CREATE INDEX items_by_note ON items (note);\nCREATE INDEX tags_by_label ON tags (label);\n");
  auto count_indexes = [&] {
    return c->dialect() == Dialect::sqlite
               ? c->query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('items_by_note', "
                          "'tags_by_label')")[0].get_int(0)
               : c->query("SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('items_by_note', 'tags_by_label')")[0]
                     .get_int(0);
  };
  Transaction tx(*c, true);
  DeferredIndexes deferred(*c, {"items", "tags"});
  EXPECT_EQ(deferred.dropped(), 2u);  // not the unique index on name, nor the primary keys
  EXPECT_EQ(count_indexes(), 0);
  insert_item(*c, "while dropped");
  deferred.rebuild();
  tx.commit();
  EXPECT_EQ(count_indexes(), 2);
  EXPECT_THROW(insert_item(*c, "while dropped"), ConstraintError);  // the unique one never went
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// ---- PostgreSQL only: the backend's own behaviour.

TEST(PostgresPlaceholders, RewritesOnlyPlaceholdersOutsideLiteralsAndComments) {
  struct Case {
    const char* in;
    const char* out;
    int count;
  };
  const Case cases[] = {
      {"SELECT ?, ?", "SELECT $1, $2", 2},
      {"SELECT '?', \"?\", ? -- ?\n, ?", "SELECT '?', \"?\", $1 -- ?\n, $2", 2},
      {"SELECT 'it''s ?', \"a\"\"?\", ?", "SELECT 'it''s ?', \"a\"\"?\", $1", 1},
      {"SELECT E'\\' ?', ?", "SELECT E'\\' ?', $1", 1},
      {"SELECT '\\', ?", "SELECT '\\', $1", 1},  // standard strings: a backslash is just a character
      {"SELECT /* ? /* ? */ ? */ ?", "SELECT /* ? /* ? */ ? */ $1", 1},
      {"SELECT $$ ? $$, $fn$ ? $$ ? $fn$, ?", "SELECT $$ ? $$, $fn$ ? $$ ? $fn$, $1", 1},
      {"SELECT a$b, ?", "SELECT a$b, $1", 1},
      {"SELECT 1 -- ?", "SELECT 1 -- ?", 0},
      {"SELECT '?", "SELECT '?", 0},  // unterminated: left for the server to reject
      {"", "", 0},
  };
  for (const auto& c : cases) {
    int count = -1;
    EXPECT_EQ(rewrite_placeholders(c.in, count), c.out) << c.in;
    EXPECT_EQ(count, c.count) << c.in;
  }
}

TEST(PostgresUrl, DescribeRedactsThePassword) {
  auto db = make_postgres_database(
      "postgresql://app:s3cr%40t@db.example:5432/jz?sslmode=require&password=other", 2);
  const std::string d = db->describe();
  EXPECT_EQ(d.find("s3cr"), std::string::npos) << d;
  EXPECT_EQ(d.find("other"), std::string::npos) << d;
  EXPECT_NE(d.find("db.example:5432/jz"), std::string::npos) << d;
  EXPECT_EQ(redact_postgres_url("postgresql://app@h/db"), "postgresql://app@h/db");
  EXPECT_EQ(redact_postgres_url("host=h password='a b' dbname=x"), "host=h password=*** dbname=x");
  EXPECT_EQ(redact_postgres_url("host=h password = 'a\\' b' passfile=p"), "host=h password = *** passfile=p");
  EXPECT_EQ(redact_postgres_url("postgres://h/db?PASSWORD=x&sslmode=require"),
            "postgres://h/db?PASSWORD=***&sslmode=require");
}

TEST(PostgresUrl, RejectsMalformedUrlAndReportsUnreachableServerAtAcquire) {
  EXPECT_THROW(make_postgres_database("postgresql://h/db?no_such_option=1", 1), DbError);
  EXPECT_THROW(make_postgres_database("postgresql://h/db", 0), DbError);
  auto db = make_postgres_database("postgresql://postgres:pw@127.0.0.1:1/none", 1);
  for (int i = 0; i < 2; ++i) {  // the failed attempt must give its pool slot back
    try {
      db->acquire();
      FAIL() << "connected to port 1";
    } catch (const DbError& e) {
      EXPECT_EQ(std::string(e.what()).find(":pw@"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(db->stats().in_use, 0);
}

class PostgresBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!backend_selected("postgres")) GTEST_SKIP() << "JZ_TEST_BACKEND selects another backend";
    db_ = open_database(PostgresServer::instance().create_database("pgbackend"), 2);
    auto c = db_->acquire();
    c->exec_script(schema(Dialect::postgres));
  }
  std::unique_ptr<Database> db_;
};

TEST_F(PostgresBackendTest, ConvertsResultTypesAndRunsInUtc) {
  auto c = db_->acquire();
  Rows rows = c->query(
      "SELECT 1::int2, 2::int4, 3::int8, 1.5::float4, 2.5::float8, 3.25::numeric, true, false, "
      "'\\x00ff'::bytea, 'text', NULL::int, TIMESTAMPTZ '2024-01-01 08:00:00+08', "
      "current_setting('client_encoding')");
  ASSERT_EQ(rows.size(), 1u);
  const Row& r = rows[0];
  for (size_t i : {0, 1, 2}) EXPECT_EQ(std::get<int64_t>(r.raw(i)), static_cast<int64_t>(i + 1));
  EXPECT_EQ(std::get<double>(r.raw(3)), 1.5);
  EXPECT_EQ(std::get<double>(r.raw(4)), 2.5);
  EXPECT_EQ(std::get<double>(r.raw(5)), 3.25);
  EXPECT_EQ(std::get<int64_t>(r.raw(6)), 1);
  EXPECT_EQ(std::get<int64_t>(r.raw(7)), 0);
  EXPECT_EQ(std::get<Blob>(r.raw(8)), (Blob{0x00, 0xFF}));
  EXPECT_EQ(std::get<std::string>(r.raw(9)), "text");
  EXPECT_TRUE(r.is_null(10));
  EXPECT_EQ(r.get_text(11), "2024-01-01 00:00:00+00");
  EXPECT_EQ(r.get_text(12), "UTF8");
}

TEST_F(PostgresBackendTest, TextParametersTakeTheirTypeFromContext) {
  auto c = db_->acquire();
  c->exec_script("CREATE TABLE typed (id BIGSERIAL PRIMARY KEY, d DATE, b BOOLEAN, n NUMERIC(10,2))");
  c->insert("INSERT INTO typed (d, b, n) VALUES (?, ?, ?)", {std::string("2024-05-01"), int64_t{1}, 12.5});
  Rows rows = c->query("SELECT d + 1, b, n FROM typed WHERE d = ?", {std::string("2024-05-01")});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get_text(0), "2024-05-02");
  EXPECT_TRUE(rows[0].get_bool(1));
  EXPECT_EQ(rows[0].get_double(2), 12.5);
  EXPECT_EQ(
      c->query("SELECT COUNT(*) FROM typed WHERE CAST(? AS BIGINT) IS NULL OR id = ?", {nullptr, int64_t{9}})
          .at(0)
          .get_int(0),
      1);
}

TEST_F(PostgresBackendTest, ParameterCountMismatchAndNulInTextThrowDbError) {
  auto c = db_->acquire();
  EXPECT_THROW(c->query("SELECT ?, ?", {int64_t{1}}), DbError);
  EXPECT_THROW(c->query("SELECT ?", {std::string("a\0b", 3)}), DbError);
  c->insert("INSERT INTO items (name) VALUES (?)", {std::string("x")});
  EXPECT_THROW(c->insert("INSERT INTO items (name) VALUES (?) ON CONFLICT DO NOTHING", {std::string("x")}),
               DbError)
      << "an insert that inserted nothing has no id to return";
  EXPECT_TRUE(c->ping());
}

TEST_F(PostgresBackendTest, CommitAfterAFailedStatementThrowsAndKeepsNothing) {
  auto c = db_->acquire();
  c->insert("INSERT INTO items (name) VALUES (?)", {std::string("dup")});
  c->begin(true);
  c->insert("INSERT INTO items (name) VALUES (?)", {std::string("new")});
  EXPECT_THROW(c->insert("INSERT INTO items (name) VALUES (?)", {std::string("dup")}), ConstraintError);
  EXPECT_THROW(c->commit(), DbError);
  EXPECT_EQ(count_items(*c), 1);
}

TEST_F(PostgresBackendTest, ConnectionReturnsToPoolWithoutOpenTransactionOrPreparedStatements) {
  {
    auto c = db_->acquire();
    c->begin(true);
    c->insert("INSERT INTO items (name) VALUES (?)", {std::string("forgotten")});
    auto stmt = c->prepare("SELECT COUNT(*) FROM items WHERE id > ?");
    stmt->execute({int64_t{0}});
    EXPECT_THROW(c->query("SELECT * FROM no_such_table"), DbError);  // the transaction is now dead
  }  // statement and connection released without commit or rollback
  std::vector<PooledConnection> both;
  both.reserve(2);
  both.push_back(db_->acquire());
  both.push_back(db_->acquire());
  for (auto& c : both) {
    EXPECT_EQ(count_items(*c), 0);
    EXPECT_EQ(c->query("SELECT COUNT(*) FROM pg_prepared_statements").at(0).get_int(0), 0);
    c->begin(true);  // would warn "already in a transaction" if one were left open
    c->rollback();
  }
}

int64_t backend_pid(PooledConnection& c) {
  return c->query("SELECT pg_backend_pid()").at(0).get_int(0);
}

TEST_F(PostgresBackendTest, BrokenConnectionsAreDroppedAndReplaced) {
  {
    // Kill the backend of a connection in use: its next call fails, and release drops it.
    auto killer = db_->acquire();
    auto victim = db_->acquire();
    EXPECT_TRUE(
        killer->query("SELECT pg_terminate_backend(?, 5000)", {backend_pid(victim)}).at(0).get_bool(0));
    EXPECT_FALSE(victim->ping());
    EXPECT_THROW(victim->query("SELECT 1"), DbError);
  }
  EXPECT_EQ(db_->stats().in_use, 0);
  auto killer = db_->acquire();
  int64_t idle_pid = 0;
  {
    auto victim = db_->acquire();  // the pool had one live connection: this one is new
    EXPECT_TRUE(victim->ping());
    idle_pid = backend_pid(victim);
  }
  // Kill the backend of an idle connection: the next acquire() notices and opens a new one in its place.
  EXPECT_TRUE(killer->query("SELECT pg_terminate_backend(?, 5000)", {idle_pid}).at(0).get_bool(0));
  auto fresh = db_->acquire();
  EXPECT_NE(backend_pid(fresh), idle_pid);
  EXPECT_TRUE(fresh->ping());
  EXPECT_EQ(db_->stats().in_use, 2);
}

}  // namespace
}  // namespace jz::db
