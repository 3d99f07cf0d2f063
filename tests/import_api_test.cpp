// Spreadsheet import and export over real HTTP (and the CLI import) against a real server, on the backend
// named by JZ_TEST_BACKEND.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <unistd.h>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/id_number.hpp"
#include "common/uscc.hpp"
#include "registry/export.hpp"
#include "registry/spreadsheet.hpp"
#include "db/database.hpp"
#include "security/field_crypto.hpp"
#include "security/keyring.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

static const AccessRows kRows({
    {"POST /api/v1/imports/workers", "province_admin,city_officer,enterprise"},
    {"GET /api/v1/imports/workers/template.csv", "province_admin,city_officer,enterprise"},
    {"GET /api/v1/imports/workers/template.xlsx", "province_admin,city_officer,enterprise"},
    {"GET /api/v1/workers/export.csv", "province_admin,department,city_officer,enterprise"},
    {"GET /api/v1/workers/export.xlsx", "province_admin,department,city_officer,enterprise"},
    {"POST /api/v1/imports/enterprises", "province_admin,city_officer"},
    {"GET /api/v1/imports/enterprises/template.csv", "province_admin,city_officer"},
    {"GET /api/v1/imports/enterprises/template.xlsx", "province_admin,city_officer"},
});

// A valid ID number nobody else in this test process uses: county + a birth date counted up from 1971.
std::string new_id(const std::string& county) {
  static int n = 0;
  ++n;
  int days = n * 3;
  int year = 1971 + days / 336, month = 1 + (days / 28) % 12, day = 1 + days % 28;
  char first17[18];
  std::snprintf(first17, sizeof first17, "%s%04d%02d%02d%03d", county.c_str(), year, month, day, 600 + (n % 100) * 2);
  return std::string(first17) + id_number_check_char(first17);
}

// A valid USCC nobody else in this test process uses, registered in `county`.
std::string new_uscc(const std::string& county) {
  static int n = static_cast<int>(::getpid() % 100000) * 10;
  ++n;
  char first17[18];
  std::snprintf(first17, sizeof first17, "91%sMA%07d", county.c_str(), n);
  return std::string(first17) + uscc_check_char(first17);
}
// The same code with a wrong check character.
std::string bad_check(const std::string& uscc) {
  std::string s = uscc;
  s.back() = s.back() == '1' ? '2' : '1';
  return s;
}
// A unique ASCII enterprise name (searchable with q= without URL encoding).
std::string new_name() {
  static int n = 0;
  return "ImpEnt" + std::to_string(::getpid()) + "x" + std::to_string(++n);
}

class ImportApi : public ApiFixture<ImportApi> {
 protected:
  static HttpResult upload(const std::string& query, const std::string& body, const std::string& user,
                           const std::string& type = "text/csv; charset=utf-8") {
    HttpRequest r;
    r.method = "POST";
    r.target = "/api/v1/imports/workers" + query;
    r.body = body;
    r.headers["Content-Type"] = type;
    r.token = user.empty() ? "" : token(user);
    return client().send(r);
  }
  static HttpResult upload_enterprises(const std::string& query, const std::string& body, const std::string& user) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/api/v1/imports/enterprises" + query;
    r.body = body;
    r.headers["Content-Type"] = "text/csv; charset=utf-8";
    r.token = user.empty() ? "" : token(user);
    return client().send(r);
  }
  // Enterprises named `name` (admin sees all).
  static json::array enterprises_named(const std::string& name) {
    auto r = client().get("/api/v1/enterprises?q=" + name, token("admin"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array();
  }
  // How many workers the export (as admin, whole province) finds for `q` (an ID number is an exact lookup).
  static int64_t found(const std::string& id_number, const std::string& user = "admin") {
    auto r = client().get("/api/v1/workers/export.csv?q=" + id_number, token(user));
    EXPECT_EQ(r.status, 200) << r.body;
    return std::stoll(r.header("X-Export-Rows").empty() ? "-1" : r.header("X-Export-Rows"));
  }
  static std::string problem_code(const json::value& report, int64_t row) {
    for (const auto& p : report.at("problems").as_array())
      if (p.at("row").as_int64() == row) return std::string(p.at("code").as_string());
    return "none";
  }
};

TEST_F(ImportApi, TemplatesDownloadAndTheirExamplesNeverImport) {
  auto csv = client().get("/api/v1/imports/workers/template.csv", token("enterprise"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF姓名,身份证号,手机号", 0), 0u) << csv.body.substr(0, 60);
  EXPECT_NE(csv.header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_NE(csv.header("Content-Type").find("text/csv"), std::string::npos);

  auto xlsx = client().get("/api/v1/imports/workers/template.xlsx", token("lanzhou"));
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = registry::read_xlsx(xlsx.body);
  ASSERT_TRUE(sheet) << sheet.error().detail;
  ASSERT_EQ(sheet->rows.size(), 3u);
  EXPECT_EQ(sheet->rows[0][0], "姓名");
  EXPECT_NE(xlsx.body.find("xl/worksheets/sheet2.xml"), std::string::npos);  // the notes sheet

  // The examples pass their own checks (a clerk copying their format gets valid rows) …
  for (size_t i = 1; i < 3; ++i)
    EXPECT_TRUE(check_id_number(sheet->rows[i][1], "2026-01-01").valid) << sheet->rows[i][1];
  // … and uploaded as they are, they are skipped as examples, with a note, never imported.
  auto r = upload("?dry_run=1", csv.body, "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  auto report = r.json();
  EXPECT_EQ(report.at("total_rows").as_int64(), 0);
  EXPECT_EQ(report.at("bad_rows").as_int64(), 0);
  ASSERT_EQ(report.at("skipped_notes").as_array().size(), 2u) << r.body;
  EXPECT_EQ(report.at("skipped_notes").as_array()[0].at("reason").as_string(), "example");
  EXPECT_EQ(report.at("skipped_notes").as_array()[0].at("row").as_int64(), 2);
}

// Row 1 a title, row 2 the header; rows 3-4 good, 5 Excel's scientific notation, 6 unknown division,
// 7 the same person as row 3.
std::string mixed_file(const std::string& a, const std::string& b) {
  return "城关区家政服务员花名册,,,\n姓名,身份证号码,所在县区,工种\n"
         "王小花," + a + ",620102,养老护理员（中级）\n"
         "李芳," + b + ",城关区,家政服务员\n"
         "孙丽,6.20102E+17,620102,\n"
         "吴霞," + new_id("620102") + ",629999,\n"
         "王小花," + a + ",620102,\n";
}

// What a county clerk's real sheet carries: a total row in the ignored 序号 column, a note in an unnamed column,
// an ID with a trailing no-break space, a hyphenated ID, "48小时", "保姆", "兰州市" for the residence. The slips are
// repaired and the footer and note are skipped with a note, so the default all-or-nothing import goes through.
TEST_F(ImportApi, FooterAndNoteRowsAreSkippedAndCommonSlipsRepaired) {
  std::string a = new_id("620102"), b = new_id("620103"), c = new_id("620104");
  std::string hyphenated = b.substr(0, 6) + "-" + b.substr(6, 8) + "-" + b.substr(14);
  std::string file = "序号,姓名,身份证号码,现居住地,工种,每周工时,\n"
                     "1,王甲," + a + "\xC2\xA0,620102,保姆,48小时,\n"
                     "2,王乙," + hyphenated + ",兰州市,月嫂,40,\n"
                     "3,王丙," + c + ",甘肃省兰州市西固区,护工,,\n"
                     "合计：3人,,,,,,\n"
                     ",,,,,,注：工时按每周计算\n";
  auto r = upload("", file, "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  auto report = r.json();
  EXPECT_EQ(report.at("total_rows").as_int64(), 3) << r.body;
  EXPECT_EQ(report.at("bad_rows").as_int64(), 0) << r.body;
  EXPECT_EQ(report.at("imported").as_int64(), 3) << r.body;
  const auto& notes = report.at("skipped_notes").as_array();
  ASSERT_EQ(notes.size(), 2u) << r.body;
  EXPECT_EQ(notes[0].at("row").as_int64(), 5);
  EXPECT_EQ(notes[0].at("reason").as_string(), "footer");
  EXPECT_EQ(notes[0].at("text").as_string(), "合计：3人");
  EXPECT_EQ(notes[1].at("row").as_int64(), 6);
  EXPECT_EQ(notes[1].at("reason").as_string(), "note");
  std::set<std::string> repairs;
  for (const auto& rep : report.at("repairs").as_array())
    repairs.insert(std::to_string(rep.at("row").as_int64()) + " " + std::string(rep.at("what").as_string()));
  EXPECT_TRUE(repairs.count("2 id_number: spaces removed")) << r.body;
  EXPECT_TRUE(repairs.count("2 hours_per_week: unit removed")) << r.body;
  EXPECT_TRUE(repairs.count("3 id_number: hyphens removed")) << r.body;
  EXPECT_TRUE(repairs.count("3 current_division_code: 市州 name → county of the ID number")) << r.body;
  // What was written: the codes the names stand for.
  auto conn = database().acquire();
  auto row = [&](const std::string& name) {
    return conn->query("SELECT w.current_division_code, w.hours_per_week, o.occupation_code FROM workers w "
                       "JOIN worker_occupations o ON o.worker_id = w.id WHERE w.name = ? ORDER BY w.id DESC LIMIT 1",
                       {name});
  };
  auto jia = row("王甲"), yi = row("王乙"), bing = row("王丙");
  ASSERT_FALSE(jia.empty() || yi.empty() || bing.empty());
  EXPECT_EQ(jia[0].get_int(1), 48);
  EXPECT_EQ(jia[0].get_text(2), "housekeeping");
  EXPECT_EQ(yi[0].get_text(0), "620103");
  EXPECT_EQ(yi[0].get_text(2), "maternity_care");
  EXPECT_EQ(bing[0].get_text(0), "620104");
  EXPECT_EQ(bing[0].get_text(2), "patient_escort");
}

// A 市州 name that is not the ID number's: which county is reported, not guessed. A 3.9 MB cell is not echoed.
TEST_F(ImportApi, AmbiguousResidenceIsReportedAndHugeCellsAreNotEchoed) {
  std::string t = new_id("620502"), big(3'900'000, 'x');
  std::string file = "姓名,身份证号码,现居住地,工种\n王丁," + t + ",兰州市,保姆\n" + big + "," + new_id("620102") +
                     ",620102," + std::string(20000, 'y') + "\n";  // under the 4 MiB body limit
  auto r = upload("?dry_run=1", file, "admin");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_LT(r.body.size(), 20000u);
  auto report = r.json();
  EXPECT_EQ(problem_code(report, 2), "ambiguous_division");
  for (const auto& p : report.at("problems").as_array())
    if (p.at("row").as_int64() == 2) {
      std::string detail(p.at("detail").as_string());
      EXPECT_NE(detail.find("620102 兰州市城关区"), std::string::npos) << detail;
    }
  EXPECT_EQ(report.at("bad_rows").as_int64(), 2);
}

TEST_F(ImportApi, DryRunReportsEveryBadRowAndWritesNothing) {
  std::string a = new_id("620102"), b = new_id("620102");
  auto r = upload("?dry_run=1&mode=good_rows_only", mixed_file(a, b), "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.json();
  EXPECT_EQ(rep.at("header_row").as_int64(), 2);
  EXPECT_EQ(rep.at("skipped_rows").as_array().size(), 1u);
  EXPECT_EQ(rep.at("total_rows").as_int64(), 5);
  EXPECT_EQ(rep.at("good_rows").as_int64(), 2);
  EXPECT_EQ(rep.at("bad_rows").as_int64(), 3);
  EXPECT_FALSE(rep.at("written").as_bool());
  EXPECT_EQ(problem_code(rep, 5), "id_number_scientific");
  EXPECT_EQ(problem_code(rep, 6), "unknown_division");
  EXPECT_EQ(problem_code(rep, 7), "duplicate_in_file");
  for (const auto& p : rep.at("problems").as_array()) {
    EXPECT_FALSE(p.at("message").as_string().empty());
    if (p.at("row").as_int64() == 5) EXPECT_EQ(p.at("column").as_string(), "身份证号码");
  }
  // The first rows as read, for the importer to check the columns (the browser no longer parses the file):
  // known columns only, rows numbered as the spreadsheet shows them, personal data masked.
  const auto& preview = rep.at("preview").as_object();
  std::vector<std::string> header;
  for (const auto& h : preview.at("header").as_array()) header.emplace_back(h.as_string());
  EXPECT_EQ(header, (std::vector<std::string>{"姓名", "身份证号码", "所在县区", "工种"}));
  const auto& rows = preview.at("rows").as_array();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].at("row").as_int64(), 3);
  const auto& first = rows[0].at("cells").as_array();
  EXPECT_EQ(first[0].as_string(), "王*花");
  EXPECT_EQ(first[1].as_string().size(), a.size());
  EXPECT_NE(first[1].as_string(), a);
  EXPECT_EQ(first[2].as_string(), "620102");
  EXPECT_EQ(r.body.find(a), std::string::npos) << "a full ID number in the report";
  EXPECT_EQ(found(a), 0);
  EXPECT_EQ(found(b), 0);
}

TEST_F(ImportApi, AllOrNothingWithABadRowWritesNothing) {
  std::string a = new_id("620102"), b = new_id("620102");
  auto r = upload("?mode=all_or_nothing", mixed_file(a, b), "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json().at("written").as_bool());
  EXPECT_EQ(r.json().at("imported").as_int64(), 0);
  EXPECT_EQ(found(a), 0);
  EXPECT_EQ(found(b), 0);
  auto bad_mode = upload("?mode=half", mixed_file(a, b), "admin");
  EXPECT_EQ(bad_mode.status, 400);
  EXPECT_EQ(bad_mode.error_code(), "invalid_field");
}

TEST_F(ImportApi, GoodRowsOnlyWritesExactlyTheGoodRowsThenTheyAreDuplicates) {
  std::string a = new_id("620102"), b = new_id("620102");
  auto r = upload("?mode=good_rows_only", mixed_file(a, b), "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("written").as_bool());
  EXPECT_EQ(r.json().at("imported").as_int64(), 2);
  EXPECT_EQ(found(a), 1);
  EXPECT_EQ(found(b), 1);
  // The same people again: already registered.
  auto again = upload("", "姓名,身份证号\n王小花," + a + "\n", "admin");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(problem_code(again.json(), 2), "duplicate_person");
  EXPECT_FALSE(again.json().at("written").as_bool());
  EXPECT_EQ(found(a), 1);
  auto audit = client().get("/api/v1/audit?action=worker.import", token("admin")).json();
  EXPECT_GE(audit.at("total").as_int64(), 1);
}

TEST_F(ImportApi, CityOfficerCannotImportIntoAnotherPrefecture) {
  std::string lz = new_id("620102"), ts = new_id("620502");  // 兰州市城关区, 天水市秦州区
  auto r = upload("?mode=good_rows_only", "姓名,身份证号,现居住地\n王小花," + lz + ",620102\n李芳," + ts + ",620502\n",
                  "lanzhou");
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.json();
  EXPECT_EQ(rep.at("imported").as_int64(), 1);
  EXPECT_EQ(problem_code(rep, 3), "out_of_scope");
  EXPECT_EQ(found(lz), 1);
  EXPECT_EQ(found(ts), 0);
  // Nor put the rows on an enterprise of another 市州 she cannot see.
  auto other = upload("?enterprise_id=999999", "姓名,身份证号\n张兰," + new_id("620102") + "\n", "lanzhou");
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(other.error_code(), "unknown_enterprise");
}

TEST_F(ImportApi, EnterpriseImportIsAlwaysItsOwnStaff) {
  std::string id = new_id("620102");
  auto foreign = upload("?enterprise_id=999999", "姓名,身份证号\n张兰," + id + "\n", "enterprise");
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.error_code(), "out_of_scope");
  auto r = upload("", "姓名,身份证号\n张兰," + id + "\n", "enterprise");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("imported").as_int64(), 1);
  // Its own export (scope: its staff) finds her, so enterprise_id was set to its own.
  EXPECT_EQ(found(id, "enterprise"), 1);
  EXPECT_EQ(found(id, "dept"), 1);
  // Anonymous and department callers may not import at all.
  EXPECT_EQ(upload("", "姓名,身份证号\n", "").status, 401);
  EXPECT_EQ(upload("", "姓名,身份证号\n", "dept").status, 403);
}

TEST_F(ImportApi, GbkCsvJsonRowsAndXlsxUploadsAreRead) {
  std::string a = new_id("620102"), b = new_id("620102"), c = new_id("620102");
  auto gbk = registry::utf8_to_gb18030("姓名,身份证号,工种,家庭情况\n王小花," + a + ",月嫂,脱贫户\n");
  ASSERT_TRUE(gbk);
  auto r1 = upload("", *gbk, "admin");
  ASSERT_EQ(r1.status, 200) << r1.body;
  EXPECT_EQ(r1.json().at("encoding").as_string(), "gb18030");
  EXPECT_EQ(r1.json().at("imported").as_int64(), 1);

  json::object rows{{"rows", json::array{json::array{"姓名", "身份证号"}, json::array{"李芳", b}}}};
  auto r2 = upload("", json::serialize(rows), "admin", "application/json");
  ASSERT_EQ(r2.status, 200) << r2.body;
  EXPECT_EQ(r2.json().at("format").as_string(), "json_rows");
  EXPECT_EQ(r2.json().at("imported").as_int64(), 1);

  registry::Table t;
  t.sheet_name = "Sheet1";
  t.header = {"姓名", "身份证号"};
  t.rows = {{"赵兰", c}};
  auto bytes = registry::tables_xlsx({t});
  ASSERT_TRUE(bytes);
  auto r3 = upload("", *bytes, "admin", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_EQ(r3.status, 200) << r3.body;
  EXPECT_EQ(r3.json().at("format").as_string(), "xlsx");
  EXPECT_EQ(r3.json().at("imported").as_int64(), 1);
  EXPECT_EQ(found(a) + found(b) + found(c), 3);

  auto garbage = upload("", std::string("\xFF\xFE\x00\x80", 4), "admin", "text/csv");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(garbage.error_code(), "unreadable_file");
}

TEST_F(ImportApi, ExportIsMaskedUnlessTheProvinceAdminAsksAndThatIsAudited) {
  std::string id = new_id("620102");
  ASSERT_EQ(upload("", "姓名,身份证号,手机号\n钱梅," + id + ",13812345678\n", "admin").json().at("imported").as_int64(), 1);
  auto masked = client().get("/api/v1/workers/export.csv?q=" + id, token("admin"));
  ASSERT_EQ(masked.status, 200);
  EXPECT_EQ(masked.header("X-Export-Masking"), "masked");
  EXPECT_EQ(masked.body.find(id), std::string::npos);
  EXPECT_NE(masked.body.find(id.substr(0, 4) + "************" + id.substr(16)), std::string::npos) << masked.body;
  EXPECT_NE(masked.body.find("138****5678"), std::string::npos);

  auto full = client().get("/api/v1/workers/export.csv?unmasked=1&q=" + id, token("admin"));
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.header("X-Export-Masking"), "unmasked");
  EXPECT_NE(full.body.find(id), std::string::npos);
  EXPECT_NE(full.body.find("13812345678"), std::string::npos);
  auto audit = client().get("/api/v1/audit?action=worker.export_unmasked", token("admin")).json();
  ASSERT_GE(audit.at("total").as_int64(), 1);
  EXPECT_TRUE(audit.at("items").as_array()[0].at("sensitive").as_bool());
  EXPECT_EQ(json::serialize(audit).find(id), std::string::npos);

  for (const char* user : {"lanzhou", "dept", "enterprise"}) {
    auto denied = client().get("/api/v1/workers/export.csv?unmasked=1", token(user));
    EXPECT_EQ(denied.status, 403) << user;
  }
  auto xlsx = client().get("/api/v1/workers/export.xlsx?prefecture=6201", token("lanzhou"));
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.header("X-Export-Masking"), "masked");
  auto sheet = registry::read_xlsx(xlsx.body);
  ASSERT_TRUE(sheet);
  EXPECT_EQ(sheet->rows[0][0], "编号");
  EXPECT_GE(sheet->rows.size(), 2u);
  // A city officer asking for another 市州 gets nothing of it.
  auto other = client().get("/api/v1/workers/export.csv?prefecture=6205", token("lanzhou"));
  EXPECT_EQ(other.header("X-Export-Rows"), "0");
  EXPECT_EQ(client().get("/api/v1/workers/export.csv?flag=rich", token("admin")).status, 400);
}

TEST_F(ImportApi, CommandLineImportWithProgressAndExitStatus) {
  std::string id = new_id("620102");
  auto good = server().dir() / "cli_good.csv";
  std::ofstream(good) << "标题,,\n姓名,身份证号,工种\n周红," << id << ",育婴员\n";
  std::vector<std::string> base = {"--database", server().database_url(), "--key-dir", (server().dir() / "keys").string()};
  std::string out;
  std::vector<std::string> args = {"import", "workers", good.string()};
  args.insert(args.end(), base.begin(), base.end());
  EXPECT_EQ(server().run_command(args, &out), 0) << out;
  EXPECT_NE(out.find("imported 1 workers"), std::string::npos) << out;
  EXPECT_NE(out.find("writing"), std::string::npos) << out;  // the progress bar
  // The server, with the same keys, decrypts what the CLI encrypted.
  auto full = client().get("/api/v1/workers/export.csv?unmasked=1&q=" + id, token("admin"));
  EXPECT_NE(full.body.find(id), std::string::npos);

  auto bad = server().dir() / "cli_bad.csv";
  std::ofstream(bad) << "姓名,身份证号\n吴霞," << new_id("620102") << "\n孙丽,6.20102E+17\n";
  args = {"import", "workers", bad.string()};
  args.insert(args.end(), base.begin(), base.end());
  EXPECT_EQ(server().run_command(args, &out), 1) << out;
  EXPECT_NE(out.find("id_number_scientific"), std::string::npos) << out;
  EXPECT_NE(out.find("nothing imported"), std::string::npos) << out;
}

// The import writes through COPY on PostgreSQL (db::BulkLoad) and one INSERT per row on SQLite: the same file
// imported into this backend and into a fresh SQLite database, with the same keys, gives the same rows —
// every column but the generated ones (id, public id, timestamps; ciphertexts differ by their random nonce, so
// they are compared decrypted).
TEST_F(ImportApi, CommandLineImportWritesTheSameRowsAsIntoSQLite) {
  const char* occupations[] = {"保姆", "月嫂", "护工", "育婴员;家政服务员", ""};
  const char* flags[] = {"", "脱贫人口", "监测对象", "易地搬迁;农民工", "高校毕业生"};
  const char* scopes[] = {"", "县内", "省内", "跨省"};
  std::string file = "姓名,身份证号,手机号,现居住地,工种,家庭情况,住家,每周工时,期望工资,就业意向,意向城市\n";
  std::vector<std::string> ids, phones;
  for (int i = 0; i < 240; ++i) {
    std::string id = new_id(i % 3 == 0 ? "620102" : i % 3 == 1 ? "620503" : "621121");
    std::string phone = i % 7 == 0 ? "" : "139" + std::to_string(10000000 + ::getpid() % 1000 * 1000 + i);
    ids.push_back(id);
    phones.push_back(phone);
    std::string scope = scopes[i % 4];
    file += std::string(i % 2 ? "李" : "王") + (i % 5 ? "秀兰" : "芳") + "," + id + "," + phone + "," +
            (i % 4 == 0 ? "" : i % 4 == 1 ? "620102" : i % 4 == 2 ? "城关区" : "621121") + "," + occupations[i % 5] +
            "," + flags[i % 5] + "," + (i % 3 ? "否" : "是") + "," + (i % 6 ? std::to_string(20 + i % 30) : "") + "," +
            (i % 8 ? std::to_string(3000 + 100 * (i % 40)) : "") + "," + scope + "," +
            (scope == "跨省" ? "天津;厦门" : "") + "\n";
  }
  auto path = server().dir() / "cli_same_rows.csv";
  std::ofstream(path) << file;
  const std::string keys = (server().dir() / "keys").string();
  const std::string peer_url = "sqlite:" + (server().dir() / ("import_peer_" + std::to_string(::getpid()) + ".db")).string();
  std::string out;
  for (const std::string& url : {server().database_url(), peer_url}) {
    ASSERT_EQ(server().run_command({"import", "workers", path.string(), "--database", url, "--key-dir", keys}, &out), 0)
        << out;
    ASSERT_NE(out.find("imported 240 workers"), std::string::npos) << out;
  }

  security::FieldCipher cipher = test_cipher(keys);
  auto text = [](const db::Row& r, size_t i) {
    if (r.is_null(i)) return std::string("NULL");
    if (std::holds_alternative<db::Blob>(r.raw(i))) {
      std::string hex;
      for (unsigned char b : r.get_blob(i)) hex += "0123456789abcdef"[b >> 4], hex += "0123456789abcdef"[b & 15];
      return hex;
    }
    return r.get_text(i);
  };
  // One worker as lines of text: her row, her occupations, her flags' assertions.
  auto worker_of = [&](db::Connection& c, const std::string& id_number) {
    auto rows = c.query(
        "SELECT id, name, id_number_enc, id_number_bidx, id_number_mask, phone_enc, phone_bidx, phone_mask, gender, "
        "birth_date, native_division_code, current_division_code, prefecture_code, poverty_alleviated, monitored, "
        "relocated, rural_migrant, new_entrant, graduate, live_in, hours_per_week, expected_wage, work_scope, "
        "preferred_cities, labour_brand_id, enterprise_id, identity_status, poverty_alleviated_verified, "
        "monitored_verified FROM workers WHERE id_number_bidx = ?",
        {cipher.blind_index(id_number, "workers.id_number")});
    std::vector<std::string> lines;
    if (rows.size() != 1) return lines;
    const db::Row& w = rows[0];
    std::string line;
    for (size_t i = 1; i < w.size(); ++i) {
      if (i == 2 || i == 5) {  // ciphertexts: their plaintext
        if (w.is_null(i)) {
          line += "NULL";
        } else {
          auto plain = cipher.decrypt(w.get_blob(i), i == 2 ? "workers.id_number" : "workers.phone");
          line += plain ? *plain : std::string("(decrypt failed)");
        }
      } else {
        line += text(w, i);
      }
      line += "|";
    }
    lines.push_back(line);
    for (const auto& r :
         c.query("SELECT occupation_code, level FROM worker_occupations WHERE worker_id = ? ORDER BY occupation_code",
                 {w.get_int(0)}))
      lines.push_back("occupation " + text(r, 0) + " " + text(r, 1));
    for (const auto& r : c.query("SELECT flag, value, independent, asserted_by, asserted_role, asserted_organisation, "
                                 "via, evidence FROM worker_flag_assertions WHERE worker_id = ? ORDER BY flag",
                                 {w.get_int(0)})) {
      std::string a = "assertion";
      for (size_t i = 0; i < r.size(); ++i) a += " " + text(r, i);
      lines.push_back(a);
    }
    return lines;
  };
  auto here = db::open_database(server().database_url(), 1);
  auto peer = db::open_database(peer_url, 1);
  auto hc = here->acquire();
  auto pc = peer->acquire();
  size_t flagged = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto a = worker_of(*hc, ids[i]);
    auto b = worker_of(*pc, ids[i]);
    ASSERT_FALSE(a.empty()) << "row " << i + 2 << " missing in " << server().database_url();
    EXPECT_EQ(a, b) << "row " << i + 2;
    EXPECT_NE(a[0].find(ids[i]), std::string::npos);  // decrypted: the ID number itself
    for (const auto& l : a) flagged += l.rfind("assertion", 0) == 0;
  }
  EXPECT_GT(flagged, 50u);  // the provenance rows were compared too
}

// Row 1 the header; rows 2-3 good (code and county name; Chinese model names), 4 a malformed USCC, 5 an
// unknown model, 6 the same USCC as row 2, 7 an unknown county, 8 is_leading neither 是 nor 否.
std::string enterprise_file(const std::string& a, const std::string& b, const std::string& na, const std::string& nb) {
  return "企业名称,统一社会信用代码,所在县区,经营模式,龙头企业,服务工种\n" +
         na + "," + a + ",620102,员工制,是,家政服务员;养老护理员\n" +
         nb + "," + b + ",城关区,中介制,否,\n" +
         new_name() + ",9162010,620102,混合,否,\n" +
         new_name() + "," + new_uscc("620102") + ",620102,连锁,否,\n" +
         new_name() + "," + a + ",620102,混合,否,\n" +
         new_name() + "," + new_uscc("620102") + ",629999,混合,否,\n" +
         new_name() + "," + new_uscc("620102") + ",620102,混合,可能,\n";
}

TEST_F(ImportApi, EnterpriseImportReportsEveryBadRowAndWritesTheGoodOnes) {
  std::string a = new_uscc("620102"), b = new_uscc("620102"), na = new_name(), nb = new_name();
  auto refused = upload_enterprises("?mode=all_or_nothing", enterprise_file(a, b, na, nb), "admin");
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_FALSE(refused.json().at("written").as_bool());
  EXPECT_EQ(enterprises_named(na).size(), 0u);

  auto r = upload_enterprises("?mode=good_rows_only", enterprise_file(a, b, na, nb), "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.json();
  EXPECT_EQ(rep.at("total_rows").as_int64(), 7);
  EXPECT_EQ(rep.at("good_rows").as_int64(), 2);
  EXPECT_EQ(rep.at("bad_rows").as_int64(), 5);
  EXPECT_TRUE(rep.at("written").as_bool());
  EXPECT_EQ(rep.at("imported").as_int64(), 2);
  EXPECT_EQ(problem_code(rep, 4), "invalid_uscc");
  EXPECT_EQ(problem_code(rep, 5), "invalid_field");
  EXPECT_EQ(problem_code(rep, 6), "duplicate_enterprise");
  EXPECT_EQ(problem_code(rep, 7), "unknown_division");
  EXPECT_EQ(problem_code(rep, 8), "invalid_field");
  for (const auto& p : rep.at("problems").as_array()) {
    EXPECT_FALSE(p.at("message").as_string().empty());
    EXPECT_FALSE(p.at("column_letter").as_string().empty());
    if (p.at("row").as_int64() == 4) {
      EXPECT_EQ(p.at("column").as_string(), "统一社会信用代码");
    }
    if (p.at("row").as_int64() == 5) {
      EXPECT_EQ(p.at("column").as_string(), "经营模式");
    }
  }
  auto ea = enterprises_named(na);
  ASSERT_EQ(ea.size(), 1u);
  EXPECT_EQ(ea[0].at("model").as_string(), "employee_based");
  EXPECT_TRUE(ea[0].at("is_leading").as_bool());
  auto eb = enterprises_named(nb);
  ASSERT_EQ(eb.size(), 1u);
  EXPECT_EQ(eb[0].at("model").as_string(), "intermediary");
  EXPECT_EQ(eb[0].at("division_code").as_string(), "620102");

  // Again: now registered.
  auto again = upload_enterprises("", "企业名称,统一社会信用代码,所在县区,经营模式\n" + new_name() + "," + a + ",620102,混合\n", "admin");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(problem_code(again.json(), 2), "duplicate_enterprise");
  EXPECT_FALSE(again.json().at("written").as_bool());
  auto audit = client().get("/api/v1/audit?action=enterprise.import", token("admin")).json();
  EXPECT_GE(audit.at("total").as_int64(), 1);
}

TEST_F(ImportApi, EnterpriseDryRunWritesNothing) {
  std::string name = new_name();
  auto r = upload_enterprises("?dry_run=1",
                              "name,uscc,division_code,model,is_leading\n" + name + "," + new_uscc("620102") + ",620102,mixed,否\n",
                              "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("dry_run").as_bool());
  EXPECT_EQ(r.json().at("good_rows").as_int64(), 1);
  EXPECT_FALSE(r.json().at("written").as_bool());
  EXPECT_EQ(r.json().at("imported").as_int64(), 0);
  EXPECT_EQ(enterprises_named(name).size(), 0u);
}

TEST_F(ImportApi, EnterpriseWithOnlyABadCheckCharacterIsHeldForReview) {
  std::string name = new_name();
  auto r = upload_enterprises("", "企业名称,统一社会信用代码,区划代码,类型\n" + name + "," + bad_check(new_uscc("620102")) + ",620102,混合\n",
                              "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.json();
  EXPECT_EQ(rep.at("bad_rows").as_int64(), 0);
  EXPECT_EQ(rep.at("imported").as_int64(), 1);
  ASSERT_EQ(rep.at("held_for_review").as_array().size(), 1u);
  EXPECT_EQ(rep.at("held_for_review").as_array()[0].at("code").as_string(), "uscc_held_for_review");
  EXPECT_EQ(rep.at("held_for_review").as_array()[0].at("row").as_int64(), 2);
  auto e = enterprises_named(name);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_TRUE(e[0].at("held_for_review").as_bool());
  EXPECT_EQ(e[0].at("model").as_string(), "mixed");
}

TEST_F(ImportApi, EnterpriseImportScopeAndRoles) {
  std::string lz = new_name(), ts = new_name();
  std::string file = "企业名称,统一社会信用代码,所在县区,经营模式\n" + lz + "," + new_uscc("620102") + ",620102,员工制\n" + ts + "," +
                     new_uscc("620502") + ",620502,员工制\n";
  auto r = upload_enterprises("?mode=good_rows_only", file, "lanzhou");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("imported").as_int64(), 1);
  EXPECT_EQ(problem_code(r.json(), 3), "out_of_scope");
  EXPECT_EQ(enterprises_named(lz).size(), 1u);
  EXPECT_EQ(enterprises_named(ts).size(), 0u);

  EXPECT_EQ(upload_enterprises("", file, "enterprise").status, 403);
  EXPECT_EQ(upload_enterprises("", file, "worker").status, 403);
  EXPECT_EQ(upload_enterprises("", file, "dept").status, 403);
  EXPECT_EQ(upload_enterprises("", file, "").status, 401);
  EXPECT_EQ(client().get("/api/v1/imports/enterprises/template.csv", token("enterprise")).status, 403);
  EXPECT_EQ(enterprises_named(ts).size(), 0u);

  auto tpl = client().get("/api/v1/imports/enterprises/template.csv", token("lanzhou"));
  ASSERT_EQ(tpl.status, 200);
  EXPECT_EQ(tpl.body.rfind("\xEF\xBB\xBF统一社会信用代码,企业名称", 0), 0u) << tpl.body.substr(0, 60);
  auto check = upload_enterprises("?dry_run=1", tpl.body, "admin");
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_EQ(check.json().at("total_rows").as_int64(), 0);  // both are examples, skipped with a note
  EXPECT_EQ(check.json().at("skipped_notes").as_array().size(), 2u);
}

// The XLSX template: header, two examples whose codes pass their check character, a notes sheet; read back by
// the same reader.
TEST_F(ImportApi, EnterpriseXlsxTemplateReadsBackWithValidExamples) {
  EXPECT_EQ(client().get("/api/v1/imports/enterprises/template.xlsx", token("enterprise")).status, 403);
  auto xlsx = client().get("/api/v1/imports/enterprises/template.xlsx", token("lanzhou"));
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = registry::read_xlsx(xlsx.body);
  ASSERT_TRUE(sheet) << sheet.error().detail;
  ASSERT_EQ(sheet->rows.size(), 3u);
  EXPECT_EQ(sheet->rows[0][0], "统一社会信用代码");
  EXPECT_TRUE(check_uscc(sheet->rows[1][0]).checksum_ok) << sheet->rows[1][0];
  EXPECT_TRUE(check_uscc(sheet->rows[2][0]).checksum_ok) << sheet->rows[2][0];
  EXPECT_NE(xlsx.body.find("xl/worksheets/sheet2.xml"), std::string::npos);  // the notes sheet
}

TEST_F(ImportApi, CommandLineEnterpriseImport) {
  std::string good_name = new_name(), held_name = new_name();
  auto file = server().dir() / "cli_enterprises.csv";
  std::ofstream(file) << "企业名称,统一社会信用代码,所在县区,经营模式\n"
                      << good_name << "," << new_uscc("620102") << ",620102,员工制\n"
                      << held_name << "," << bad_check(new_uscc("620102")) << ",城关区,混合\n";
  std::vector<std::string> base = {"--database", server().database_url(), "--key-dir", (server().dir() / "keys").string()};
  std::string out;
  std::vector<std::string> args = {"import", "enterprises", file.string(), "--dry-run"};
  args.insert(args.end(), base.begin(), base.end());
  EXPECT_EQ(server().run_command(args, &out), 0) << out;
  EXPECT_NE(out.find("dry run"), std::string::npos) << out;
  EXPECT_EQ(enterprises_named(good_name).size(), 0u);

  args = {"import", "enterprises", file.string()};
  args.insert(args.end(), base.begin(), base.end());
  EXPECT_EQ(server().run_command(args, &out), 0) << out;
  EXPECT_NE(out.find("imported 2 enterprises"), std::string::npos) << out;
  EXPECT_NE(out.find("1 enterprises registered held for review"), std::string::npos) << out;
  ASSERT_EQ(enterprises_named(held_name).size(), 1u);
  EXPECT_TRUE(enterprises_named(held_name)[0].at("held_for_review").as_bool());
  EXPECT_EQ(enterprises_named(good_name).size(), 1u);

  // The same file again: every row is a duplicate, nothing is written, exit status 1.
  EXPECT_EQ(server().run_command(args, &out), 1) << out;
  EXPECT_NE(out.find("duplicate_enterprise"), std::string::npos) << out;
}

}  // namespace
}  // namespace jz::test
