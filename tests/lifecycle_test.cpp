// Process lifecycle against a server of its own: graceful SIGTERM, key rotation, a reused database.
#include <gtest/gtest.h>

#include <thread>

#include "db/database.hpp"
#include "security/encrypted_columns.hpp"
#include "security/field_crypto.hpp"
#include "security/keyring.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

TEST(Lifecycle, SigtermFinishesInFlightRequestsAndClosesTheDatabase) {
  TestServer server;
  auto client = server.client();
  // Requests in flight while SIGTERM arrives still get their answers.
  std::vector<std::thread> clients;
  std::atomic<int> ok{0}, started{0};
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      ++started;
      try {
        // Login hashes a password (tens of milliseconds): long enough to be in flight at SIGTERM.
        auto r = client.post_json("/api/v1/auth/login", R"({"username":"consumer","password":"Jiazheng2024"})");
        if (r.status == 200) ++ok;
      } catch (const std::exception&) {
      }
    });
  // Every client thread running (on a loaded machine threads start late), then a moment to connect and be
  // accepted: the four Argon2id hashes take longer than that on two cores, so requests are in flight.
  while (started.load() < 4) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  int status = server.terminate(30);
  for (auto& t : clients) t.join();
  EXPECT_EQ(status, 0) << server.read_log();
  EXPECT_EQ(ok.load(), 4);
  std::string log = server.read_log();
  EXPECT_NE(log.find("shutting down"), std::string::npos);
  EXPECT_NE(log.find("database closed"), std::string::npos);
  EXPECT_THROW(client.get("/healthz"), std::exception);
}

TEST(Lifecycle, KeyRotationReencryptsEveryPersonalField) {
  TestServer server;
  server.terminate();
  auto key_dir = server.dir() / "keys";
  std::string out;
  ASSERT_EQ(server.run_command({"keys", "rotate", "--database", server.database_url(), "--key-dir", key_dir.string()}, &out),
            0)
      << out;
  EXPECT_NE(out.find("key v2 is current"), std::string::npos) << out;
  auto keyring = security::Keyring::load_or_create(key_dir);
  ASSERT_EQ(keyring.current_version(), 2u);
  security::FieldCipher cipher = test_cipher(key_dir);  // the suite the server ran with
  auto db = db::open_database(server.database_url(), 1);
  auto conn = db->acquire();
  int64_t checked = 0;
  for (const auto& col : security::kEncryptedColumns) {
    auto rows = conn->query("SELECT " + std::string(col.column) + " FROM " + std::string(col.table) + " WHERE " +
                            std::string(col.column) + " IS NOT NULL");
    for (const auto& r : rows) {
      auto blob = r.get_blob(0);
      EXPECT_FALSE(cipher.needs_reencrypt(blob));
      EXPECT_TRUE(cipher.decrypt(blob, col.context).ok());
      ++checked;
    }
  }
  EXPECT_GE(checked, 100);
  // A second rotation with --drop-old leaves only the newest key, and everything still decrypts.
  ASSERT_EQ(server.run_command({"keys", "rotate", "--drop-old", "--database", server.database_url(), "--key-dir",
                                key_dir.string()},
                               &out),
            0)
      << out;
  auto after = security::Keyring::load_or_create(key_dir);
  EXPECT_EQ(after.field_keys().size(), 1u);
  security::FieldCipher newest(after);
  auto rows = conn->query("SELECT id_number_enc FROM workers");
  for (const auto& r : rows) EXPECT_TRUE(newest.decrypt(r.get_blob(0), "workers.id_number").ok());
}

TEST(Lifecycle, UserAddCommandCreatesAnAccountThatCanLogIn) {
  TestServer server;
  std::string out;
  EXPECT_EQ(server.run_command({"user", "add", "--database", server.database_url(), "--username", "tianshui",
                                "--password", "Tianshui2024", "--role", "city_officer", "--division", "6205"},
                               &out),
            0)
      << out;
  auto token = server.login("tianshui", "Tianshui2024");
  auto me = server.client().get("/api/v1/me", token).json();
  EXPECT_EQ(me.at("user").at("division_name").as_string(), "天水市");
  // A city officer without a prefecture, and an unknown role, are refused.
  EXPECT_NE(server.run_command({"user", "add", "--database", server.database_url(), "--username", "x1", "--password",
                                "Password2024", "--role", "city_officer"},
                               &out),
            0);
  EXPECT_NE(server.run_command({"user", "add", "--database", server.database_url(), "--username", "x2", "--password",
                                "Password2024", "--role", "mayor"},
                               &out),
            0);
}

}  // namespace
}  // namespace jz::test
