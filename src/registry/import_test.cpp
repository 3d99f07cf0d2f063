#include "registry/import.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "common/id_number.hpp"
#include "common/time.hpp"
#include "db/migrate.hpp"
#include "security/keyring.hpp"
#include "security/random.hpp"

namespace jz::registry {
namespace {
namespace fs = std::filesystem;

std::string with_check(const std::string& first17) { return first17 + id_number_check_char(first17); }

// A fresh migrated SQLite database per test: imports write, and each test counts what it wrote.
class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jz_import_" + security::random_token(9));
    fs::create_directories(dir_);
    db_ = db::open_database("sqlite:" + (dir_ / "t.db").string(), 2);
    db::migrate(*db_);
    auto conn = db_->acquire();
    catalog_ = std::make_unique<reference::DivisionCatalog>(reference::DivisionCatalog::load(*conn));
    keyring_ = std::make_unique<security::Keyring>(security::Keyring::load_or_create(dir_ / "keys"));
    cipher_ = std::make_unique<security::FieldCipher>(*keyring_);
  }
  void TearDown() override {
    cipher_.reset();
    keyring_.reset();
    catalog_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }

  ImportReport import(const std::string& csv, ImportOptions opts = {}) {
    auto sheet = read_csv(csv);
    EXPECT_TRUE(sheet);
    WorkerImporter importer(*db_, *cipher_, *catalog_);
    audits_.clear();
    auto r = importer.run(*sheet, opts, [this](db::Connection&, const security::AuditEntry& e) { audits_.push_back(e); });
    EXPECT_TRUE(r) << (r ? "" : r.error().code + " " + r.error().field);
    return r ? *r : ImportReport{};
  }
  int64_t count(const std::string& sql) {
    auto conn = db_->acquire();
    return conn->query(sql)[0].get_int(0);
  }
  static const ImportProblem* find(const ImportReport& r, int64_t row) {
    for (const auto& p : r.problems)
      if (p.row == row) return &p;
    return nullptr;
  }

  fs::path dir_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<reference::DivisionCatalog> catalog_;
  std::unique_ptr<security::Keyring> keyring_;
  std::unique_ptr<security::FieldCipher> cipher_;
  std::vector<security::AuditEntry> audits_;
};

const std::string kGood1 = with_check("62010219900307002");   // 兰州市城关区, F
const std::string kGood2 = with_check("62050219850612004");   // 天水市秦州区, F
const std::string kLowerX = [] {                              // a number whose check character is X
  for (int seq = 100; seq < 999; seq += 2) {
    std::string id = with_check("620102199104" + std::to_string(10) + std::to_string(seq));
    if (id.back() == 'X') return id;
  }
  return std::string();
}();
const std::string kBadChecksum = kGood1.substr(0, 17) + (kGood1.back() == '1' ? "2" : "1");

std::string fullwidth(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') out += std::string("\xEF\xBC") + static_cast<char>(0x90 + (c - '0'));
    else out += c;
  }
  return out;
}

// Rows 1-2 are a merged title and a note; the header is row 3; data from row 4.
std::string mixed_file() {
  std::string lower = kLowerX;
  lower.back() = 'x';
  return "\xEF\xBB\xBF"
         "兰州市城关区家政服务员登记表,,,,,,\n"
         "填报日期：2024年6月,,,,,,\n"
         "姓名,身份证号码,联系电话,所在县区,工种,家庭情况,期望工资（元/月）\n"
         "王小花," + kGood1 + ",13812345678,620102,养老护理员（中级）、家政服务员,脱贫户,\"4,500\"\n"        // 4 good
         "李芳,　" + fullwidth(kGood2) + "　,13912345678,秦州区,母婴护理员:高级,监测对象,5000元\n"           // 5 repaired
         "赵兰," + lower + ",,城关区,育婴员(初级),,\n"                                                    // 6 lower x
         "钱梅,620102900307124,,620102,月嫂,易地搬迁户,\n"                                                 // 7 15-digit
         "孙丽,6.20102E+17,,620102,,,\n"                                                                   // 8 scientific
         "周红," + kBadChecksum + ",,620102,,,\n"                                                          // 9 checksum
         "吴霞," + with_check("62010219920101002") + ",,629999,,,\n"                                        // 10 division
         "郑敏," + with_check("62010219930101004") + ",,620102,不存在的工种,,\n"                           // 11 occupation
         "王小花," + kGood1 + ",,620102,,,\n"                                                               // 12 duplicate
         ",,,,,,\n";                                                                                        // blank
}

TEST_F(ImportTest, DryRunReportsEveryProblemAndRepairAndWritesNothing) {
  ImportOptions opts;
  opts.dry_run = true;
  auto r = import(mixed_file(), opts);
  EXPECT_EQ(r.encoding, TextEncoding::utf8_bom);
  EXPECT_EQ(r.header_row, 3);
  EXPECT_EQ(r.skipped_rows, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(r.total_rows, 9);
  EXPECT_EQ(r.good_rows, 4);
  EXPECT_EQ(r.bad_rows, 5);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(count("SELECT COUNT(*) FROM workers"), 0);

  auto code_at = [&](int64_t row) { auto* p = find(r, row); return p ? p->code : std::string("none"); };
  EXPECT_EQ(code_at(4), "none");
  EXPECT_EQ(code_at(5), "none");
  EXPECT_EQ(code_at(6), "none");
  EXPECT_EQ(code_at(7), "none");
  EXPECT_EQ(code_at(8), "id_number_scientific");
  EXPECT_EQ(code_at(9), "invalid_id_number");
  EXPECT_EQ(code_at(10), "unknown_division");
  EXPECT_EQ(code_at(11), "unknown_occupation");
  EXPECT_EQ(code_at(12), "duplicate_in_file");
  EXPECT_EQ(find(r, 12)->detail, "4");
  EXPECT_EQ(find(r, 8)->column, "身份证号码");
  EXPECT_EQ(find(r, 8)->column_letter, "B");
  EXPECT_EQ(find(r, 10)->column, "所在县区");

  auto repaired = [&](int64_t row, const std::string& what) {
    return std::any_of(r.repairs.begin(), r.repairs.end(),
                       [&](const ImportRepair& x) { return x.row == row && x.what.find(what) != std::string::npos; });
  };
  EXPECT_TRUE(repaired(4, "thousands separator"));
  EXPECT_TRUE(repaired(5, "full-width"));
  EXPECT_TRUE(repaired(6, "lower-case x"));
  EXPECT_TRUE(repaired(7, "15→18"));

  // Never a full ID number in the report, not even of bad rows.
  std::string text = boost::json::serialize(report_json(r, Lang::zh));
  for (const auto& id : {kGood1, kGood2, kLowerX, kBadChecksum}) EXPECT_EQ(text.find(id), std::string::npos) << id;
  EXPECT_NE(text.find("身份证号码 已被 Excel 转成科学计数法"), std::string::npos);
  ASSERT_EQ(audits_.size(), 1u);
  EXPECT_EQ(audits_[0].action, "worker.import_check");
}

TEST_F(ImportTest, AllOrNothingWithABadRowWritesNothing) {
  auto r = import(mixed_file());
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.imported, 0);
  EXPECT_EQ(r.bad_rows, 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM workers"), 0);
  ASSERT_EQ(audits_.size(), 1u);
  EXPECT_EQ(audits_[0].action, "worker.import_refused");
}

TEST_F(ImportTest, GoodRowsOnlyWritesExactlyTheGoodRowsWithCodesForNames) {
  ImportOptions opts;
  opts.mode = ImportMode::good_rows_only;
  auto r = import(mixed_file(), opts);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.imported, 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM workers"), 4);
  ASSERT_EQ(r.imported_ids.size(), 4u);
  auto conn = db_->acquire();
  auto w = conn->query("SELECT id_number_enc, phone_enc, id_number_mask, poverty_alleviated, expected_wage, "
                       "current_division_code FROM workers WHERE id = ?",
                       {r.imported_ids[0]});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(*cipher_->decrypt(w[0].get_blob(0), "workers.id_number"), kGood1);
  EXPECT_EQ(*cipher_->decrypt(w[0].get_blob(1), "workers.phone"), "13812345678");
  EXPECT_EQ(w[0].get_text(2), kGood1.substr(0, 4) + "************" + kGood1.substr(16));
  EXPECT_TRUE(w[0].get_bool(3));
  EXPECT_EQ(w[0].get_int(4), 4500);
  auto occ = conn->query("SELECT occupation_code, level FROM worker_occupations WHERE worker_id = ? ORDER BY occupation_code",
                         {r.imported_ids[0]});
  ASSERT_EQ(occ.size(), 2u);
  EXPECT_EQ(occ[0].get_text(0), "elderly_care");
  EXPECT_EQ(occ[0].get_int(1), 2);
  EXPECT_EQ(occ[1].get_text(0), "housekeeping");
  // Row 5: county name → code, 监测对象 → monitored, level 高级 → 3.
  auto li = conn->query("SELECT current_division_code, monitored, expected_wage FROM workers WHERE id = ?", {r.imported_ids[1]});
  EXPECT_EQ(li[0].get_text(0), "620502");
  EXPECT_TRUE(li[0].get_bool(1));
  EXPECT_EQ(li[0].get_int(2), 5000);
  EXPECT_EQ(conn->query("SELECT level FROM worker_occupations WHERE worker_id = ?", {r.imported_ids[1]})[0].get_int(0), 3);
  // Row 7 (15 digits, 月嫂, 易地搬迁户).
  auto qian = conn->query("SELECT relocated, birth_date FROM workers WHERE id = ?", {r.imported_ids[3]});
  EXPECT_TRUE(qian[0].get_bool(0));
  EXPECT_EQ(qian[0].get_text(1), "1990-03-07");
  ASSERT_EQ(audits_.size(), 1u);
  EXPECT_EQ(audits_[0].action, "worker.import");
  EXPECT_EQ(audits_[0].summary.find(kGood1), std::string::npos);
}

TEST_F(ImportTest, SamePersonAlreadyRegisteredIsADuplicate) {
  std::string file = "姓名,身份证号\n王小花," + kGood1 + "\n";
  EXPECT_EQ(import(file).imported, 1);
  auto again = import("姓名,身份证号\n李芳," + kGood2 + "\n王小花," + kGood1 + "\n");
  EXPECT_FALSE(again.written);
  ASSERT_EQ(again.problems.size(), 1u);
  EXPECT_EQ(again.problems[0].row, 3);
  EXPECT_EQ(again.problems[0].code, "duplicate_person");
  EXPECT_EQ(count("SELECT COUNT(*) FROM workers"), 1);
}

TEST_F(ImportTest, CityOfficerRowsOutsideHerPrefectureAreOutOfScope) {
  ImportOptions opts;
  opts.scope.prefecture = "6201";
  opts.mode = ImportMode::good_rows_only;
  auto r = import("姓名,身份证号,现居住地\n王小花," + kGood1 + ",620102\n李芳," + kGood2 + ",620502\n", opts);
  EXPECT_EQ(r.imported, 1);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].code, "out_of_scope");
  EXPECT_EQ(r.problems[0].row, 3);
}

TEST_F(ImportTest, EnterpriseIdIsForcedOnEveryRowAndMustExist) {
  int64_t ent;
  {
    auto conn = db_->acquire();
    ent = conn->insert(
        "INSERT INTO enterprises (uscc, name, division_code, prefecture_code, model, created_at, updated_at) "
        "VALUES ('91620102MA00000001', '测试家政', '620102', '6201', 'employee_based', ?, ?)",
        {now_utc(), now_utc()});
  }
  ImportOptions opts;
  opts.scope.enterprise_id = ent;
  auto r = import("姓名,身份证号\n王小花," + kGood1 + "\n", opts);
  ASSERT_EQ(r.imported, 1);
  EXPECT_EQ(count("SELECT enterprise_id FROM workers"), ent);

  opts.scope.enterprise_id = ent + 1000;
  auto sheet = read_csv("姓名,身份证号\n李芳," + kGood2 + "\n");
  auto missing = WorkerImporter(*db_, *cipher_, *catalog_).run(*sheet, opts, {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "unknown_enterprise");
}

TEST_F(ImportTest, Gb18030FileWithTrailingZerosFromExcel) {
  auto gb = utf8_to_gb18030("姓名,身份证号,工种\n王小花," + kGood1.substr(0, 15) + "000,家政服务员\n李芳," + kGood2 + ",厨嫂\n");
  ASSERT_TRUE(gb);
  ImportOptions opts;
  opts.dry_run = true;
  auto r = import(*gb, opts);
  EXPECT_EQ(r.encoding, TextEncoding::gb18030);
  EXPECT_EQ(r.good_rows, 1);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].code, "id_number_scientific");
  EXPECT_EQ(r.problems[0].detail, "trailing_zeros");
}

TEST_F(ImportTest, MissingColumnOrHeaderFailsTheWholeFile) {
  WorkerImporter importer(*db_, *cipher_, *catalog_);
  auto r = importer.run(*read_csv("姓名,手机号\n王小花,13812345678\n"), {}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "import_missing_column");
}

TEST_F(ImportTest, ThousandsOfRowsOnTwoThreadsInBulkKeepRowOrderAndIndexes) {
  std::string csv = "姓名,身份证号,现居住地,工种\n";
  std::vector<std::string> ids;
  for (int i = 0; i < 3000; ++i) {
    std::string id = with_check(fmt::format("620102{}{:02}{:02}{:03}", 1970 + i % 30, 1 + i % 12, 1 + i % 28, 100 + (i / 420) * 2));
    ids.push_back(id);
    csv += "工人" + std::to_string(i) + "," + id + ",620102,housekeeping:1\n";
  }
  int64_t indexes = count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'");
  ImportOptions opts;
  opts.threads = 2;
  opts.bulk_rows = 1000;  // the bulk path: indexes dropped and rebuilt, rows in blind-index order
  int64_t last_done = 0;
  opts.progress = [&](std::string_view phase, int64_t done, int64_t) {
    if (phase == "writing") last_done = done;
  };
  auto r = import(csv, opts);
  ASSERT_EQ(r.bad_rows, 0) << (r.problems.empty() ? "" : r.problems[0].code + " row " + std::to_string(r.problems[0].row));
  ASSERT_EQ(r.imported, 3000);
  EXPECT_EQ(last_done, 3000);
  auto conn = db_->acquire();
  auto first = conn->query("SELECT id_number_enc, name FROM workers WHERE id = ?", {r.imported_ids[2999]});
  EXPECT_EQ(*cipher_->decrypt(first[0].get_blob(0), "workers.id_number"), ids[2999]);
  EXPECT_EQ(first[0].get_text(1), "工人2999");
  EXPECT_EQ(count("SELECT COUNT(DISTINCT public_id) FROM workers"), 3000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'"), indexes);
  EXPECT_EQ(count("SELECT COUNT(*) FROM workers INDEXED BY workers_prefecture WHERE prefecture_code = '6201'"), 3000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM worker_occupations"), 3000);
  // The rebuilt indexes (names, phones) and the ones kept live during the load agree with the table.
  EXPECT_EQ(count("SELECT COUNT(*) FROM workers INDEXED BY workers_name WHERE name = '工人2999'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM worker_occupations INDEXED BY worker_occupations_code "
                  "WHERE occupation_code = 'housekeeping'"),
            3000);
  EXPECT_EQ(conn->query("PRAGMA integrity_check")[0].get_text(0), "ok");
}

}  // namespace
}  // namespace jz::registry
