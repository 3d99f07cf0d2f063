#include "registry/spreadsheet.hpp"
#include "registry/xlsx_testing.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace jz::registry {
namespace {

const std::array<ColumnSpec, 4> kSpecs{ColumnSpec{"name", {"姓名"}, true},
                                       ColumnSpec{"id_number", {"身份证号", "身份证号码"}, true},
                                       ColumnSpec{"phone", {"手机号", "联系电话"}, false},
                                       ColumnSpec{"expected_wage", {"期望工资"}, false}};

TEST(Spreadsheet, Utf8WithAndWithoutBomIsDetected) {
  auto plain = decode_text("姓名,身份证号\n");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->encoding, TextEncoding::utf8);
  auto bom = decode_text("\xEF\xBB\xBF姓名,身份证号\n");
  ASSERT_TRUE(bom);
  EXPECT_EQ(bom->encoding, TextEncoding::utf8_bom);
  EXPECT_EQ(bom->utf8, "姓名,身份证号\n");
}

TEST(Spreadsheet, Gb18030BytesFromExcelAreDecoded) {
  std::string utf8 = "姓名,身份证号,现居住地\n王小花,620102199003071234,城关区\n";
  auto gb = utf8_to_gb18030(utf8);
  ASSERT_TRUE(gb);
  EXPECT_FALSE(is_valid_utf8(*gb));  // GBK bytes of Chinese text are not UTF-8
  auto sheet = read_csv(*gb);
  ASSERT_TRUE(sheet);
  EXPECT_EQ(sheet->encoding, TextEncoding::gb18030);
  ASSERT_EQ(sheet->rows.size(), 2u);
  EXPECT_EQ(sheet->rows[1][0], "王小花");
  EXPECT_EQ(sheet->rows[1][2], "城关区");
}

TEST(Spreadsheet, Gb18030FixtureFileIsDecoded) {
  std::ifstream in(std::string(JZ_SOURCE_DIR) + "/tests/data/workers_gbk.csv", std::ios::binary);
  ASSERT_TRUE(in) << "tests/data/workers_gbk.csv";
  std::stringstream ss;
  ss << in.rdbuf();
  auto sheet = read_csv(ss.str());
  ASSERT_TRUE(sheet);
  EXPECT_EQ(sheet->encoding, TextEncoding::gb18030);
  auto header = find_header(*sheet, kSpecs);
  ASSERT_TRUE(header) << header.error().code;
  EXPECT_EQ(sheet->rows[header->header_row][0], "姓名");
}

TEST(Spreadsheet, InvalidBytesAreUnreadable) {
  auto r = decode_text(std::string("\xEF\xBB\xBF\xFF\xFE", 5));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "unreadable_file");
  // 0x80 alone is neither UTF-8 nor a GB18030 lead byte.
  EXPECT_FALSE(decode_text(std::string("a\x80", 2)));
}

TEST(Spreadsheet, Utf8ValidatorRejectsOverlongsAndSurrogates) {
  EXPECT_TRUE(is_valid_utf8("plain ascii and 中文 ０１"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(is_valid_utf8("\xE4\xB8"));          // cut short
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));   // U+1F600
}

TEST(Spreadsheet, CsvKeepsBlankRowsQuotesAndNewlinesInsideCells) {
  auto rows = parse_csv_records("a,b\r\n\r\n\"x,\"\"y\"\"\",\"line1\nline2\"\nlast,\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(rows[1].empty());  // row 2 is blank, and row 3 stays row 3
  EXPECT_EQ(rows[2], (std::vector<std::string>{"x,\"y\"", "line1\nline2"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"last", ""}));
}

TEST(Spreadsheet, TitleRowsAboveTheHeaderAreSkippedAndReported) {
  // Excel writes a merged title as its text followed by empty cells.
  auto sheet = read_csv(
      "陇南市礼县家政服务员登记表,,,\n填报单位：礼县人社局,,,\n,,,\n"
      "序号,姓名*,身份证号码（18位）,联系电话\n1,王小花,620102199003071234,13812345678\n");
  ASSERT_TRUE(sheet);
  auto h = find_header(*sheet, kSpecs);
  ASSERT_TRUE(h) << h.error().code;
  EXPECT_EQ(h->header_row, 3u);
  EXPECT_EQ(h->skipped_rows, (std::vector<size_t>{0, 1}));  // the blank row is not a title
  EXPECT_EQ(h->field_of_column, (std::vector<int>{-1, 0, 1, 2}));
  EXPECT_EQ(h->unknown_columns, (std::vector<std::string>{"序号"}));
  EXPECT_EQ(h->header_text[2], "身份证号码（18位）");
}

TEST(Spreadsheet, HeaderWithManyExtraColumnsIsFoundByItsRequiredColumns) {
  auto sheet = read_csv("花名册,,,,,,\n序号,性别,民族,文化程度,户籍地址,姓名,身份证号\n1,女,汉,初中,礼县,王小花,620102199003071234\n");
  ASSERT_TRUE(sheet);
  auto h = find_header(*sheet, kSpecs);
  ASSERT_TRUE(h) << h.error().code;
  EXPECT_EQ(h->header_row, 1u);
  EXPECT_EQ(h->unknown_columns.size(), 5u);
}

TEST(Spreadsheet, EnglishAndFullWidthHeadersMatch) {
  auto sheet = read_csv("Name, ID_Number ,ｐｈｏｎｅ\n");
  ASSERT_TRUE(sheet);
  auto h = find_header(*sheet, kSpecs);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->field_of_column, (std::vector<int>{0, 1, 2}));
}

TEST(Spreadsheet, MissingRequiredColumnOrHeaderIsAnError) {
  auto no_id = read_csv("姓名,手机号\n王小花,13812345678\n");
  auto r = find_header(*no_id, kSpecs);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "import_missing_column");
  EXPECT_EQ(r.error().field, "id_number");
  auto none = read_csv("a,b,c\n1,2,3\n");
  auto r2 = find_header(*none, kSpecs);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, "import_no_header");
}

TEST(Spreadsheet, HeaderNormalisationDropsNotesAndMarks) {
  EXPECT_EQ(normalize_header(" 期望工资（元/月） "), "期望工资");
  EXPECT_EQ(normalize_header("身份证号码*"), "身份证号码");
  EXPECT_EQ(normalize_header("【必填】姓名"), "姓名");
  EXPECT_EQ(normalize_header("ID_Number"), "idnumber");
  EXPECT_EQ(normalize_header("　手机号："), "手机号");
}

TEST(Spreadsheet, ScientificNotationFromExcelIsDetected) {
  EXPECT_TRUE(is_scientific_notation("6.20102E+17"));
  EXPECT_TRUE(is_scientific_notation("6.20102199003071E+17"));
  EXPECT_TRUE(is_scientific_notation(" 6,20102E+17 "));
  EXPECT_TRUE(is_scientific_notation("6E17"));
  EXPECT_TRUE(is_scientific_notation("６.２０１０２Ｅ＋１７"));
  EXPECT_FALSE(is_scientific_notation("620102199003071234"));
  EXPECT_FALSE(is_scientific_notation("62010219900307123X"));
  EXPECT_FALSE(is_scientific_notation("E+17"));
  EXPECT_FALSE(is_scientific_notation("6.2E"));
}

TEST(Spreadsheet, ColumnLetters) {
  EXPECT_EQ(column_letter(0), "A");
  EXPECT_EQ(column_letter(25), "Z");
  EXPECT_EQ(column_letter(26), "AA");
  EXPECT_EQ(column_letter(701), "ZZ");
  EXPECT_EQ(column_letter(702), "AAA");
}

TEST(Spreadsheet, JsonRowsFromSheetJsWithRawNumbers) {
  auto sheet = read_json_rows(
      R"({"rows":[["姓名","身份证号","手机号"],["王小花",6.20102199003071e17,13812345678],)"
      R"(["李芳","620102199003071234",null],["赵六",620102900307123,true]]})");
  ASSERT_TRUE(sheet) << sheet.error().code;
  ASSERT_EQ(sheet->rows.size(), 4u);
  EXPECT_EQ(sheet->rows[1][1], "6.20102199003071E+17");  // digits already lost in the browser
  EXPECT_EQ(sheet->rows[1][2], "13812345678");
  EXPECT_EQ(sheet->rows[2], (std::vector<std::string>{"李芳", "620102199003071234"}));
  EXPECT_EQ(sheet->rows[3][1], "620102900307123");  // a 15-digit number is exact
  EXPECT_EQ(sheet->rows[3][2], "true");
  EXPECT_FALSE(read_json_rows(R"({"rows":[{"a":1}]})"));
  EXPECT_FALSE(read_json_rows(R"([1,2])"));
}

// Writes an .xlsx with libxlsxwriter (as Excel would store it) and reads it back.
std::string make_xlsx() {
  auto path = std::filesystem::temp_directory_path() / ("jz-sheet-" + std::to_string(::getpid()) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "登记表");
  worksheet_merge_range(ws, 0, 0, 0, 3, "兰州市家政服务员花名册", nullptr);
  worksheet_write_string(ws, 2, 0, "姓名", nullptr);
  worksheet_write_string(ws, 2, 1, "身份证号", nullptr);
  worksheet_write_string(ws, 2, 2, "手机号", nullptr);
  worksheet_write_string(ws, 2, 3, "期望工资", nullptr);
  worksheet_write_string(ws, 3, 0, "王小花", nullptr);
  worksheet_write_number(ws, 3, 1, 620102199003071234.0, nullptr);  // an 18-digit ID typed as a number
  worksheet_write_number(ws, 3, 2, 13812345678.0, nullptr);
  worksheet_write_number(ws, 3, 3, 4500, nullptr);
  worksheet_write_string(ws, 4, 0, "李芳", nullptr);
  worksheet_write_number(ws, 4, 1, 620102900307123.0, nullptr);  // 15 digits survive as a number
  worksheet_write_string(ws, 4, 2, "13912345678", nullptr);
  worksheet_write_boolean(ws, 4, 3, 1, nullptr);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

TEST(Spreadsheet, XlsxFirstSheetIsRead) {
  std::string bytes = make_xlsx();
  ASSERT_TRUE(looks_like_xlsx(bytes));
  auto sheet = read_sheet(bytes, "application/octet-stream");
  ASSERT_TRUE(sheet) << sheet.error().detail;
  EXPECT_EQ(sheet->format, SheetFormat::xlsx);
  ASSERT_EQ(sheet->rows.size(), 5u);
  EXPECT_EQ(sheet->rows[0][0], "兰州市家政服务员花名册");
  EXPECT_TRUE(sheet->rows[1].empty());
  EXPECT_EQ(sheet->rows[3][0], "王小花");
  EXPECT_TRUE(is_scientific_notation(sheet->rows[3][1])) << sheet->rows[3][1];
  EXPECT_EQ(sheet->rows[3][2], "13812345678");
  EXPECT_EQ(sheet->rows[3][3], "4500");
  EXPECT_EQ(sheet->rows[4][1], "620102900307123");
  EXPECT_EQ(sheet->rows[4][3], "true");
  auto h = find_header(*sheet, kSpecs);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->header_row, 2u);
  EXPECT_EQ(h->skipped_rows, (std::vector<size_t>{0}));
}

TEST(Spreadsheet, DamagedXlsxIsUnreadableNotACrash) {
  std::string bytes = make_xlsx();
  auto cut = read_xlsx(bytes.substr(0, bytes.size() / 2));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, "unreadable_file");
  EXPECT_FALSE(read_xlsx("PK\x03\x04 not really a zip"));
}

TEST(Spreadsheet, ContentTypePicksTheReader) {
  auto j = read_sheet(R"({"rows":[["姓名"]]})", "application/json; charset=utf-8");
  ASSERT_TRUE(j);
  EXPECT_EQ(j->format, SheetFormat::json_rows);
  auto c = read_sheet("姓名\n", "text/csv");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->format, SheetFormat::csv);
}

}  // namespace
}  // namespace jz::registry

namespace jz::registry {
namespace {

// ---- Spreadsheet bombs (issue 13): bounds checked before the rows are built.
TEST(SpreadsheetBomb, AThousandfoldSharedStringIsRefusedAsSuspicious) {
  // 40 MB of one letter deflates to ~40 KB; the attack's 918 KB file inflated to 943 MB the same way.
  std::string bomb = testing::make_xlsx({std::string(40u << 20, 'A')}, 1, 1);
  ASSERT_LT(bomb.size(), 200u << 10);
  auto r = read_sheet(bomb, "application/octet-stream");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "sheet_suspicious");
  EXPECT_EQ(r.error().field, "file");
}

TEST(SpreadsheetBomb, EachBoundIsCheckedOnItsOwn) {
  std::string ordinary = testing::make_xlsx({"王小花", "620102199003071234"}, 50, 4);
  auto fine = read_xlsx(ordinary);
  ASSERT_TRUE(fine) << fine.error().code << " " << fine.error().detail;
  EXPECT_EQ(fine->rows.size(), 50u);
  EXPECT_EQ(fine->rows[49][3], "王小花");

  XlsxLimits few_cells;
  few_cells.max_cells = 199;
  auto cells = read_xlsx(ordinary, few_cells);
  ASSERT_FALSE(cells);
  EXPECT_EQ(cells.error().code, "sheet_too_large");

  XlsxLimits small_total;
  small_total.max_inflated_bytes = 1000;
  auto total = read_xlsx(ordinary, small_total);
  ASSERT_FALSE(total);
  EXPECT_EQ(total.error().code, "sheet_too_large");

  XlsxLimits small_strings;
  small_strings.max_shared_string_bytes = 20;
  auto strings = read_xlsx(ordinary, small_strings);
  ASSERT_FALSE(strings);
  EXPECT_EQ(strings.error().code, "sheet_too_large");
}

TEST(SpreadsheetBomb, OneSharedStringNamedByEveryCellCountsEachTime) {
  // 64 KB of varied text named by 4,000 cells would be 256 MB of cells if copied freely: the cell-text
  // bound stops it at the first cell past the budget, before the rest are copied.
  std::string text;
  for (size_t i = 0; text.size() < (64u << 10); ++i) text += std::to_string(i * 7919 % 100003) + ",";
  std::string file = testing::make_xlsx({text}, 400, 10);
  XlsxLimits limits;
  limits.max_cell_text_bytes = 16u << 20;
  auto r = read_xlsx(file, limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "sheet_too_large");
  EXPECT_NE(r.error().detail.find("cell text"), std::string::npos) << r.error().detail;
}

}  // namespace
}  // namespace jz::registry
