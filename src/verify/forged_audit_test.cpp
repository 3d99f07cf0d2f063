// Issue 13: anonymous verifications of forged tokens are counted per hour, not written one row each.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/migrate.hpp"
#include "verify/audit_queue.hpp"

namespace jz::verify {
namespace {
namespace fs = std::filesystem;

TEST(ForgedVerificationAudit, FiveHundredForgedViewsAreOneAuditRowAndACount) {
  auto path = fs::temp_directory_path() / ("jz-forged-audit-" + std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  auto db = db::open_database("sqlite:" + path.string(), 1);
  db::migrate(*db);
  {
    AuditQueue q(db::open_database("sqlite:" + path.string(), 1), std::chrono::hours(1));
    security::AuditEntry forged;
    forged.action = "certificate.verify";
    forged.object_type = "service_certificate";
    forged.summary = "result=forged via=page";
    forged.sensitive = true;
    for (int i = 0; i < 250; ++i) q.push(security::AuditActor{std::nullopt, "", "", "203.0.113.9", "f" + std::to_string(i)}, forged);
    ASSERT_TRUE(q.flush());
    for (int i = 0; i < 250; ++i) q.push(security::AuditActor{std::nullopt, "", "", "203.0.113.9", "g" + std::to_string(i)}, forged);
    // A logged-in user's verification is attributable and stays a row of its own.
    q.push(security::AuditActor{int64_t{1}, "admin", "province_admin", "127.0.0.1", "u1"}, forged);
  }  // the destructor flushes the rest
  {
  auto conn = db->acquire();
  auto rows = conn->query("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.verify'")[0].get_int(0);
  auto hour_rows = conn->query("SELECT COUNT(*) FROM verification_counts")[0].get_int(0);
  int64_t views = conn->query("SELECT SUM(views) FROM verification_counts")[0].get_int(0);
  EXPECT_LE(rows, 3);  // the first forged view of the hour (two if the hour turned), and the logged-in one
  EXPECT_GE(rows, 2);
  EXPECT_LE(hour_rows, 2);
  EXPECT_EQ(views, 500);
  EXPECT_EQ(conn->query("SELECT COUNT(*) FROM audit_log WHERE request_id = 'u1'")[0].get_int(0), 1);
  }
  db.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

}  // namespace
}  // namespace jz::verify
