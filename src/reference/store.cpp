#include "reference/store.hpp"

#include "db/query.hpp"

namespace jz::reference::store {
namespace {

const db::Columns& division_columns() {
  static const db::Columns cols(
      "code, name, level, parent_code, is_key_support_county, is_relocation_settlement, valid_from, valid_to");
  return cols;
}

DivisionRow division_from(const db::Row& r) {
  const auto& c = division_columns();
  return DivisionRow{.code = c.text(r, "code"),
                     .name = c.text(r, "name"),
                     .level = c.integer(r, "level"),
                     .parent_code = c.opt_text(r, "parent_code"),
                     .is_key_support_county = c.boolean(r, "is_key_support_county"),
                     .is_relocation_settlement = c.boolean(r, "is_relocation_settlement"),
                     .valid_from = c.text(r, "valid_from"),
                     .valid_to = c.opt_text(r, "valid_to")};
}

}  // namespace

std::vector<DivisionRow> divisions_under(db::Connection& conn, const std::string& parent, const std::string& at) {
  db::Where w;
  if (parent.empty()) w.raw("level = 1");
  else w.add("parent_code = ?", parent);
  w.add("valid_from <= ?", at).raw("(valid_to IS NULL OR valid_to > ?)", {at});
  std::vector<DivisionRow> out;
  for (const auto& r :
       conn.query("SELECT " + division_columns().list() + " FROM divisions" + w.sql() + " ORDER BY code", w.params()))
    out.push_back(division_from(r));
  return out;
}

std::optional<DivisionRow> find_division(db::Connection& conn, const std::string& code) {
  auto rows = conn.query("SELECT " + division_columns().list() + " FROM divisions WHERE code = ?", {code});
  if (rows.empty()) return std::nullopt;
  return division_from(rows[0]);
}

std::vector<DivisionRow> all_divisions(db::Connection& conn) {
  std::vector<DivisionRow> out;
  for (const auto& r : conn.query("SELECT " + division_columns().list() + " FROM divisions"))
    out.push_back(division_from(r));
  return out;
}

std::vector<std::pair<std::string, std::string>> provinces(db::Connection& conn) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : conn.query("SELECT code, name FROM provinces"))
    out.emplace_back(r.get_text(0), r.get_text(1));
  return out;
}

void set_division_flag(db::Connection& conn, const std::string& code, DivisionFlag flag, bool value) {
  const char* sql = flag == DivisionFlag::key_support_county
                        ? "UPDATE divisions SET is_key_support_county = ? WHERE code = ?"
                        : "UPDATE divisions SET is_relocation_settlement = ? WHERE code = ?";
  conn.exec(sql, {int64_t{value ? 1 : 0}, code});
}

std::vector<OccupationRow> occupations(db::Connection& conn, bool english) {
  std::vector<OccupationRow> out;
  for (const auto& r :
       conn.query("SELECT code, name_zh, name_en, category, scarce, emerging FROM occupations ORDER BY code"))
    out.push_back(OccupationRow{.code = r.get_text(0),
                                .name = english ? r.get_text(2) : r.get_text(1),
                                .name_zh = r.get_text(1),
                                .name_en = r.get_text(2),
                                .category = r.get_text(3),
                                .scarce = r.get_bool(4),
                                .emerging = r.get_bool(5)});
  return out;
}

std::vector<BrandRow> labour_brands(db::Connection& conn) {
  std::vector<BrandRow> out;
  for (const auto& r : conn.query("SELECT b.id, b.code, b.name, b.home_division_code, d.name, b.occupations FROM "
                                  "labour_brands b LEFT JOIN divisions d ON d.code = b.home_division_code ORDER BY b.id"))
    out.push_back(BrandRow{.id = r.get_int(0),
                           .code = r.get_text(1),
                           .name = r.get_text(2),
                           .home_division_code = r.get_text(3),
                           .home_division_name = r.get_text(4),
                           .occupations = db::split_list(r.get_text(5))});
  return out;
}

}  // namespace jz::reference::store
