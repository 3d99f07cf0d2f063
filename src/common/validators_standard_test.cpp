// Issue 13: the validators compared with an independent implementation on 24,000 inputs accepted area
// codes that never existed, refused 830000, accepted USCCs with letters in positions 3-8 or a letter as
// the entity type, and judged "future birth date" by the UTC date.
#include <gtest/gtest.h>

#include "common/id_number.hpp"
#include "common/time.hpp"
#include "common/uscc.hpp"

namespace jz {
namespace {

constexpr std::string_view kToday = "2026-12-04";

std::string with_check(const std::string& first17) { return first17 + id_number_check_char(first17); }

TEST(IdNumberArea, CodesThatNeverExistedAreRefused) {
  EXPECT_EQ(check_id_number("62676219680429221X", kToday).reason, "unknown_area");
  EXPECT_EQ(check_id_number(with_check("62676219680429221"), kToday).reason, "unknown_area");
  EXPECT_EQ(check_id_number(with_check("62000019680429221"), kToday).reason, "unknown_area");  // a province
  EXPECT_EQ(check_id_number(with_check("62017119680429221"), kToday).reason, "unknown_area");  // 兰州新区: statistics only
  EXPECT_EQ(check_id_number(with_check("11019919680429221"), kToday).reason, "unknown_area");
}

TEST(IdNumberArea, CurrentAndAbolishedCountiesAreAccepted) {
  EXPECT_TRUE(check_id_number(with_check("62010219680429221"), kToday).valid);  // 城关区
  EXPECT_TRUE(check_id_number(with_check("62270119700101001"), kToday).valid);  // 平凉市 (county-level), to 2002
  EXPECT_TRUE(check_id_number(with_check("62242119700101001"), kToday).valid);  // 定西县, to 2003
  EXPECT_TRUE(check_id_number(with_check("11010319700101001"), kToday).valid);  // 崇文区, to 2010
  EXPECT_TRUE(check_id_number(with_check("62098219700101001"), kToday).valid);  // 敦煌市
}

TEST(IdNumberArea, ResidencePermitsOfHongKongMacaoAndTaiwanResidents) {
  EXPECT_TRUE(check_id_number(with_check("81000019890101001"), kToday).valid);
  EXPECT_TRUE(check_id_number(with_check("82000019890101001"), kToday).valid);
  EXPECT_TRUE(check_id_number(with_check("83000019890101001"), kToday).valid);
}

TEST(IdNumberBirthDate, TodayIsBeijingsToday) {
  // Between 16:00 and 24:00 UTC Beijing is already on the next day: someone born "today" there is valid.
  std::string today = today_beijing();
  EXPECT_GE(today, today_utc());
  std::string ymd = today.substr(0, 4) + today.substr(5, 2) + today.substr(8, 2);
  EXPECT_TRUE(check_id_number(with_check("620102" + ymd + "001"), today).valid);
  EXPECT_EQ(check_id_number(with_check("620102" + ymd + "001"), "2000-01-01").reason, "future_birth_date");
}

TEST(UsccStructure, AuthorityEntityTypeAndDivisionDigits) {
  auto letters = check_uscc("913715B69CA169831E");
  EXPECT_FALSE(letters.valid);
  EXPECT_EQ(letters.reason, "bad_division");
  std::string ok17 = "91620102MA7XXXXX0";
  for (char& c : ok17)
    if (c == 'X') c = '1';
  EXPECT_TRUE(check_uscc(ok17 + uscc_check_char(ok17)).valid);
  std::string letter_type = "9A620102MA7111110";
  EXPECT_EQ(check_uscc(letter_type + uscc_check_char(letter_type)).reason, "bad_entity_type");
  std::string type_4 = "94620102MA7111110";  // 市场监管 registers 1 企业, 2 个体工商户, 3 农民专业合作社 only
  EXPECT_EQ(check_uscc(type_4 + uscc_check_char(type_4)).reason, "bad_entity_type");
  std::string authority = "B1620102MA7111110";
  EXPECT_EQ(check_uscc(authority + uscc_check_char(authority)).reason, "bad_authority");
  // Institutions, social organisations, collectives of other authorities pass.
  for (std::string code : {"12620000MB1111110", "52620000MJ1111110", "N2620102MF1111110", "31620000MD1111110"})
    EXPECT_TRUE(check_uscc(code + uscc_check_char(code)).valid) << code;
}

}  // namespace
}  // namespace jz
