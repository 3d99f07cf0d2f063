#include "common/id_number.hpp"

#include <gtest/gtest.h>

namespace jz {
namespace {

constexpr std::string_view kToday = "2024-06-01";

// Appends the check character so tests can build numbers with chosen fields.
std::string with_check(const std::string& first17) {
  return first17 + id_number_check_char(first17);
}

TEST(IdNumberCheckChar, MatchesTheStandardsExamples) {
  EXPECT_EQ(id_number_check_char("11010519491231002"), 'X');
  EXPECT_EQ(id_number_check_char("44052418800101001"), '4');
}

TEST(IdNumberCheckChar, RejectsInputThatIsNotSeventeenDigits) {
  EXPECT_EQ(id_number_check_char("1101051949123100"), '\0');
  EXPECT_EQ(id_number_check_char("1101051949123100X"), '\0');
}

TEST(CheckIdNumber, AcceptsStandardExample) {
  const auto check = check_id_number("11010519491231002X", kToday);
  ASSERT_TRUE(check.valid) << check.reason;
  EXPECT_EQ(check.reason, "");
  EXPECT_EQ(check.info.normalized, "11010519491231002X");
  EXPECT_EQ(check.info.birth_date, "1949-12-31");
  EXPECT_EQ(check.info.gender, 'F');
  EXPECT_EQ(check.info.division_code, "110105");
  EXPECT_FALSE(check.info.upgraded_from_15);
}

TEST(CheckIdNumber, AcceptsStandardExampleBornBefore1900) {
  const auto check = check_id_number("440524188001010014", kToday);
  ASSERT_TRUE(check.valid) << check.reason;
  EXPECT_EQ(check.info.birth_date, "1880-01-01");
  EXPECT_EQ(check.info.gender, 'M');
  EXPECT_EQ(check.info.division_code, "440524");  // 汕头 潮阳县: abolished, still a valid prefix
}

TEST(CheckIdNumber, RejectsBirthBefore1800) {
  EXPECT_EQ(check_id_number(with_check("62010217991231001"), kToday).reason, "bad_birth_date");
  EXPECT_TRUE(check_id_number(with_check("62010218000101001"), kToday).valid);
}

TEST(CheckIdNumber, UpgradesFifteenDigitNumber) {
  const auto check = check_id_number("130503670401001", kToday);
  ASSERT_TRUE(check.valid) << check.reason;
  EXPECT_EQ(check.info.normalized, with_check("13050319670401001"));
  EXPECT_EQ(check.info.normalized, "130503196704010016");  // pinned: computed by hand with MOD 11-2
  EXPECT_EQ(check.info.birth_date, "1967-04-01");
  EXPECT_EQ(check.info.gender, 'M');
  EXPECT_TRUE(check.info.upgraded_from_15);
}

TEST(CheckIdNumber, RejectsFifteenDigitNumberWithX) {
  EXPECT_EQ(check_id_number("13050367040100X", kToday).reason, "bad_characters");
}

TEST(CheckIdNumber, RejectsFifteenDigitNumberWithImpossibleDate) {
  EXPECT_EQ(check_id_number("130503670231001", kToday).reason, "bad_birth_date");
}

TEST(CheckIdNumber, AcceptsFullwidthInputWithIdeographicSpaces) {
  const auto check = check_id_number("\u3000１１０１０５１９４９１２３１００２Ｘ ", kToday);
  ASSERT_TRUE(check.valid) << check.reason;
  EXPECT_EQ(check.info.normalized, "11010519491231002X");
}

TEST(CheckIdNumber, AcceptsLowerCaseX) {
  const auto check = check_id_number("11010519491231002x", kToday);
  ASSERT_TRUE(check.valid) << check.reason;
  EXPECT_EQ(check.info.normalized, "11010519491231002X");
  EXPECT_TRUE(check_id_number("11010519491231002ｘ", kToday).valid);
}

TEST(CheckIdNumber, RejectsBadChecksum) {
  EXPECT_EQ(check_id_number("110105194912310021", kToday).reason, "bad_checksum");
  EXPECT_EQ(check_id_number("440524188001010015", kToday).reason, "bad_checksum");
}

TEST(CheckIdNumber, RejectsTransposedDigits) {
  // Swapping two adjacent digits changes the MOD 11-2 sum; that is why the standard chose it.
  EXPECT_EQ(check_id_number("11010519491231020X", kToday).reason, "bad_checksum");
}

TEST(CheckIdNumber, AcceptsFebruary29InLeapYears) {
  EXPECT_TRUE(check_id_number(with_check("62010220000229001"), kToday).valid);  // 2000: divisible by 400
  EXPECT_TRUE(check_id_number(with_check("62010219880229001"), kToday).valid);
}

TEST(CheckIdNumber, RejectsFebruary29InNonLeapYears) {
  EXPECT_EQ(check_id_number(with_check("62010219000229001"), kToday).reason, "bad_birth_date");  // 1900
  EXPECT_EQ(check_id_number(with_check("62010219890229001"), kToday).reason, "bad_birth_date");
}

TEST(CheckIdNumber, RejectsImpossibleMonthsAndDays) {
  EXPECT_EQ(check_id_number(with_check("62010219891301001"), kToday).reason, "bad_birth_date");
  EXPECT_EQ(check_id_number(with_check("62010219890431001"), kToday).reason, "bad_birth_date");
  EXPECT_EQ(check_id_number(with_check("62010219890100001"), kToday).reason, "bad_birth_date");
}

TEST(CheckIdNumber, RejectsUnknownProvince) {
  EXPECT_EQ(check_id_number(with_check("99010219890101001"), kToday).reason, "unknown_province");
  EXPECT_EQ(check_id_number(with_check("10010219890101001"), kToday).reason, "unknown_province");
  EXPECT_EQ(check_id_number(with_check("72010219890101001"), kToday).reason, "unknown_province");
}

TEST(CheckIdNumber, AcceptsHongKongMacauTaiwanPrefixes) {
  EXPECT_TRUE(check_id_number(with_check("81000019890101001"), kToday).valid);
  EXPECT_TRUE(check_id_number(with_check("82000019890101001"), kToday).valid);
  EXPECT_TRUE(check_id_number(with_check("71000019890101001"), kToday).valid);
}

TEST(CheckIdNumber, AcceptsAbolishedCountyCode) {
  // 622701 平凉市 (county-level city) was replaced by 崆峒区 620802 in 2002; old numbers keep it.
  EXPECT_TRUE(check_id_number(with_check("62270119700101001"), kToday).valid);
}

TEST(CheckIdNumber, RejectsFutureBirthDate) {
  EXPECT_EQ(check_id_number(with_check("62010220240602001"), kToday).reason, "future_birth_date");
}

TEST(CheckIdNumber, AcceptsBirthToday) {
  EXPECT_TRUE(check_id_number(with_check("62010220240601001"), kToday).valid);
}

TEST(CheckIdNumber, RejectsEmptyInput) {
  EXPECT_EQ(check_id_number("", kToday).reason, "empty");
  EXPECT_EQ(check_id_number(" \u3000 ", kToday).reason, "empty");
}

TEST(CheckIdNumber, RejectsBadLength) {
  EXPECT_EQ(check_id_number("11010519491231002", kToday).reason, "bad_length");
  EXPECT_EQ(check_id_number("11010519491231002X1", kToday).reason, "bad_length");
  EXPECT_EQ(check_id_number("1301036704010", kToday).reason, "bad_length");
}

TEST(CheckIdNumber, RejectsBadCharacters) {
  EXPECT_EQ(check_id_number("1101051949123100A2", kToday).reason, "bad_characters");
  EXPECT_EQ(check_id_number("110105 19491231002X", kToday).reason, "bad_characters");
  EXPECT_EQ(check_id_number("1101051949123100X2", kToday).reason, "bad_characters");  // X not last
  EXPECT_EQ(check_id_number("11010519491231002十", kToday).reason, "bad_characters");
}

TEST(CheckIdNumber, LeavesInfoEmptyWhenInvalid) {
  const auto check = check_id_number("110105194912310021", kToday);
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.info.normalized, "");
  EXPECT_EQ(check.info.birth_date, "");
}

TEST(CheckIdNumber, TakesGenderFromSeventeenthDigit) {
  EXPECT_EQ(check_id_number(with_check("62010219900101002"), kToday).info.gender, 'F');
  EXPECT_EQ(check_id_number(with_check("62010219900101009"), kToday).info.gender, 'M');
}

}  // namespace
}  // namespace jz
