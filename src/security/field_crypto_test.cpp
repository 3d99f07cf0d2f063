#include "security/field_crypto.hpp"

#include <gtest/gtest.h>

#include <cstdio>
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

namespace jz::security {
namespace {

class SmSuiteTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = std::filesystem::temp_directory_path() / ("jz_sm_" + random_token(9)); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Keyring ring() { return Keyring::load_or_create(dir_); }
  std::filesystem::path dir_;
};

TEST_F(SmSuiteTest, RoundTripsInFormat2AndDetectsTampering) {
  const FieldCipher sm(ring(), CryptoSuite::sm);
  for (std::string plain : {std::string("620102199001011234"), std::string(), std::string("糖尿病 · 二型"),
                            std::string(1000, 'x')}) {
    db::Blob blob = sm.encrypt(plain, "workers.id_number");
    ASSERT_EQ(blob[0], FieldCipher::kFormatSm);
    EXPECT_EQ(blob.size(), 1 + 4 + 16 + plain.size() + 32);
    auto back = sm.decrypt(blob, "workers.id_number");
    ASSERT_TRUE(back.ok()) << back.error().detail;
    EXPECT_EQ(*back, plain);
    // Another column's context, any flipped bit, a cut-off tag: refused.
    EXPECT_FALSE(sm.decrypt(blob, "workers.phone").ok());
    for (size_t i = 0; i < blob.size(); i += 7) {
      db::Blob bad = blob;
      bad[i] ^= 0x01;
      EXPECT_FALSE(sm.decrypt(bad, "workers.id_number").ok()) << "byte " << i;
    }
    blob.pop_back();
    EXPECT_FALSE(sm.decrypt(blob, "workers.id_number").ok());
  }
  // Random counter blocks: the same value encrypts differently each time.
  EXPECT_NE(sm.encrypt("same", "c"), sm.encrypt("same", "c"));
}

TEST_F(SmSuiteTest, EitherSuiteReadsBothFormatsSoDataCanMove) {
  Keyring k = ring();
  const FieldCipher standard(k, CryptoSuite::standard), sm(k, CryptoSuite::sm);
  db::Blob a = standard.encrypt("13800000000", "workers.phone"), b = sm.encrypt("13800000000", "workers.phone");
  EXPECT_EQ(*sm.decrypt(a, "workers.phone"), "13800000000");
  EXPECT_EQ(*standard.decrypt(b, "workers.phone"), "13800000000");
  // Rotation moves a value to the configured suite's format.
  EXPECT_TRUE(sm.needs_reencrypt(a));
  EXPECT_FALSE(sm.needs_reencrypt(b));
  EXPECT_TRUE(standard.needs_reencrypt(b));
  EXPECT_FALSE(standard.needs_reencrypt(a));
}

// The blind index is HMAC-SM3(blind key, context || 0x00 || value): the same bytes the openssl command line
// computes, so an auditor can check it with tools of their own.
TEST_F(SmSuiteTest, BlindIndexIsHmacSm3AsOpensslComputesIt) {
  Keyring k = ring();
  const FieldCipher sm(k, CryptoSuite::sm), standard(k, CryptoSuite::standard);
  db::Blob idx = sm.blind_index("62010219900101123X", "workers.id_number");
  ASSERT_EQ(idx.size(), 32u);
  EXPECT_EQ(idx, sm.blind_index("62010219900101123X", "workers.id_number"));
  EXPECT_NE(idx, sm.blind_index("62010219900101123X", "workers.phone"));
  EXPECT_NE(idx, standard.blind_index("62010219900101123X", "workers.id_number"));
  std::string hexkey, expected;
  static const char* kHex = "0123456789abcdef";
  for (size_t i = 0; i < k.blind_index_key().size(); ++i) {
    hexkey += kHex[k.blind_index_key().data()[i] >> 4];
    hexkey += kHex[k.blind_index_key().data()[i] & 15];
  }
  for (unsigned char c : idx) {
    expected += kHex[c >> 4];
    expected += kHex[c & 15];
  }
  std::string cmd = "printf 'workers.id_number\\00062010219900101123X' | openssl dgst -sm3 -mac HMAC -macopt hexkey:" +
                    hexkey + " 2>&1";
  std::string out;
  if (FILE* f = popen(cmd.c_str(), "r")) {
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    pclose(f);
  }
  EXPECT_NE(out.find(expected), std::string::npos) << out << " vs " << expected;
}

}  // namespace
}  // namespace jz::security
