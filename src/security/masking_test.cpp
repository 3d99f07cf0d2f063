#include "security/masking.hpp"

#include <gtest/gtest.h>

namespace jz::security {
namespace {

struct Case {
  std::string_view in;
  std::string_view out;
};

TEST(MaskName, KeepsFirstAndLastCharacter) {
  const Case cases[] = {
      {"", ""},
      {"张", "张"},
      {"张花", "张*"},
      {"张小花", "张*花"},
      {"欧阳小花", "欧**花"},
      {"阿依古丽·买买提", "阿******提"},
      {"Li", "L*"},
      {"Amy", "A*y"},
      {"Alice", "A***e"},
      {"J", "J"},
      {"𠀀小𠀁", "𠀀*𠀁"},  // 4-byte characters
  };
  for (const auto& c : cases) EXPECT_EQ(mask_name(c.in), c.out) << c.in;
}

TEST(MaskName, NeverSplitsAMultiByteCharacter) {
  const std::string masked = mask_name("诸葛孔明");
  EXPECT_EQ(masked, "诸**明");
  EXPECT_EQ(masked.size(), 3u + 2u + 3u);
}

TEST(MaskName, TreatsInvalidUtf8BytesAsSingleCharacters) {
  EXPECT_EQ(mask_name("a\xff\xfe"
                      "b"),
            "a**b");
  EXPECT_EQ(mask_name("\xe5\xbc"
                      "x"),
            "\xe5*x");  // truncated sequence: each byte counts alone
}

TEST(MaskIdNumber, KeepsFirstFourAndLastTwo) {
  const Case cases[] = {
      {"620102199001011234", "6201************34"},
      {"62010219900101123X", "6201************3X"},
      {"620102900101123", "6201*********23"},  // 15-digit first-generation ID
  };
  for (const auto& c : cases) EXPECT_EQ(mask_id_number(c.in), c.out) << c.in;
}

TEST(MaskIdNumber, ShortValuesKeepOnlyLastTwo) {
  const Case cases[] = {
      {"E12345678", "*******78"},
      {"12345678901234", "************34"},
      {"abc", "*bc"},
      {"12", "**"},
      {"1", "*"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(mask_id_number(c.in), c.out) << c.in;
}

TEST(MaskPhone, KeepsFirstThreeAndLastFour) {
  const Case cases[] = {
      {"13812345678", "138****5678"},
      {"09318881234", "093****1234"},
      {"+8613812345678", "+86*******5678"},
  };
  for (const auto& c : cases) EXPECT_EQ(mask_phone(c.in), c.out) << c.in;
}

TEST(MaskPhone, ShortValuesKeepOnlyLastTwo) {
  const Case cases[] = {{"8881234", "*****34"}, {"110", "*10"}, {"12", "**"}, {"", ""}};
  for (const auto& c : cases) EXPECT_EQ(mask_phone(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace jz::security
