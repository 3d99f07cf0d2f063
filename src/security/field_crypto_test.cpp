#include "security/field_crypto.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "security/random.hpp"

namespace jz::security {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kIdColumn = "workers.id_number";
constexpr std::string_view kPhoneColumn = "workers.phone";

class FieldCipherTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fs::temp_directory_path() / ("jz_field_" + random_token(9)); }
  void TearDown() override { fs::remove_all(dir_); }
  Keyring ring() { return Keyring::load_or_create(dir_); }

  static void expect_decrypt_failed(const Result<std::string>& r) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "internal");
    EXPECT_EQ(r.error().detail, "decrypt_failed");
  }

  fs::path dir_;
};

TEST_F(FieldCipherTest, RoundTripsPlaintext) {
  const FieldCipher cipher(ring());
  const std::string plains[] = {"620102199001011234", "", "糖尿病 · 二型", std::string("a\0b", 3)};
  for (const std::string& plain : plains) {
    const Result<std::string> back = cipher.decrypt(cipher.encrypt(plain, kIdColumn), kIdColumn);
    ASSERT_TRUE(back.ok()) << back.error().detail;
    EXPECT_EQ(*back, plain);
  }
}

TEST_F(FieldCipherTest, WritesDocumentedLayout) {
  const FieldCipher cipher(ring());
  const db::Blob blob = cipher.encrypt("13812345678", kPhoneColumn);
  ASSERT_EQ(blob.size(), 1u + 4u + 24u + 11u + 16u);
  EXPECT_EQ(blob[0], 0x01);
  EXPECT_EQ(blob[1], 0);
  EXPECT_EQ(blob[2], 0);
  EXPECT_EQ(blob[3], 0);
  EXPECT_EQ(blob[4], 1);
}

TEST_F(FieldCipherTest, SamePlaintextEncryptsDifferently) {
  const FieldCipher cipher(ring());
  EXPECT_NE(cipher.encrypt("13812345678", kPhoneColumn), cipher.encrypt("13812345678", kPhoneColumn));
}

TEST_F(FieldCipherTest, RejectsFlippedBitInNonceCiphertextOrTag) {
  const FieldCipher cipher(ring());
  const db::Blob good = cipher.encrypt("620102199001011234", kIdColumn);
  const size_t nonce_at = 5;
  const size_t ciphertext_at = 5 + 24;
  const size_t tag_at = good.size() - 16;
  for (size_t at : {nonce_at, nonce_at + 23, ciphertext_at, ciphertext_at + 17, tag_at, good.size() - 1}) {
    for (int bit : {0, 7}) {
      db::Blob bad = good;
      bad[at] ^= static_cast<unsigned char>(1u << bit);
      expect_decrypt_failed(cipher.decrypt(bad, kIdColumn));
    }
  }
  ASSERT_TRUE(cipher.decrypt(good, kIdColumn).ok());
}

TEST_F(FieldCipherTest, RejectsAlteredHeaderAndTruncation) {
  const FieldCipher cipher(ring());
  const db::Blob good = cipher.encrypt("13812345678", kPhoneColumn);
  db::Blob bad_tag = good;
  bad_tag[0] = 0x02;
  expect_decrypt_failed(cipher.decrypt(bad_tag, kPhoneColumn));

  db::Blob unknown_version = good;
  unknown_version[1] ^= 0x80;
  const auto r = cipher.decrypt(unknown_version, kPhoneColumn);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "internal");
  EXPECT_EQ(r.error().detail, "unknown_key_version");

  for (size_t keep : {size_t{0}, size_t{5}, size_t{28}, size_t{44}, good.size() - 1}) {
    expect_decrypt_failed(cipher.decrypt(db::Blob(good.begin(), good.begin() + keep), kPhoneColumn));
  }
}

TEST_F(FieldCipherTest, RejectsCiphertextMovedToAnotherColumn) {
  const FieldCipher cipher(ring());
  const db::Blob blob = cipher.encrypt("13812345678", kPhoneColumn);
  expect_decrypt_failed(cipher.decrypt(blob, "enterprises.contact_phone"));
  expect_decrypt_failed(cipher.decrypt(blob, ""));
}

TEST_F(FieldCipherTest, RejectsCiphertextFromAnotherKeyring) {
  const FieldCipher ours(ring());
  const FieldCipher theirs(Keyring::load_or_create(dir_ / "other"));
  expect_decrypt_failed(ours.decrypt(theirs.encrypt("x", kIdColumn), kIdColumn));
}

TEST_F(FieldCipherTest, DecryptsOldVersionAfterRotationAndFlagsItForReencrypt) {
  Keyring keys = ring();
  const FieldCipher before(keys);
  const db::Blob old_blob = before.encrypt("620102199001011234", kIdColumn);
  EXPECT_FALSE(before.needs_reencrypt(old_blob));

  ASSERT_EQ(keys.add_new_key(), 2u);
  const FieldCipher after(keys);
  EXPECT_EQ(after.current_version(), 2u);
  const auto plain = after.decrypt(old_blob, kIdColumn);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "620102199001011234");
  EXPECT_TRUE(after.needs_reencrypt(old_blob));

  const db::Blob new_blob = after.encrypt(*plain, kIdColumn);
  EXPECT_EQ(new_blob[4], 2);
  EXPECT_FALSE(after.needs_reencrypt(new_blob));

  // Once every row is re-encrypted the old key goes, and old blobs are no longer readable.
  keys.drop_keys_older_than(2);
  const FieldCipher pruned(keys);
  EXPECT_TRUE(pruned.decrypt(new_blob, kIdColumn).ok());
  const auto gone = pruned.decrypt(old_blob, kIdColumn);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().detail, "unknown_key_version");
}

TEST_F(FieldCipherTest, UnreadableBlobIsFlaggedForReencryptSoRotationReportsIt) {
  const FieldCipher cipher(ring());
  EXPECT_TRUE(cipher.needs_reencrypt(db::Blob{}));
  EXPECT_TRUE(cipher.needs_reencrypt(db::Blob(60, 0x07)));
}

TEST_F(FieldCipherTest, BlindIndexIsDeterministicAcrossRestarts) {
  const db::Blob a = FieldCipher(ring()).blind_index("620102199001011234", kIdColumn);
  const db::Blob b = FieldCipher(ring()).blind_index("620102199001011234", kIdColumn);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, b);
}

TEST_F(FieldCipherTest, BlindIndexSeparatesValuesAndContexts) {
  const FieldCipher cipher(ring());
  const db::Blob id = cipher.blind_index("13812345678", kIdColumn);
  EXPECT_NE(id, cipher.blind_index("13812345678", kPhoneColumn));
  EXPECT_NE(id, cipher.blind_index("13812345679", kIdColumn));
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  EXPECT_NE(cipher.blind_index("c", "ab"), cipher.blind_index("bc", "a"));
}

TEST_F(FieldCipherTest, BlindIndexSurvivesFieldKeyRotation) {
  Keyring keys = ring();
  const db::Blob before = FieldCipher(keys).blind_index("13812345678", kPhoneColumn);
  (void)keys.add_new_key();
  keys.drop_keys_older_than(2);
  EXPECT_EQ(FieldCipher(keys).blind_index("13812345678", kPhoneColumn), before);
}

TEST_F(FieldCipherTest, BlindIndexDependsOnTheKey) {
  const db::Blob ours = FieldCipher(ring()).blind_index("x", kIdColumn);
  const db::Blob theirs = FieldCipher(Keyring::load_or_create(dir_ / "other")).blind_index("x", kIdColumn);
  EXPECT_NE(ours, theirs);
}

TEST_F(FieldCipherTest, ContextWithNulIsAProgrammingError) {
  const FieldCipher cipher(ring());
  const std::string bad("a\0b", 3);
  EXPECT_THROW((void)cipher.encrypt("x", bad), std::invalid_argument);
  EXPECT_THROW((void)cipher.blind_index("x", bad), std::invalid_argument);
}

}  // namespace
}  // namespace jz::security
