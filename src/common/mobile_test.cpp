#include "common/mobile.hpp"

#include <gtest/gtest.h>

namespace jz {
namespace {

TEST(CheckMobile, AcceptsPlainNumber) {
  const auto check = check_mobile("13912345678");
  ASSERT_TRUE(check.valid) << check.reason;
  EXPECT_EQ(check.reason, "");
  EXPECT_EQ(check.normalized, "13912345678");
}

TEST(CheckMobile, AcceptsEverySecondDigitFrom3To9) {
  for (char d = '3'; d <= '9'; ++d) {
    EXPECT_TRUE(check_mobile(std::string("1") + d + "912345678").valid) << d;
  }
}

TEST(CheckMobile, StripsCountryPrefixes) {
  EXPECT_EQ(check_mobile("+8613912345678").normalized, "13912345678");
  EXPECT_EQ(check_mobile("+86 139 1234 5678").normalized, "13912345678");
  EXPECT_EQ(check_mobile("008613912345678").normalized, "13912345678");
  EXPECT_EQ(check_mobile("8613912345678").normalized, "13912345678");
}

TEST(CheckMobile, IgnoresSpacesAndHyphens) {
  EXPECT_EQ(check_mobile(" 139-1234-5678 ").normalized, "13912345678");
  EXPECT_EQ(check_mobile("139 1234 5678").normalized, "13912345678");
}

TEST(CheckMobile, AcceptsFullwidthDigitsAndSpaces) {
  EXPECT_EQ(check_mobile("\u3000１３９\u3000１２３４－５６７８").normalized, "13912345678");
  EXPECT_EQ(check_mobile("＋８６１３９１２３４５６７８").normalized, "13912345678");
}

TEST(CheckMobile, RejectsForeignCountryCode) {
  EXPECT_EQ(check_mobile("+85291234567").reason, "bad_prefix");
  EXPECT_EQ(check_mobile("+14155552671").reason, "bad_prefix");
}

TEST(CheckMobile, RejectsNumbersNotStartingWith13To19) {
  EXPECT_EQ(check_mobile("12912345678").reason, "bad_prefix");
  EXPECT_EQ(check_mobile("10912345678").reason, "bad_prefix");
  EXPECT_EQ(check_mobile("23912345678").reason, "bad_prefix");
}

TEST(CheckMobile, RejectsLandlineLengths) {
  EXPECT_EQ(check_mobile("09318123456").reason, "bad_prefix");  // 兰州 landline with area code: 11 digits
  EXPECT_EQ(check_mobile("8123456").reason, "bad_length");
  EXPECT_EQ(check_mobile("0931-81234567").reason, "bad_length");
}

TEST(CheckMobile, RejectsBadLength) {
  EXPECT_EQ(check_mobile("1391234567").reason, "bad_length");
  EXPECT_EQ(check_mobile("139123456789").reason, "bad_length");
  EXPECT_EQ(check_mobile("+86139123456789").reason, "bad_length");
  EXPECT_EQ(check_mobile("861391234567").reason, "bad_length");  // 12 digits: "86" is not cut
}

TEST(CheckMobile, RejectsBadCharacters) {
  EXPECT_EQ(check_mobile("139l2345678").reason, "bad_characters");
  EXPECT_EQ(check_mobile("(139)12345678").reason, "bad_characters");
  EXPECT_EQ(check_mobile("139+12345678").reason, "bad_characters");
  EXPECT_EQ(check_mobile("+").reason, "bad_characters");
}

TEST(CheckMobile, RejectsEmptyInput) {
  EXPECT_EQ(check_mobile("").reason, "empty");
  EXPECT_EQ(check_mobile(" - \u3000").reason, "empty");
}

TEST(CheckMobile, LeavesNormalizedEmptyWhenInvalid) {
  EXPECT_EQ(check_mobile("12912345678").normalized, "");
}

}  // namespace
}  // namespace jz
