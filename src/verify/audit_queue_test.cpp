#include "verify/audit_queue.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "db/migrate.hpp"

namespace jz::verify {
namespace {
namespace fs = std::filesystem;

class AuditQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("jz-audit-queue-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    remove_files();
    db_ = db::open_database("sqlite:" + path_.string(), 1);
    db::migrate(*db_);
  }
  void TearDown() override {
    db_.reset();
    remove_files();
  }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }
  std::unique_ptr<AuditQueue> queue(std::chrono::milliseconds interval) {
    return std::make_unique<AuditQueue>(db::open_database("sqlite:" + path_.string(), 1), interval);
  }
  int64_t count() {
    auto conn = db_->acquire();
    return conn->query("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.verify' AND subject_worker_id = 7")[0]
        .get_int(0);
  }
  static security::AuditEntry view() {
    security::AuditEntry e;
    e.action = "certificate.verify";
    e.object_type = "service_certificate";
    e.object_id = "GS2026112900000001";
    e.summary = "result=valid via=token";
    e.sensitive = true;
    e.subject_worker_id = 7;
    return e;
  }
  fs::path path_;
  std::unique_ptr<db::Database> db_;
};

TEST_F(AuditQueueTest, WritesBatchesInTheBackground) {
  auto q = queue(std::chrono::milliseconds(20));
  for (int i = 0; i < 50; ++i) q->push(security::AuditActor{std::nullopt, "", "", "127.0.0.1", "r" + std::to_string(i)}, view());
  for (int i = 0; i < 100 && count() < 50; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(count(), 50);
  auto conn = db_->acquire();
  auto row = conn->query("SELECT actor_user_id, ip, sensitive, object_id, at FROM audit_log WHERE request_id = 'r0'")[0];
  EXPECT_TRUE(row.is_null(0));  // anonymous
  EXPECT_EQ(row.get_text(1), "127.0.0.1");
  EXPECT_EQ(row.get_int(2), 1);
  EXPECT_EQ(row.get_text(3), "GS2026112900000001");
  EXPECT_EQ(row.get_text(4).size(), 24u);  // the time of the view, ISO-8601 with milliseconds
}

TEST_F(AuditQueueTest, FlushesWhatIsPendingWhenDestroyed) {
  auto q = queue(std::chrono::hours(1));  // the timer never fires in this test
  for (int i = 0; i < 10; ++i) q->push(security::AuditActor{}, view());
  EXPECT_EQ(count(), 0);
  q.reset();
  EXPECT_EQ(count(), 10);
}

TEST_F(AuditQueueTest, ExplicitFlushWritesAtOnce) {
  auto q = queue(std::chrono::hours(1));
  q->push(security::AuditActor{}, view());
  EXPECT_TRUE(q->flush());
  EXPECT_EQ(count(), 1);
  EXPECT_TRUE(q->flush());  // nothing pending: nothing written twice
  EXPECT_EQ(count(), 1);
}

}  // namespace
}  // namespace jz::verify
