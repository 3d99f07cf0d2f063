#pragma once
// The divisions of Gansu (and the province-level codes of China) held in memory: a few hundred rows,
// read once at start-up, used to name codes derived from ID numbers and to check division codes
// without a database round trip. Immutable after load; safe to share between threads.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace jz::reference {

struct Division {
  std::string code;  // "62", "6201", "620102"
  std::string name;
  int level = 0;     // 1 province, 2 市州 (prefecture), 3 county
  std::string parent_code;
  bool is_key_support_county = false;
  bool is_relocation_settlement = false;
  std::string valid_from;
  std::string valid_to;  // empty while current
};

class DivisionCatalog final {
 public:
  static DivisionCatalog load(db::Connection& conn);
  const Division* find(const std::string& code) const;
  std::vector<const Division*> children(const std::string& parent) const;
  std::vector<const Division*> counties() const;
  // A readable name for the 6-digit region of an ID number: the county if known, else its 市州 or
  // province ("甘肃省（已撤销或变更的县区 620103）" style is left to the caller).
  std::string describe_region(const std::string& code6) const;
  // True when `code` is a Gansu county (a place a worker or an enterprise can be registered in) that is still
  // valid on `on` (YYYY-MM-DD): one rule for the forms, the imports and the registry.
  bool is_gansu_county(const std::string& code, const std::string& on) const;
  // The 4-digit 市州 of a county code, or "" when `code` is not a known Gansu division.
  std::string prefecture_of(const std::string& code) const;
  // The 2-digit code of the province a free-text place starts with — its full name ("陕西省西安市"), its
  // short name ("陕西西安", "宁夏银川", "内蒙古包头") or, failing those, one of the big cities of other
  // provinces in data/divisions/centroids.csv ("西安市", "深圳") — or "" when it names none.
  std::string province_of_place(std::string_view place) const;

 private:
  std::map<std::string, Division> by_code_;
  std::map<std::string, std::string> provinces_;  // 2-digit code → name
};

}  // namespace jz::reference
