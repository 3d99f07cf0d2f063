// Bank files as the bank reads them: every shipped profile parses; the CSV decodes as GBK with two-decimal
// amounts and a total record whose count and sum match; the XLSX carries amounts, 序号 and 期间 as numbers
// with a number format (checked in the sheet XML itself with unzip and xmllint) and IDs as text; the result
// file is read back with the same profile, in GBK or UTF-8, skipping the total record.
#include "subsidy/bank_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "common/csv.hpp"
#include "registry/spreadsheet.hpp"

namespace jz::subsidy {
namespace {

std::vector<BankPaymentRow> sample_rows() {
  return {{"王小花", "620102199003070020", "", 60000, "JZ-2024-0001", "一次性交通补助", "2024"},
          {"李芳", "62122619850612004X", "6228480000000000001", 50, "JZ-2024-0002", "一次性交通补助", "2024"},
          {"马\x0B丽", "620502199912120021", "", 123456, "JZ-2024-0003", "一次性交通补助", "2024"}};
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  pclose(f);
  return out;
}

TEST(BankFile, EveryShippedProfileParsesAndGenericComesFirst) {
  const auto& all = bank_profiles();
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all.front().id, "generic");
  for (const auto& p : all) {
    EXPECT_FALSE(p.confirmed.empty()) << p.id << " must say what a source confirmed";
    EXPECT_FALSE(p.total_cells.empty()) << p.id;
  }
  EXPECT_NE(find_bank_profile("abc"), nullptr);
  EXPECT_EQ(find_bank_profile("nope"), nullptr);
  EXPECT_FALSE(parse_bank_profile("id = \"x\"\nname = \"y\"\n[[column]]\nfield = \"amount\"\ntitle = \"金额\"\n"));
  EXPECT_FALSE(parse_bank_profile("id = \"x\"\nname = \"y\"\n[[column]]\nfield = \"salary\"\ntitle = \"t\"\n"));
}

TEST(BankFile, AmountsHaveTwoDecimals) {
  EXPECT_EQ(format_yuan(60000), "600.00");
  EXPECT_EQ(format_yuan(50), "0.50");
  EXPECT_EQ(format_yuan(0), "0.00");
  EXPECT_EQ(format_yuan(-5), "-0.05");
}

TEST(BankFile, GenericCsvIsGbkWithTotalRecordFirst) {
  const auto& p = *find_bank_profile("generic");
  auto bytes = bank_file_csv(p, sample_rows(), "2024-7");
  ASSERT_TRUE(bytes) << bytes.error().detail;
  // Not UTF-8 (GBK bytes for 王), no BOM, and it decodes as GB18030 ⊇ GBK.
  EXPECT_FALSE(registry::is_valid_utf8(*bytes));
  EXPECT_NE(bytes->substr(0, 3), "\xEF\xBB\xBF");
  auto text = registry::gb18030_to_utf8(*bytes);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("\r\n"), std::string::npos);
  auto rows = parse_csv(*text);
  ASSERT_EQ(rows.size(), 5u);  // total, titles, 3 payments
  EXPECT_EQ(rows[0], (CsvRow{"总笔数", "3", "总金额", "1835.06", "批次", "2024-7"}));
  EXPECT_EQ(rows[1][0], "序号");
  EXPECT_EQ(rows[2][3], "600.00");
  EXPECT_EQ(rows[3][3], "0.50");
  EXPECT_EQ(rows[3][1], "6228480000000000001");
  EXPECT_EQ(rows[4][2], "马 丽");  // a control character never reaches the bank
  // The total's sum is the sum of the rows.
  double sum = 0;
  for (size_t i = 2; i < rows.size(); ++i) sum += std::stod(rows[i][3]);
  EXPECT_DOUBLE_EQ(sum, std::stod(rows[0][3]));
}

TEST(BankFile, ACharacterGbkLacksIsNamedNotMangled) {
  auto rows = sample_rows();
  rows[1].name = "李𠮷";  // U+20BB7: in GB18030, not in GBK
  auto bytes = bank_file_csv(*find_bank_profile("generic"), rows, "b");
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, "subsidy_bank_file_unencodable");
  EXPECT_NE(bytes.error().detail.find("第 4 行"), std::string::npos) << bytes.error().detail;
}

TEST(BankFile, TotalRecordLastWhenTheProfileSaysSo) {
  auto bytes = bank_file_csv(*find_bank_profile("icbc"), sample_rows(), "b");
  ASSERT_TRUE(bytes);
  auto rows = parse_csv(*registry::gb18030_to_utf8(*bytes));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0][0], "收款账号");
  EXPECT_EQ(rows.back(), (CsvRow{"合计", "", "1835.06", "笔数", "3"}));
  EXPECT_EQ(rows[1][3], "拨款");  // a fixed column
}

TEST(BankFile, XlsxCellsAreTypedSoSumWorks) {
  const auto& p = *find_bank_profile("generic");
  auto bytes = bank_file_xlsx(p, sample_rows(), "2024-7");
  ASSERT_TRUE(bytes) << bytes.error().detail;
  auto dir = std::filesystem::temp_directory_path() / ("jz-bank-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto file = dir / "bank.xlsx";
  std::ofstream(file, std::ios::binary) << *bytes;
  // Every XML part is well-formed for xmllint.
  std::string parts = run("unzip -Z1 " + file.string());
  ASSERT_NE(parts.find("xl/worksheets/sheet1.xml"), std::string::npos) << parts;
  std::string sheet = run("unzip -p " + file.string() + " xl/worksheets/sheet1.xml");
  std::string lint = run("unzip -p " + file.string() + " xl/worksheets/sheet1.xml | xmllint --noout - 2>&1; echo rc=$?");
  EXPECT_EQ(lint, "rc=0\n") << lint;
  std::string styles = run("unzip -p " + file.string() + " xl/styles.xml");
  std::filesystem::remove_all(dir);
  // Row 1 is the total record, row 2 the titles, rows 3-5 the payments (generic: 序号 A, 账号 B, 户名 C,
  // 金额 D, 证件号码 E, 用途 F, 业务参考号 G, 期间 H).
  auto cell = [&](const std::string& ref) {
    std::smatch m;
    std::regex re("<c r=\"" + ref + "\"([^>]*)>(.*?)</c>");
    return std::regex_search(sheet, m, re) ? m[1].str() + "|" + m[2].str() : std::string("missing");
  };
  auto is_number = [&](const std::string& ref, const std::string& value) {
    std::string c = cell(ref);
    return c.find("t=\"") == std::string::npos && c.find("<v>" + value + "</v>") != std::string::npos;
  };
  EXPECT_TRUE(is_number("D3", "600")) << cell("D3");
  EXPECT_TRUE(is_number("D4", "0.5")) << cell("D4");
  EXPECT_TRUE(is_number("D5", "1234.56")) << cell("D5");
  EXPECT_TRUE(is_number("A3", "1")) << cell("A3");
  EXPECT_TRUE(is_number("H3", "2024")) << cell("H3");
  EXPECT_TRUE(is_number("B1", "3")) << cell("B1");          // count
  EXPECT_TRUE(is_number("D1", "1835.06")) << cell("D1");    // sum
  EXPECT_NE(cell("E4").find("t=\""), std::string::npos) << cell("E4");  // the ID number is text
  EXPECT_NE(styles.find("formatCode=\"0.00\""), std::string::npos) << styles;
  // The server's own reader sees the same values.
  auto read = registry::read_xlsx(*bytes);
  ASSERT_TRUE(read);
  ASSERT_GE(read->rows.size(), 5u);
  EXPECT_EQ(read->rows[3][4], "62122619850612004X");
  EXPECT_EQ(read->rows[4][2], "马 丽");
}

TEST(BankFile, ResultFileIsReadWithTheSameProfileInGbkOrXlsx) {
  const auto& p = *find_bank_profile("gsrcu");
  std::string csv =
      "发放结果清单\r\n序号,姓名,业务参考号,发放结果,失败原因\r\n1,王小花,JZ-1,发放成功,\r\n2,李芳,JZ-2,退回,账户已销户\r\n"
      "合计,2人,,,\r\n";
  auto gbk = registry::utf8_to_gbk(csv);
  ASSERT_TRUE(gbk);
  auto rows = read_bank_result(p, *gbk, "text/csv");
  ASSERT_TRUE(rows) << rows.error().detail;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].reference, "JZ-1");
  EXPECT_EQ((*rows)[0].status, "paid");
  EXPECT_EQ((*rows)[1].status, "failed");
  EXPECT_EQ((*rows)[1].message, "账户已销户");
  EXPECT_EQ((*rows)[1].row, 4u);
  // An outcome the profile does not know stops the import with its row.
  auto bad = read_bank_result(p, "业务参考号,发放结果\nJZ-1,待定\n", "text/csv");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "subsidy_bank_file_invalid");
  EXPECT_NE(bad.error().detail.find("第 2 行"), std::string::npos);
  // A file without the profile's header is refused, not read as nothing.
  auto none = read_bank_result(*find_bank_profile("generic"), "a,b\n1,2\n", "text/csv");
  EXPECT_FALSE(none);
}

}  // namespace
}  // namespace jz::subsidy
