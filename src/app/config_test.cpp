#include "app/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace jz::app {
namespace {

TEST(Config, DefaultsServeSqliteOnLocalhost) {
  auto c = resolve_config({}, {}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->database, "sqlite:var/jiazheng.db");
  EXPECT_EQ(c->host(), "127.0.0.1");
  EXPECT_EQ(c->port(), 8080);
}

TEST(Config, LaterLayersWin) {
  Values file{{"listen", "0.0.0.0:9000"}, {"threads", "8"}, {"log_level", "debug"}};
  Values env{{"threads", "6"}, {"database", "postgresql://u@db:5432/jz"}};
  Values flags{{"threads", "2"}};
  auto c = resolve_config(file, env, flags);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->listen, "0.0.0.0:9000");                   // file only
  EXPECT_EQ(c->database, "postgresql://u@db:5432/jz");    // env over default
  EXPECT_EQ(c->threads, 2);                               // flag over env over file
  EXPECT_EQ(c->log_level, "debug");
}

TEST(Config, RejectsUnknownKeysAndBadValuesNamingTheKey) {
  auto unknown = resolve_config({{"lisen", "x"}}, {}, {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "lisen");
  auto bad_port = resolve_config({}, {}, {{"listen", "localhost:99999"}});
  ASSERT_FALSE(bad_port.ok());
  EXPECT_EQ(bad_port.error().field, "listen");
  EXPECT_FALSE(resolve_config({}, {}, {{"database", "mysql://x"}}).ok());
  EXPECT_FALSE(resolve_config({}, {}, {{"access_log", "maybe"}}).ok());
  EXPECT_FALSE(resolve_config({}, {}, {{"threads", "0"}}).ok());
}

TEST(Config, ReadsTomlFilesAndEnvironmentNames) {
  auto path = std::filesystem::temp_directory_path() / "jz_config_test.toml";
  std::ofstream(path) << "listen = \"127.0.0.1:7000\"\nthreads = 3\naccess_log = false\n";
  auto file = read_toml_file(path.string());
  ASSERT_TRUE(file.ok());
  auto c = resolve_config(*file, {}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->port(), 7000);
  EXPECT_EQ(c->threads, 3);
  EXPECT_FALSE(c->access_log);
  std::ofstream(path) << "listen = \n";
  EXPECT_FALSE(read_toml_file(path.string()).ok());
  std::filesystem::remove(path);
  EXPECT_EQ(env_name("key_dir"), "JZ_KEY_DIR");
}

TEST(Config, EnvironmentIsReadForKnownKeysOnly) {
  ::setenv("JZ_IDLE_TIMEOUT_S", "15", 1);
  ::setenv("JZ_NOT_A_SETTING", "1", 1);
  auto env = read_environment();
  EXPECT_EQ(env.at("idle_timeout_s"), "15");
  EXPECT_EQ(env.count("not_a_setting"), 0u);
  ::unsetenv("JZ_IDLE_TIMEOUT_S");
  ::unsetenv("JZ_NOT_A_SETTING");
}

}  // namespace
}  // namespace jz::app
