#include "security/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

namespace jz::security {
namespace {

TEST(Password, HashVerifiesWithTheSamePassword) {
  const std::string hash = hash_password("correct horse 1");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse 1"));
}

TEST(Password, RejectsWrongPassword) {
  const std::string hash = hash_password("correct horse 1");
  EXPECT_FALSE(verify_password(hash, "correct horse 2"));
  EXPECT_FALSE(verify_password(hash, ""));
  EXPECT_FALSE(verify_password(hash, "correct horse 1 "));
}

TEST(Password, SamePasswordHashesDifferentlyEachTime) {
  EXPECT_NE(hash_password("abcdefg1"), hash_password("abcdefg1"));
}

TEST(Password, HandlesMultiByteAndEmbeddedNulPasswords) {
  const std::string pw = std::string("密码abc123\0tail", 17);
  const std::string hash = hash_password(pw);
  EXPECT_TRUE(verify_password(hash, pw));
  EXPECT_FALSE(verify_password(hash, "密码abc123"));  // the part after NUL counts
}

TEST(Password, MalformedHashIsAMismatchNotACrash) {
  EXPECT_FALSE(verify_password("", "abcdefg1"));
  EXPECT_FALSE(verify_password("not a hash", "abcdefg1"));
  EXPECT_FALSE(verify_password(std::string(500, 'x'), "abcdefg1"));
  EXPECT_FALSE(verify_password(std::string("$argon2id$\0junk", 15), "abcdefg1"));
}

TEST(Password, CurrentHashDoesNotNeedRehash) {
  EXPECT_FALSE(password_needs_rehash(hash_password("abcdefg1")));
}

TEST(Password, WeakerOrOtherAlgorithmHashNeedsRehash) {
  char weak[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(weak, "abcdefg1", 8, crypto_pwhash_OPSLIMIT_MIN, 8192,
                                  crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_TRUE(password_needs_rehash(weak));
  EXPECT_TRUE(verify_password(weak, "abcdefg1"));  // still verifies, so the login can upgrade it

  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "abcdefg1", 8, 3,  // Argon2i needs at least 3 passes
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2I13),
            0);
  EXPECT_TRUE(password_needs_rehash(argon2i));
  EXPECT_TRUE(password_needs_rehash("garbage"));
}

TEST(PasswordStrength, AcceptsEightCharactersWithLetterAndDigit) {
  EXPECT_TRUE(check_password_strength("abcdefg1").ok());
  EXPECT_TRUE(check_password_strength("1234567A").ok());
  EXPECT_TRUE(check_password_strength("家政服务平台a1").ok());
  EXPECT_TRUE(check_password_strength(std::string(127, 'a') + "1").ok());
}

void expect_weak(std::string_view pw, std::string_view detail) {
  const Result<void> r = check_password_strength(pw);
  ASSERT_FALSE(r.ok()) << pw;
  EXPECT_EQ(r.error().code, "weak_password");
  EXPECT_EQ(r.error().field, "password");
  EXPECT_EQ(r.error().detail, detail) << pw;
}

TEST(PasswordStrength, RejectsShorterThanEightCharacters) {
  expect_weak("", "too_short");
  expect_weak("abcdef1", "too_short");
  // 7 characters although 11 bytes: length is counted in characters.
  expect_weak("密码ab123", "too_short");
}

TEST(PasswordStrength, RejectsMissingLetterOrDigit) {
  expect_weak("12345678", "needs_letter_and_digit");
  expect_weak("abcdefgh", "needs_letter_and_digit");
  expect_weak("密码密码密码密码1", "needs_letter_and_digit");  // Chinese characters are not letters here
  expect_weak("!@#$%^&*()", "needs_letter_and_digit");
}

TEST(PasswordStrength, RejectsMoreThan128Bytes) {
  expect_weak(std::string(128, 'a') + "1", "too_long");
  EXPECT_TRUE(check_password_strength(std::string(127, 'a') + "1").ok());
}

}  // namespace
}  // namespace jz::security
