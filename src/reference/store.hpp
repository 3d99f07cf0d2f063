#pragma once
// SQL of the reference data: divisions (with their programme flags), the occupation catalogue and the
// labour brands. The types are described so routes write them and the OpenAPI document shows them as-is.
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/json_struct.hpp"

namespace jz::reference::store {

struct DivisionRow {
  std::string code;
  std::string name;
  int64_t level = 0;  // 1 province/市州 list, 2 市州, 3 county
  std::optional<std::string> parent_code;
  bool is_key_support_county = false;
  bool is_relocation_settlement = false;
  std::string valid_from;
  std::optional<std::string> valid_to;
};
BOOST_DESCRIBE_STRUCT(DivisionRow, (),
                      (code, name, level, parent_code, is_key_support_county, is_relocation_settlement, valid_from,
                       valid_to))

struct OccupationRow {
  std::string code;
  std::string name;  // in the request's language
  std::string name_zh;
  std::string name_en;
  std::string category;
  bool scarce = false;
  bool emerging = false;
};
BOOST_DESCRIBE_STRUCT(OccupationRow, (), (code, name, name_zh, name_en, category, scarce, emerging))

struct BrandRow {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string home_division_code;
  std::string home_division_name;
  std::vector<std::string> occupations;
};
BOOST_DESCRIBE_STRUCT(BrandRow, (), (id, code, name, home_division_code, home_division_name, occupations))

// Divisions valid on `at` under `parent` (empty: the 市州 level).
std::vector<DivisionRow> divisions_under(db::Connection& conn, const std::string& parent, const std::string& at);
std::optional<DivisionRow> find_division(db::Connection& conn, const std::string& code);
// Every division, whatever its validity (DivisionCatalog holds them in memory), and the names of China's
// provinces by code (for places outside Gansu).
std::vector<DivisionRow> all_divisions(db::Connection& conn);
std::vector<std::pair<std::string, std::string>> provinces(db::Connection& conn);
// The county flags a province admin may set.
enum class DivisionFlag { key_support_county, relocation_settlement };
void set_division_flag(db::Connection& conn, const std::string& code, DivisionFlag flag, bool value);

std::vector<OccupationRow> occupations(db::Connection& conn, bool english);
std::vector<BrandRow> labour_brands(db::Connection& conn);

}  // namespace jz::reference::store
