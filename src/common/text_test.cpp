#include "common/text.hpp"

#include <gtest/gtest.h>

namespace jz {
namespace {

TEST(NormalizeHalfwidth, FoldsFullwidthDigitsAndLetters) {
  EXPECT_EQ(normalize_halfwidth("１２３４５６７８９０"), "1234567890");
  EXPECT_EQ(normalize_halfwidth("ＡＢＸｘｚ"), "ABXxz");
}

TEST(NormalizeHalfwidth, FoldsFullwidthPunctuationAtBothEndsOfTheRange) {
  EXPECT_EQ(normalize_halfwidth("！＋－～"), "!+-~");
}

TEST(NormalizeHalfwidth, TurnsIdeographicSpaceIntoAsciiSpace) {
  EXPECT_EQ(normalize_halfwidth("1\u30002"), "1 2");
}

TEST(NormalizeHalfwidth, LeavesOtherTextUnchanged) {
  EXPECT_EQ(normalize_halfwidth("陇原妹 abc 123"), "陇原妹 abc 123");
  EXPECT_EQ(normalize_halfwidth(""), "");
}

TEST(NormalizeHalfwidth, CopiesTruncatedUtf8AsIs) {
  const std::string truncated = "1\xEF\xBC";  // the first two bytes of a full-width form, cut off
  EXPECT_EQ(normalize_halfwidth(truncated), truncated);
}

TEST(TrimAscii, RemovesSurroundingWhitespaceOnly) {
  EXPECT_EQ(trim_ascii(" \t a b \r\n"), "a b");
  EXPECT_EQ(trim_ascii("   "), "");
  EXPECT_EQ(trim_ascii(""), "");
}

TEST(NormalizeInput, TrimsFullwidthSpacesAfterFolding) {
  EXPECT_EQ(normalize_input("\u3000 ６２０１０２\u3000\u3000"), "620102");
}

}  // namespace
}  // namespace jz

namespace jz {
namespace {

TEST(XmlSafe, ReplacesControlCharactersXml10Forbids) {
  // U+000B is what Excel writes for Alt+Enter inside a cell; one job description carried it into the RSS feed.
  EXPECT_EQ(xml_safe("上门\x0B保洁\x01"), "上门 保洁 ");
  EXPECT_EQ(xml_safe("a\tb\nc\rd"), "a\tb\nc\rd");
  EXPECT_EQ(xml_safe("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");  // U+FFFE, U+FFFF
  EXPECT_EQ(xml_safe("ok\xC3"), "ok\xEF\xBF\xBD");             // a cut-off sequence
  EXPECT_EQ(xml_safe("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a UTF-16 surrogate
  EXPECT_EQ(xml_safe("陇原妹 😀"), "陇原妹 😀");
}

TEST(TruncateUtf8, CutsAtCharactersNotBytes) {
  EXPECT_EQ(truncate_utf8("陇原家政", 2), "陇原…");
  EXPECT_EQ(truncate_utf8("陇原家政", 4), "陇原家政");
  EXPECT_EQ(truncate_utf8(std::string(4 << 20, 'x'), 200).size(), 200 + std::string("…").size());
}

}  // namespace
}  // namespace jz
