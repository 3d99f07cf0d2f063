// Demo credit files on a real (temporary SQLite) database: every worker scored, entries that pass the API's
// validation, health data only encrypted, stored scores equal to a recomputation, deterministic, re-runnable.
// JZ_DEMO_CREDIT_WORKERS=N scales the population for a manual timing run.
#include "credit/demo_credit.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "app/demo_data.hpp"
#include "common/time.hpp"
#include "credit/service.hpp"
#include "db/migrate.hpp"
#include "reference/divisions.hpp"
#include "security/keyring.hpp"

namespace jz::credit {
namespace {

namespace fs = std::filesystem;

struct DemoDb {
  fs::path dir;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<security::Keyring> keyring;
  std::unique_ptr<security::FieldCipher> cipher;

  DemoDb(const std::string& tag, int64_t workers) {
    dir = fs::temp_directory_path() / ("jz_demo_credit_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    keyring = std::make_unique<security::Keyring>(security::Keyring::load_or_create(dir / "keys"));
    cipher = std::make_unique<security::FieldCipher>(*keyring);
    db = db::open_database("sqlite:" + (dir / "d.db").string(), 2);
    db::migrate(*db);
    app::DemoOptions opts;
    opts.workers = workers;
    opts.seed = 7;
    app::generate_demo_data(*db, *cipher, opts);
  }
  ~DemoDb() {
    db.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  int64_t scalar(const std::string& sql) {
    auto conn = db->acquire();
    return conn->query(sql)[0].get_int(0);
  }
};

int64_t population() {
  const char* n = std::getenv("JZ_DEMO_CREDIT_WORKERS");
  return n ? std::atoll(n) : 400;
}

TEST(DemoCredit, GivesEveryWorkerABelievableScoredFile) {
  DemoDb d("main", population());
  auto started = std::chrono::steady_clock::now();
  DemoCreditReport report;
  {
    auto conn = d.db->acquire();
    report = generate_demo_credit(*conn, *d.cipher, 7);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "demo credit: " << report.workers << " workers, " << report.entries << " entries, "
            << report.reviews << " reviews in " << secs << " s\n";
  const int64_t workers = d.scalar("SELECT COUNT(*) FROM workers");
  EXPECT_EQ(report.workers, workers);
  EXPECT_EQ(d.scalar("SELECT COUNT(*) FROM credit_scores"), workers);
  EXPECT_EQ(d.scalar("SELECT COUNT(*) FROM credit_entries"), report.entries);
  EXPECT_EQ(d.scalar("SELECT COUNT(*) FROM credit_entry_events"), report.entries);
  EXPECT_EQ(d.scalar("SELECT COUNT(*) FROM reviews WHERE entry_id IS NULL"), 0);
  EXPECT_EQ(d.scalar("SELECT COUNT(*) FROM reviews"),
            d.scalar("SELECT COUNT(*) FROM credit_entries WHERE kind = 'review'"));
  // Verified workers have their verification on file; unverified ones none.
  EXPECT_EQ(
      d.scalar(
          "SELECT COUNT(*) FROM workers w WHERE identity_status = 'verified' AND NOT EXISTS (SELECT 1 FROM "
          "credit_entries e WHERE e.worker_id = w.id AND e.kind = 'identity_verification')"),
      0);
  // Some health checks lapse within 30 days, some have lapsed; self-claims exist; every state of complaint.
  EXPECT_GT(d.scalar("SELECT COUNT(*) FROM credit_entries WHERE kind = 'health_check' AND valid_until >= '" +
                     today_utc() + "'"),
            0);
  EXPECT_GT(d.scalar("SELECT COUNT(*) FROM credit_entries WHERE kind = 'health_check' AND valid_until < '" +
                     today_utc() + "'"),
            0);
  EXPECT_GT(d.scalar("SELECT COUNT(*) FROM credit_entries WHERE independent = 0"), 0);
  EXPECT_GT(d.scalar("SELECT COUNT(*) FROM complaints WHERE status = 'upheld' AND entry_id IS NOT NULL"), 0);
  EXPECT_EQ(d.scalar("SELECT COUNT(*) FROM complaints WHERE status = 'upheld' AND entry_id IS NULL"), 0);
  EXPECT_GE(d.scalar("SELECT COUNT(DISTINCT band) FROM credit_scores"), 3);
  // No review comes from an account anyone logs in with.
  EXPECT_EQ(
      d.scalar(
          "SELECT COUNT(*) FROM reviews r JOIN users u ON u.id = r.consumer_user_id WHERE u.disabled = 0"),
      0);

  // Health data only encrypted; it decrypts to the result.
  auto conn = d.db->acquire();
  auto rows =
      conn->query("SELECT details, details_enc FROM credit_entries WHERE kind = 'health_check' LIMIT 20");
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    EXPECT_EQ(r.get_text(0).find("\"result\""), std::string::npos);
    auto plain = d.cipher->decrypt(r.get_blob(1), kHealthContext);
    ASSERT_TRUE(plain.ok());
    auto v = boost::json::parse(*plain).as_object();
    EXPECT_TRUE(v.at("result").as_string() == "fit" || v.at("result").as_string() == "unfit");
  }

  // The stored score is what the service computes from the stored entries.
  auto catalog = reference::DivisionCatalog::load(*conn);
  Service service(*d.db, *d.cipher, catalog);
  for (const auto& r :
       conn->query("SELECT worker_id, score, band FROM credit_scores ORDER BY worker_id LIMIT 50")) {
    db::Transaction tx(*conn, true);
    auto again = service.recompute(*conn, r.get_int(0));
    EXPECT_EQ(again.score, r.get_int(1)) << "worker " << r.get_int(0);
    EXPECT_EQ(std::string(1, again.band), r.get_text(2));
  }

  // A second run finds every worker scored and adds nothing.
  auto second = generate_demo_credit(*conn, *d.cipher, 7);
  EXPECT_EQ(second.workers, 0);
  EXPECT_EQ(d.scalar("SELECT COUNT(*) FROM credit_entries"), report.entries);
}

TEST(DemoCredit, TheSameSeedGivesTheSameFiles) {
  DemoDb a("a", 120), b("b", 120);
  auto ca = a.db->acquire();
  auto cb = b.db->acquire();
  auto ra = generate_demo_credit(*ca, *a.cipher, 11);
  auto rb = generate_demo_credit(*cb, *b.cipher, 11);
  EXPECT_EQ(ra.entries, rb.entries);
  EXPECT_EQ(ra.reviews, rb.reviews);
  const char* q = "SELECT worker_id, score, band FROM credit_scores ORDER BY worker_id";
  auto sa = ca->query(q), sb = cb->query(q);
  ASSERT_EQ(sa.size(), sb.size());
  for (size_t i = 0; i < sa.size(); ++i) {
    EXPECT_EQ(sa[i].get_int(1), sb[i].get_int(1));
    EXPECT_EQ(sa[i].get_text(2), sb[i].get_text(2));
  }
}

}  // namespace
}  // namespace jz::credit
