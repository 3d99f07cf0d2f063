#include "reference/divisions.hpp"

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "reference/store.hpp"

namespace jz::reference {

DivisionCatalog DivisionCatalog::load(db::Connection& conn) {
  DivisionCatalog c;
  for (auto& r : store::all_divisions(conn)) {
    Division d{std::move(r.code),          std::move(r.name),       static_cast<int>(r.level),
               r.parent_code.value_or(""), r.is_key_support_county, r.is_relocation_settlement,
               std::move(r.valid_from),    r.valid_to.value_or("")};
    c.by_code_.emplace(d.code, std::move(d));
  }
  for (auto& [code, name] : store::provinces(conn)) c.provinces_[code] = std::move(name);
  return c;
}

const Division* DivisionCatalog::find(const std::string& code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &it->second;
}

std::vector<const Division*> DivisionCatalog::children(const std::string& parent) const {
  std::vector<const Division*> out;
  for (const auto& [code, d] : by_code_)
    if (d.parent_code == parent) out.push_back(&d);
  return out;
}

std::vector<const Division*> DivisionCatalog::counties() const {
  std::vector<const Division*> out;
  for (const auto& [code, d] : by_code_)
    if (d.level == 3 && d.valid_to.empty()) out.push_back(&d);
  return out;
}

std::string DivisionCatalog::describe_region(const std::string& code6) const {
  if (const Division* d = find(code6)) {
    const Division* pref = find(d->parent_code);
    return pref ? pref->name + d->name : d->name;
  }
  if (code6.size() >= 4)
    if (const Division* pref = find(code6.substr(0, 4))) return pref->name;
  if (code6.size() >= 2) {
    if (const Division* prov = find(code6.substr(0, 2))) return prov->name;
    auto it = provinces_.find(code6.substr(0, 2));
    if (it != provinces_.end()) return it->second;
  }
  return {};
}

bool DivisionCatalog::is_gansu_county(const std::string& code, const std::string& on) const {
  const Division* d = find(code);
  return d && d->level == 3 && code.rfind("62", 0) == 0 && (d->valid_to.empty() || d->valid_to > on);
}

std::string DivisionCatalog::prefecture_of(const std::string& code) const {
  const Division* d = find(code);
  if (!d) return {};
  if (d->level == 2) return d->code;
  if (d->level == 3) return d->parent_code;
  return {};
}

namespace {
// The big cities of other provinces (data/divisions/centroids.csv, kind "city": name without 市 → province
// code), for places written as just a city ("西安市", "深圳").
const std::vector<std::pair<std::string, std::string>>& partner_cities() {
  static const auto cities = [] {
    std::vector<std::pair<std::string, std::string>> out;
    if (auto text = embedded_file("data/divisions/centroids.csv"))
      for (const auto& row : parse_csv(*text))
        if (row.size() >= 3 && row[0] == "city") out.emplace_back(row[2], row[1]);
    return out;
  }();
  return cities;
}
}  // namespace

std::string DivisionCatalog::province_of_place(std::string_view place) const {
  // Short names drop the administrative suffix: 省, 市, 自治区 with its nationality (回族, 壮族, 维吾尔),
  // 特别行政区. The longest matching name wins, so "内蒙古" is never read as something shorter.
  static constexpr std::string_view kSuffixes[] = {"维吾尔自治区", "回族自治区", "壮族自治区", "特别行政区",
                                                   "自治区", "省", "市"};
  std::string best_code;
  size_t best_len = 0;
  for (const auto& [code, name] : provinces_) {
    std::string_view full = name;
    std::string_view short_name = full;
    for (auto suffix : kSuffixes)
      if (full.size() > suffix.size() && full.ends_with(suffix)) {
        short_name = full.substr(0, full.size() - suffix.size());
        break;
      }
    for (std::string_view candidate : {full, short_name})
      if (candidate.size() > best_len && place.starts_with(candidate)) {
        best_code = code;
        best_len = candidate.size();
      }
  }
  if (best_code.empty())
    for (const auto& [city, code] : partner_cities())
      if (city.size() > best_len && place.starts_with(city)) {
        best_code = code;
        best_len = city.size();
      }
  return best_code;
}

}  // namespace jz::reference
