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
