#include "registry/worker_input.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "common/id_number.hpp"
#include "db/migrate.hpp"
#include "security/keyring.hpp"
#include "security/random.hpp"

namespace jz::registry {
namespace {
namespace fs = std::filesystem;

std::string with_check(const std::string& first17) { return first17 + id_number_check_char(first17); }

// One migrated SQLite database per test binary: the divisions, occupations and brands are the real ones.
class WorkerInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("jz_worker_input_" + security::random_token(9)));
    fs::create_directories(*dir_);
    db_ = db::open_database("sqlite:" + (*dir_ / "t.db").string(), 1).release();
    db::migrate(*db_);
    auto conn = db_->acquire();
    catalog_ = new reference::DivisionCatalog(reference::DivisionCatalog::load(*conn));
    refs_ = new ReferenceSets(load_reference_sets(*conn, *catalog_));
    refs_->today = "2024-06-01";
    keyring_ = new security::Keyring(security::Keyring::load_or_create(*dir_ / "keys"));
    cipher_ = new security::FieldCipher(*keyring_);
  }
  static void TearDownTestSuite() {
    delete cipher_;
    delete keyring_;
    delete refs_;
    delete catalog_;
    delete db_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  static WorkerInput good() {
    WorkerInput in;
    in.name = "王小花";
    in.id_number = with_check("62010219900307002");  // 兰州市城关区, 1990-03-07, even 17th digit: F
    in.phone = "13812345678";
    in.occupations = "elderly_care:2;housekeeping";
    in.flags = "poverty_alleviated;graduate";
    in.live_in = "是";
    in.hours_per_week = "48";
    in.expected_wage = "4500";
    in.work_scope = "跨省";
    in.preferred_cities = "天津；厦门";
    in.labour_brand = "陇原妹";
    return in;
  }
  static ValidatedWorker ok(const WorkerInput& in) {
    auto r = validate_worker(in, *refs_);
    if (auto* p = std::get_if<std::vector<FieldProblem>>(&r)) {
      std::string all;
      for (const auto& f : *p) all += f.field + ":" + f.code + ":" + f.detail + " ";
      ADD_FAILURE() << all;
      return {};
    }
    return std::get<ValidatedWorker>(r);
  }
  static std::vector<FieldProblem> problems(const WorkerInput& in) {
    auto r = validate_worker(in, *refs_);
    if (std::holds_alternative<ValidatedWorker>(r)) {
      ADD_FAILURE() << "expected problems";
      return {};
    }
    return std::get<std::vector<FieldProblem>>(r);
  }
  static bool has(const std::vector<FieldProblem>& p, const std::string& field, const std::string& code) {
    return std::any_of(p.begin(), p.end(), [&](const FieldProblem& f) { return f.field == field && f.code == code; });
  }
  static bool repaired(const ValidatedWorker& w, const std::string& what) {
    return std::find(w.repairs.begin(), w.repairs.end(), what) != w.repairs.end();
  }

  static fs::path* dir_;
  static db::Database* db_;
  static reference::DivisionCatalog* catalog_;
  static ReferenceSets* refs_;
  static security::Keyring* keyring_;
  static security::FieldCipher* cipher_;
};
fs::path* WorkerInputTest::dir_ = nullptr;
db::Database* WorkerInputTest::db_ = nullptr;
reference::DivisionCatalog* WorkerInputTest::catalog_ = nullptr;
ReferenceSets* WorkerInputTest::refs_ = nullptr;
security::Keyring* WorkerInputTest::keyring_ = nullptr;
security::FieldCipher* WorkerInputTest::cipher_ = nullptr;

TEST_F(WorkerInputTest, AcceptsAGoodRecordAndDerivesFromTheIdNumber) {
  auto w = ok(good());
  EXPECT_EQ(w.name, "王小花");
  EXPECT_EQ(w.gender, 'F');
  EXPECT_EQ(w.birth_date, "1990-03-07");
  EXPECT_EQ(w.native_division_code, "620102");
  EXPECT_EQ(w.current_division_code, "620102");  // defaulted to the native county
  EXPECT_EQ(w.prefecture_code, "6201");
  ASSERT_EQ(w.occupations.size(), 2u);
  EXPECT_EQ(w.occupations[0], (std::pair<std::string, int>{"elderly_care", 2}));
  EXPECT_EQ(w.occupations[1], (std::pair<std::string, int>{"housekeeping", 1}));
  EXPECT_TRUE(w.poverty_alleviated);
  EXPECT_TRUE(w.graduate);
  EXPECT_FALSE(w.monitored);
  EXPECT_TRUE(w.live_in);
  EXPECT_EQ(w.hours_per_week, 48);
  EXPECT_EQ(w.expected_wage, 4500);
  EXPECT_EQ(w.work_scope, "cross_province");
  EXPECT_EQ(w.preferred_cities, "天津;厦门");
  EXPECT_EQ(w.labour_brand_id, refs_->brands.at("longyuan_mei"));
  EXPECT_TRUE(repaired(w, "current_division_code: native county"));
}

TEST_F(WorkerInputTest, DerivesMaleFromAnOddSeventeenthDigit) {
  auto in = good();
  in.id_number = with_check("62050219851231001");  // 天水市秦州区
  auto w = ok(in);
  EXPECT_EQ(w.gender, 'M');
  EXPECT_EQ(w.birth_date, "1985-12-31");
  EXPECT_EQ(w.prefecture_code, "6205");
}

TEST_F(WorkerInputTest, RepairsFullWidthDigitsSpacesAndLowerCaseX) {
  // Find a number whose check character is X, then type it the way county offices do.
  std::string first17;
  for (int seq = 0; seq < 1000; seq += 2) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%03d", seq);
    std::string f = "62010219900307" + std::string(buf);
    if (id_number_check_char(f) == 'X') {
      first17 = f;
      break;
    }
  }
  ASSERT_FALSE(first17.empty());
  std::string typed = "\xE3\x80\x80";  // ideographic space
  for (size_t i = 0; i < first17.size(); ++i) {
    if (i < 6) typed += "\xEF\xBC" + std::string(1, static_cast<char>(0x90 + (first17[i] - '0')));  // ０-９
    else typed += first17[i];
    if (i == 5 || i == 13) typed += " ";
  }
  typed += "x ";
  auto in = good();
  in.id_number = typed;
  auto w = ok(in);
  EXPECT_EQ(w.id_number, first17 + "X");
  EXPECT_TRUE(repaired(w, "id_number: full-width characters"));
  EXPECT_TRUE(repaired(w, "id_number: spaces removed"));
  EXPECT_TRUE(repaired(w, "id_number: lower-case x"));
}

TEST_F(WorkerInputTest, UpgradesAFifteenDigitNumber) {
  auto in = good();
  in.id_number = "620102900307002";  // first generation: 6-digit county, YYMMDD, 3-digit sequence
  auto w = ok(in);
  EXPECT_EQ(w.id_number, with_check("62010219900307002"));
  EXPECT_EQ(w.birth_date, "1990-03-07");
  EXPECT_TRUE(repaired(w, "id_number: 15→18"));
}

TEST_F(WorkerInputTest, ReportsEveryProblemAtOnce) {
  WorkerInput in;
  in.name = "";
  in.id_number = "620102199003070021x";
  in.phone = "12345";
  in.current_division_code = "110101";  // 北京 东城: not a Gansu county
  in.occupations = "elderly_care:5;spaceflight:1;housekeeping:1;housekeeping:2";
  in.flags = "poverty_alleviated;millionaire";
  in.live_in = "maybe";
  in.hours_per_week = "100";
  in.expected_wage = "-5";
  in.work_scope = "abroad";
  in.labour_brand = "no_such_brand";
  in.enterprise_id = 0;
  auto p = problems(in);
  EXPECT_TRUE(has(p, "name", "missing_field"));
  EXPECT_TRUE(has(p, "id_number", "invalid_id_number"));
  EXPECT_TRUE(has(p, "phone", "invalid_mobile"));
  EXPECT_TRUE(has(p, "current_division_code", "unknown_division"));
  EXPECT_TRUE(has(p, "occupations", "invalid_field"));       // level 5, and housekeeping twice
  EXPECT_TRUE(has(p, "occupations", "unknown_occupation"));  // spaceflight
  EXPECT_TRUE(has(p, "flags", "invalid_field"));
  EXPECT_TRUE(has(p, "live_in", "invalid_field"));
  EXPECT_TRUE(has(p, "hours_per_week", "invalid_field"));
  EXPECT_TRUE(has(p, "expected_wage", "invalid_field"));
  EXPECT_TRUE(has(p, "work_scope", "invalid_field"));
  EXPECT_TRUE(has(p, "labour_brand", "unknown_labour_brand"));
  EXPECT_TRUE(has(p, "enterprise_id", "invalid_field"));
  EXPECT_EQ(p.size(), 14u);
}

TEST_F(WorkerInputTest, NamesTheReasonAnIdNumberIsRefused) {
  auto in = good();
  std::string valid = with_check("62010219900307002");
  in.id_number = valid.substr(0, 17) + (valid[17] == '1' ? "2" : "1");
  auto p = problems(in);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].detail, "bad_checksum");
  in.id_number = "";
  EXPECT_TRUE(has(problems(in), "id_number", "missing_field"));
  in.id_number = with_check("62010230000101002");  // born in the future
  EXPECT_EQ(problems(in)[0].detail, "future_birth_date");
}

TEST_F(WorkerInputTest, CurrentDivisionMustBeAGansuCountyAndDefaultsOnlyToOne) {
  auto in = good();
  in.current_division_code = "6201";  // a 市州, not a county
  EXPECT_TRUE(has(problems(in), "current_division_code", "unknown_division"));
  in.current_division_code = "620502";
  EXPECT_EQ(ok(in).prefecture_code, "6205");
  // Born in Beijing, no current county given: nothing to default to.
  in.current_division_code = "";
  in.id_number = with_check("11010519900307002");
  EXPECT_TRUE(has(problems(in), "current_division_code", "missing_field"));
  in.current_division_code = "620102";
  auto w = ok(in);
  EXPECT_EQ(w.native_division_code, "110105");
  EXPECT_EQ(w.current_division_code, "620102");
}

TEST_F(WorkerInputTest, AcceptsChineseNamesForFlagsLevelsAndScopes) {
  auto in = good();
  in.flags = "脱贫人口、监测帮扶对象、易地搬迁、农村进城务工、新成长劳动力、高校毕业生";
  in.occupations = "maternity_care:技师；infant_care:中级";
  in.work_scope = "本县";
  in.live_in = "否";
  in.expected_wage = "5200.00";
  in.labour_brand = "tianshui_baiwawa";
  auto w = ok(in);
  EXPECT_TRUE(w.poverty_alleviated && w.monitored && w.relocated && w.rural_migrant && w.new_entrant && w.graduate);
  EXPECT_EQ(w.occupations[0].second, 4);
  EXPECT_EQ(w.occupations[1].second, 2);
  EXPECT_EQ(w.work_scope, "home_county");
  EXPECT_FALSE(w.live_in);
  EXPECT_EQ(w.expected_wage, 5200);
  EXPECT_EQ(w.labour_brand_id, refs_->brands.at("天水白娃娃"));
}

TEST_F(WorkerInputTest, DefaultsWhenOptionalFieldsAreEmpty) {
  WorkerInput in;
  in.name = "\xE3\x80\x80李梅 ";
  in.id_number = with_check("62050219900307002");
  auto w = ok(in);
  EXPECT_EQ(w.name, "李梅");
  EXPECT_EQ(w.phone, "");
  EXPECT_EQ(w.hours_per_week, 40);
  EXPECT_EQ(w.expected_wage, 0);
  EXPECT_EQ(w.work_scope, "in_province");
  EXPECT_FALSE(w.labour_brand_id);
  EXPECT_TRUE(w.occupations.empty());
}

TEST_F(WorkerInputTest, NewPublicIdsUseTheUnambiguousAlphabet) {
  for (int i = 0; i < 50; ++i) {
    std::string id = new_public_id();
    ASSERT_EQ(id.size(), 12u);
    EXPECT_EQ(id.find_first_not_of("23456789abcdefghjkmnpqrstuvwxyz"), std::string::npos) << id;
  }
  EXPECT_NE(new_public_id(), new_public_id());
}

TEST_F(WorkerInputTest, WriterEncryptsMasksAndRefusesTheSamePersonTwice) {
  auto in = good();
  in.id_number = with_check("62040219880808004");
  auto w = ok(in);
  WorkerWriter writer(*cipher_);
  auto conn = db_->acquire();
  int64_t id;
  {
    db::Transaction tx(*conn, true);
    EXPECT_TRUE(check_against_database(*conn, w, writer).empty());
    id = writer.insert(*conn, w);
    tx.commit();
  }
  auto rows = conn->query(
      "SELECT public_id, id_number_enc, id_number_mask, phone_enc, phone_mask, gender, prefecture_code, labour_brand_id "
      "FROM workers WHERE id = ?",
      {id});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get_text(0).size(), 12u);
  EXPECT_EQ(*cipher_->decrypt(rows[0].get_blob(1), "workers.id_number"), w.id_number);
  EXPECT_EQ(rows[0].get_text(2), w.id_number.substr(0, 4) + "************" + w.id_number.substr(16));
  EXPECT_EQ(*cipher_->decrypt(rows[0].get_blob(3), "workers.phone"), "13812345678");
  EXPECT_EQ(rows[0].get_text(4), "138****5678");
  EXPECT_EQ(rows[0].get_text(5), "F");
  EXPECT_EQ(rows[0].get_text(6), "6204");
  EXPECT_EQ(conn->query("SELECT COUNT(*) FROM worker_occupations WHERE worker_id = ?", {id})[0].get_int(0), 2);

  // The same person typed differently (lower-case x cannot occur here, so full-width digits) is found.
  EXPECT_TRUE(writer.exists(*conn, w.id_number));
  auto again = check_against_database(*conn, w, writer);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].code, "duplicate_person");
  EXPECT_EQ(again[0].field, "id_number");
  db::Transaction tx(*conn, true);
  EXPECT_THROW(writer.insert(*conn, w), db::ConstraintError);
}

TEST_F(WorkerInputTest, DatabaseCheckNamesAMissingEnterprise) {
  auto in = good();
  in.id_number = with_check("62040219880808006");
  in.enterprise_id = 987654;
  auto w = ok(in);
  WorkerWriter writer(*cipher_);
  auto conn = db_->acquire();
  auto p = check_against_database(*conn, w, writer);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].code, "unknown_enterprise");
}

}  // namespace
}  // namespace jz::registry
