#include "common/uscc.hpp"

#include <gtest/gtest.h>

namespace jz {
namespace {

// Codes printed on real business licences and published in the national enterprise credit system.
// Each was checked with an independent implementation of GB 32100 before being added here.
constexpr std::string_view kRealCodes[] = {
    "914403001922038216",  // 华为技术有限公司 (check character is a digit)
    "91110108551385082Q",  // 小米科技有限责任公司
    "91440300708461136T", "9144030071526726XG", "91110000802100433B", "91350100M000100Y43",
};

TEST(UsccCheckChar, MatchesRealCodes) {
  for (auto code : kRealCodes) EXPECT_EQ(uscc_check_char(code.substr(0, 17)), code[17]) << code;
}

TEST(UsccCheckChar, RejectsWrongLengthAndForbiddenLetters) {
  EXPECT_EQ(uscc_check_char("9144030019220382"), '\0');
  EXPECT_EQ(uscc_check_char("91440300192203821I"), '\0');
  EXPECT_EQ(uscc_check_char("9144030019220382I"), '\0');
  EXPECT_EQ(uscc_check_char("9144030019220382a"), '\0');  // callers upper-case first
}

TEST(UsccCheckChar, MapsThirtyOneToZero) {
  // Searches the last free character for a sum divisible by 31, where 31 - 0 must wrap to '0'.
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  bool found = false;
  for (char c : alphabet) {
    std::string first17 = "9162010000000000" + std::string(1, c);
    if (uscc_check_char(first17) == '0') found = true;
  }
  EXPECT_TRUE(found);
}

TEST(CheckUscc, AcceptsRealCodes) {
  for (auto code : kRealCodes) {
    const auto check = check_uscc(code);
    EXPECT_TRUE(check.valid) << code << " " << check.reason;
    EXPECT_TRUE(check.checksum_ok);
    EXPECT_EQ(check.reason, "");
    EXPECT_EQ(check.normalized, code);
  }
}

TEST(CheckUscc, ExtractsDivisionCode) {
  EXPECT_EQ(check_uscc("914403001922038216").division_code, "440300");
  EXPECT_EQ(check_uscc("91110108551385082Q").division_code, "110108");
}

TEST(CheckUscc, NormalisesLowerCaseFullwidthAndSpaces) {
  const auto check = check_uscc("\u3000 ９１１１０１０８５５１３８５０８２ｑ ");
  ASSERT_TRUE(check.valid) << check.reason;
  EXPECT_EQ(check.normalized, "91110108551385082Q");
  EXPECT_TRUE(check_uscc("9144030071526726xg").valid);
}

TEST(CheckUscc, RejectsFlippedCharacter) {
  const auto check = check_uscc("914403001922038226");
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.reason, "bad_checksum");
  EXPECT_FALSE(check.checksum_ok);
  EXPECT_EQ(check.normalized, "914403001922038226");  // still reported: the structure is fine
  EXPECT_EQ(check.division_code, "440300");
}

TEST(CheckUscc, RejectsWrongCheckCharacter) {
  EXPECT_EQ(check_uscc("91110108551385082R").reason, "bad_checksum");
}

TEST(CheckUscc, RejectsForbiddenLetters) {
  for (char c : std::string("IOZSV")) {
    std::string code = "91110108551385082Q";
    code[10] = c;
    const auto check = check_uscc(code);
    EXPECT_EQ(check.reason, "bad_characters") << code;
    EXPECT_FALSE(check.checksum_ok);
    EXPECT_EQ(check.normalized, "");
  }
}

TEST(CheckUscc, RejectsPunctuationAndInnerSpaces) {
  EXPECT_EQ(check_uscc("91110108-551385082Q").reason, "bad_characters");
  EXPECT_EQ(check_uscc("911101085513 85082Q").reason, "bad_characters");
}

TEST(CheckUscc, RejectsBadLength) {
  EXPECT_EQ(check_uscc("91110108551385082").reason, "bad_length");
  EXPECT_EQ(check_uscc("91110108551385082Q0").reason, "bad_length");
  EXPECT_EQ(check_uscc("110108000123456").reason, "bad_length");  // an old 15-digit 注册号
}

TEST(CheckUscc, RejectsEmptyInput) {
  EXPECT_EQ(check_uscc("").reason, "empty");
  EXPECT_EQ(check_uscc("\u3000").reason, "empty");
}

}  // namespace
}  // namespace jz
