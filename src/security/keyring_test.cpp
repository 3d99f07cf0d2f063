#include "security/keyring.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "security/random.hpp"

namespace jz::security {
namespace {
namespace fs = std::filesystem;

class KeyringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("jz_keyring_" + random_token(9));
    dir_ = root_ / "var" / "keys";
  }
  void TearDown() override { fs::remove_all(root_); }

  static unsigned mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::trunc) << text;
    fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  }
  // The load error message, or "" if it loaded.
  std::string load_error() {
    try {
      (void)Keyring::load_or_create(dir_);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }

  fs::path root_;
  fs::path dir_;
};

TEST_F(KeyringTest, FirstStartCreatesPrivateDirectoryAndFiles) {
  const Keyring ring = Keyring::load_or_create(dir_);
  EXPECT_EQ(ring.current_version(), 1u);
  EXPECT_EQ(mode(dir_), 0700u);
  EXPECT_EQ(mode(dir_ / "field.keys"), 0600u);
  EXPECT_EQ(mode(dir_ / "blind_index.key"), 0600u);
  const std::string text = read(dir_ / "field.keys");
  EXPECT_TRUE(text.starts_with("v1 ")) << text;
  EXPECT_EQ(text.size(), 3u + 44u + 1u);  // "v1 " + base64 of 32 bytes + newline
  EXPECT_EQ(read(dir_ / "blind_index.key").size(), 44u + 1u);
}

TEST_F(KeyringTest, SecondStartLoadsTheSameKeys) {
  const Keyring first = Keyring::load_or_create(dir_);
  const Keyring second = Keyring::load_or_create(dir_);
  EXPECT_EQ(second.current_version(), 1u);
  EXPECT_EQ(0, std::memcmp(first.current_key().data(), second.current_key().data(), SecretKey::kSize));
  EXPECT_EQ(0,
            std::memcmp(first.blind_index_key().data(), second.blind_index_key().data(), SecretKey::kSize));
  EXPECT_NE(0, std::memcmp(first.current_key().data(), first.blind_index_key().data(), SecretKey::kSize));
}

TEST_F(KeyringTest, AddNewKeyAppendsNextVersionAndPersistsIt) {
  Keyring ring = Keyring::load_or_create(dir_);
  const std::string blind_before = read(dir_ / "blind_index.key");
  EXPECT_EQ(ring.add_new_key(), 2u);
  EXPECT_EQ(ring.add_new_key(), 3u);
  EXPECT_EQ(ring.current_version(), 3u);
  EXPECT_EQ(ring.field_keys().size(), 3u);
  EXPECT_EQ(mode(dir_ / "field.keys"), 0600u);
  EXPECT_FALSE(fs::exists(dir_ / "field.keys.tmp"));
  EXPECT_EQ(read(dir_ / "blind_index.key"), blind_before);  // rotation never touches the blind-index key

  const Keyring reloaded = Keyring::load_or_create(dir_);
  EXPECT_EQ(reloaded.current_version(), 3u);
  EXPECT_EQ(reloaded.field_keys().size(), 3u);
  EXPECT_EQ(0, std::memcmp(reloaded.current_key().data(), ring.current_key().data(), SecretKey::kSize));
}

TEST_F(KeyringTest, DropKeysOlderThanKeepsNewerAndPersists) {
  Keyring ring = Keyring::load_or_create(dir_);
  (void)ring.add_new_key();
  (void)ring.add_new_key();
  ring.drop_keys_older_than(3);
  EXPECT_EQ(ring.field_keys().size(), 1u);
  EXPECT_EQ(ring.current_version(), 3u);
  const Keyring reloaded = Keyring::load_or_create(dir_);
  ASSERT_EQ(reloaded.field_keys().size(), 1u);
  EXPECT_EQ(reloaded.field_keys().begin()->first, 3u);
  EXPECT_TRUE(read(dir_ / "field.keys").starts_with("v3 "));
}

TEST_F(KeyringTest, RefusesToDropTheCurrentKey) {
  Keyring ring = Keyring::load_or_create(dir_);
  EXPECT_THROW(ring.drop_keys_older_than(2), std::invalid_argument);
  EXPECT_EQ(ring.field_keys().size(), 1u);
}

TEST_F(KeyringTest, RefusesWorldReadableKeyFile) {
  (void)Keyring::load_or_create(dir_);
  fs::permissions(dir_ / "field.keys", fs::perms::others_read, fs::perm_options::add);
  const std::string err = load_error();
  EXPECT_NE(err.find("group/other permissions"), std::string::npos) << err;
  EXPECT_NE(err.find("0604"), std::string::npos) << err;
  EXPECT_NE(err.find("chmod 600"), std::string::npos) << err;
}

TEST_F(KeyringTest, RefusesGroupReadableBlindIndexKey) {
  (void)Keyring::load_or_create(dir_);
  fs::permissions(dir_ / "blind_index.key", fs::perms::group_read, fs::perm_options::add);
  EXPECT_NE(load_error().find("blind_index.key"), std::string::npos);
}

TEST_F(KeyringTest, RefusesCorruptFieldKeyFile) {
  (void)Keyring::load_or_create(dir_);
  const std::string good = read(dir_ / "field.keys");
  const std::string bad_lines[] = {
      "garbage\n",
      "v1 notbase64!!\n",
      "v1 AAAA\n",             // valid base64, wrong length
      "v0 " + good.substr(3),  // version 0
      "vx " + good.substr(3),  // not a number
      good + good,             // duplicate version
      "",                      // no keys at all
  };
  for (const std::string& text : bad_lines) {
    write(dir_ / "field.keys", text);
    const std::string err = load_error();
    EXPECT_NE(err.find("field.keys"), std::string::npos) << text;
    EXPECT_EQ(err.find(good.substr(3, 44)), std::string::npos) << "message must not echo key material";
  }
}

TEST_F(KeyringTest, RefusesCorruptBlindIndexKey) {
  (void)Keyring::load_or_create(dir_);
  write(dir_ / "blind_index.key", "c2hvcnQ=\n");
  EXPECT_NE(load_error().find("blind_index.key"), std::string::npos);
}

TEST_F(KeyringTest, RefusesKeyFileThatIsNotARegularFile) {
  (void)Keyring::load_or_create(dir_);
  fs::remove(dir_ / "field.keys");
  fs::create_directory(dir_ / "field.keys");
  EXPECT_NE(load_error().find("not a regular file"), std::string::npos);
}

TEST_F(KeyringTest, RefusesWhenOnlyOneKeyFileExists) {
  (void)Keyring::load_or_create(dir_);
  fs::remove(dir_ / "blind_index.key");
  const std::string err = load_error();
  EXPECT_NE(err.find("blind_index.key: is missing"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "blind_index.key"));  // not silently regenerated

  fs::remove_all(dir_);
  (void)Keyring::load_or_create(dir_);
  fs::remove(dir_ / "field.keys");
  EXPECT_NE(load_error().find("field.keys: is missing"), std::string::npos);
}

TEST_F(KeyringTest, AcceptsHandWrittenFileWithGapsAndBlankLines) {
  (void)Keyring::load_or_create(dir_);
  const std::string key = read(dir_ / "field.keys").substr(3, 44);
  write(dir_ / "field.keys", "v2 " + key + "\n\nv7 " + key + "\r\n");
  const Keyring ring = Keyring::load_or_create(dir_);
  EXPECT_EQ(ring.current_version(), 7u);
  EXPECT_EQ(ring.field_keys().size(), 2u);
}

}  // namespace
}  // namespace jz::security
