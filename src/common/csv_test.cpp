#include "common/csv.hpp"

#include <gtest/gtest.h>

namespace jz {

TEST(Csv, ParsesQuotedFieldsWithCommasAndDoubledQuotes) {
  auto rows = parse_csv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n1,2,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (CsvRow{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ(rows[1], (CsvRow{"1", "2", "3"}));
}

TEST(Csv, SkipsBomAndBlankLinesAndKeepsEmptyFields) {
  auto rows = parse_csv("\xEF\xBB\xBFx,,z\n\n,\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (CsvRow{"x", "", "z"}));
  EXPECT_EQ(rows[1], (CsvRow{"", ""}));
}

TEST(Csv, EscapesOnlyWhenNeeded) {
  EXPECT_EQ(csv_escape("plain"), "plain");
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("q\""), "\"q\"\"\"");
}

}  // namespace jz

namespace jz {
namespace {

// Issue 13: a name such as =HYPERLINK("http://x","a") was exported as a live formula.
TEST(CsvFormulaInjection, CellsASpreadsheetWouldRunAreNeutralised) {
  EXPECT_EQ(csv_escape("=HYPERLINK(\"http://x\",\"a\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"");
  EXPECT_EQ(csv_escape("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(csv_escape("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
  EXPECT_EQ(csv_escape("@SUM(1+1)*cmd|' /C calc'!A0"), "'@SUM(1+1)*cmd|' /C calc'!A0");
  EXPECT_EQ(csv_escape("\t=1+1"), "'\t=1+1");
  EXPECT_EQ(csv_escape("\r=1+1"), "\"'\r=1+1\"");
  // Plain numbers keep their sign; ordinary text is untouched.
  EXPECT_EQ(csv_escape("-12"), "-12");
  EXPECT_EQ(csv_escape("+5.5"), "+5.5");
  EXPECT_EQ(csv_escape("王小花"), "王小花");
  EXPECT_EQ(csv_escape("a=b"), "a=b");
  EXPECT_FALSE(csv_needs_neutralising(""));
  EXPECT_TRUE(csv_needs_neutralising("-"));
  EXPECT_TRUE(csv_needs_neutralising("--1"));
}

}  // namespace
}  // namespace jz
