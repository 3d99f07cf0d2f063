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
