#include "verify/signing_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace jz::verify {
namespace {
namespace fs = std::filesystem;

class SigningKeyFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jz-signing-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  fs::path dir_;
};

TEST_F(SigningKeyFiles, CreatesBothFilesAtFirstStartAndReloadsTheSameKey) {
  auto first = SigningKey::load_or_create(dir_);
  struct stat st{};
  ASSERT_EQ(::stat((dir_ / "signing.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_TRUE(fs::exists(dir_ / "signing.pub"));
  auto second = SigningKey::load_or_create(dir_);
  EXPECT_EQ(first.public_key(), second.public_key());
  auto sig = first.sign("hello");
  EXPECT_TRUE(second.public_key().verify("hello", sig));
  EXPECT_FALSE(second.public_key().verify("hellO", sig));
  // The published file holds the public key, readable as such.
  auto published = PublicKey::parse(read(dir_ / "signing.pub"));
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(*published, first.public_key());
}

TEST_F(SigningKeyFiles, RefusesALostSecretAndLoosePermissions) {
  auto k = SigningKey::load_or_create(dir_);
  fs::remove(dir_ / "signing.key");
  EXPECT_THROW(SigningKey::load_or_create(dir_), std::runtime_error);
  fs::remove(dir_ / "signing.pub");
  auto fresh = SigningKey::load_or_create(dir_);
  EXPECT_FALSE(fresh.public_key() == k.public_key());
  ::chmod((dir_ / "signing.key").c_str(), 0644);
  EXPECT_THROW(SigningKey::load_or_create(dir_), std::runtime_error);
}

TEST_F(SigningKeyFiles, RefusesAPublicFileThatDoesNotMatchAndRewritesAMissingOne) {
  auto k = SigningKey::load_or_create(dir_);
  auto other = SigningKey::generate();
  std::ofstream(dir_ / "signing.pub") << other.public_key().base64() << "\n";
  EXPECT_THROW(SigningKey::load_or_create(dir_), std::runtime_error);
  fs::remove(dir_ / "signing.pub");
  EXPECT_EQ(SigningKey::load_or_create(dir_).public_key(), k.public_key());
  EXPECT_TRUE(fs::exists(dir_ / "signing.pub"));
}

TEST(PublicKeyText, ParsesPemBase64AndJson) {
  auto k = SigningKey::generate();
  const auto& pk = k.public_key();
  std::string pem = pk.pem();
  EXPECT_EQ(pem.rfind("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA", 0), 0u) << pem;
  EXPECT_EQ(*PublicKey::parse(pem), pk);
  EXPECT_EQ(*PublicKey::parse("  " + pk.base64() + "\n"), pk);
  EXPECT_EQ(*PublicKey::parse(R"({"algorithm":"Ed25519","public_key":")" + pk.base64() + "\"}"), pk);
  EXPECT_FALSE(PublicKey::parse("").ok());
  EXPECT_FALSE(PublicKey::parse("not base64 at all!").ok());
  EXPECT_FALSE(PublicKey::parse("AAAA").ok());
  EXPECT_FALSE(PublicKey::parse("-----BEGIN PUBLIC KEY-----\nAAAA").ok());
  EXPECT_FALSE(PublicKey::parse(R"({"key":"x"})").ok());
}

}  // namespace
}  // namespace jz::verify
