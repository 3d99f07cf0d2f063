// The store toolkit over a real SQLite database: WHERE building, literal LIKE, paged queries, named columns.
#include "db/query.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

namespace jz::db {
namespace {

class DbQuery : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("jz_query_test_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    db_ = open_database("sqlite:" + path_.string(), 1);
    auto conn = db_->acquire();
    conn->exec_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER);");
    for (const char* name : {"100%", "a_b", "abc", "a\\b", "xyz"}) conn->exec("INSERT INTO t (name, n) VALUES (?, ?)", {name, opt(std::optional<int>(3))});
    conn->exec("INSERT INTO t (name, n) VALUES (?, ?)", {"none", opt(std::optional<int>())});
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove(path_);
  }
  std::filesystem::path path_;
  std::unique_ptr<Database> db_;
};

TEST_F(DbQuery, LikeMatchesWildcardsLiterally) {
  auto conn = db_->acquire();
  auto count = [&](const std::string& pattern) {
    return conn->query("SELECT COUNT(*) FROM t WHERE name LIKE ? ESCAPE '\\'", {pattern})[0].get_int(0);
  };
  EXPECT_EQ(count(like_contains("%")), 1);
  EXPECT_EQ(count(like_contains("_")), 1);
  EXPECT_EQ(count(like_prefix("a")), 3);
  EXPECT_EQ(count(like_contains("\\")), 1);
}

TEST_F(DbQuery, WhereAddsOnlyGivenFiltersAndPagesCountAll) {
  auto conn = db_->acquire();
  Where w;
  w.add_if("name LIKE ? ESCAPE '\\'", std::optional<std::string>(like_prefix("a")));
  w.add_if("n = ?", std::optional<int64_t>());  // not given: no condition
  w.add_if("name <> ?", std::string());         // empty text: no condition
  EXPECT_EQ(w.params().size(), 1u);
  Columns cols("t.id, t.name AS label, n");
  auto page = query_page(*conn, "SELECT " + cols.list() + " FROM t" + w.sql(), w.params(), "ORDER BY id DESC", 2, 0,
                         [&](const Row& r) { return cols.text(r, "label"); });
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0], "a\\b");
  auto last = query_page(*conn, "SELECT " + cols.list() + " FROM t" + w.sql(), w.params(), "ORDER BY id DESC", 2, 2,
                         [&](const Row& r) { return cols.opt_integer(r, "n"); });
  ASSERT_EQ(last.items.size(), 1u);
  EXPECT_EQ(last.items[0], 3);
  EXPECT_THROW((void)cols.index("nope"), std::logic_error);
}

TEST(DbLists, SplitAndJoin) {
  EXPECT_EQ(split_list("a;;b;"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(join_list({"a", "b"}), "a;b");
  EXPECT_TRUE(split_list("").empty());
}

}  // namespace
}  // namespace jz::db
