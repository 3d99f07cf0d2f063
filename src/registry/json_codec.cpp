#include "registry/json_codec.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "common/error_catalog.hpp"
#include "http/params.hpp"

namespace jz::registry::codec {
namespace {

std::optional<int64_t> parse_positive(const std::string& s) { return http::parse_id(s); }

// A scalar JSON value as the text a spreadsheet cell would hold; nullopt for arrays and objects.
std::optional<std::string> scalar_text(const json::value& v) {
  if (v.is_null()) return std::string();
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_bool()) return std::string(v.as_bool() ? "1" : "0");
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_double()) {
    double d = v.as_double();
    if (d == static_cast<double>(static_cast<int64_t>(d))) return std::to_string(static_cast<int64_t>(d));
    return fmt::format("{}", d);
  }
  return std::nullopt;
}

// The WorkerInput text of one JSON field: lists may come as arrays ("occupations": [{"code", "level"}],
// "flags": ["graduate"] or {"graduate": true}, "preferred_cities": ["天津"]) or as the spreadsheet's text.
std::optional<std::string> field_text(const std::string& key, const json::value& v) {
  if (auto s = scalar_text(v)) return s;
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v.as_array()) {
      std::string part;
      if (key == "occupations" && item.is_object()) {
        const auto& o = item.as_object();
        auto code = o.if_contains("code");
        if (!code || !code->is_string()) return std::nullopt;
        part = std::string(code->as_string());
        if (auto level = o.if_contains("level"); level && !level->is_null()) {
          auto l = scalar_text(*level);
          if (!l) return std::nullopt;
          part += ":" + *l;
        }
      } else {
        auto s = scalar_text(item);
        if (!s) return std::nullopt;
        part = *s;
      }
      // A list separator inside an item would split it: refuse rather than guess.
      if (part.find(';') != std::string::npos) return std::nullopt;
      out += (out.empty() ? "" : ";") + part;
    }
    return out;
  }
  if (v.is_object() && key == "flags") {
    std::string out;
    for (const auto& [name, on] : v.as_object()) {
      if (!on.is_bool()) return std::nullopt;
      if (on.as_bool()) out += (out.empty() ? "" : ";") + std::string(name);
    }
    return out;
  }
  return std::nullopt;
}

constexpr const char* kWorkerTextFields[] = {"name",           "id_number",     "phone",      "current_division_code",
                                             "occupations",    "flags",         "live_in",    "hours_per_week",
                                             "expected_wage",  "work_scope",    "preferred_cities", "labour_brand"};
// Derived from the ID number or kept by other workflows: never written through the registry's PATCH.
constexpr const char* kWorkerFixedFields[] = {"id_number",       "gender",     "birth_date", "native_division_code",
                                              "prefecture_code", "public_id",  "identity_status", "id"};

FieldProblem problem(const Error& e) { return FieldProblem{e.field, e.code, e.detail}; }

// enterprise_id / labour_brand_id: a positive number, a numeric string, or null.
std::optional<std::optional<int64_t>> id_value(const json::value& v) {
  if (v.is_null()) return std::optional<int64_t>{};
  if (v.is_int64() && v.as_int64() > 0) return std::optional<int64_t>(v.as_int64());
  if (v.is_uint64() && v.as_uint64() > 0 && v.as_uint64() < (1ull << 62)) return std::optional<int64_t>(static_cast<int64_t>(v.as_uint64()));
  if (v.is_string()) {
    std::string s(v.as_string());
    if (s.empty()) return std::optional<int64_t>{};
    if (auto n = parse_positive(s)) return std::optional<int64_t>(*n);
  }
  return std::nullopt;
}

Result<std::optional<std::string>> opt_string(const json::object& o, std::string_view key, size_t max_len = 1000) {
  auto it = o.find(key);
  if (it == o.end()) return std::optional<std::string>{};
  if (it->value().is_null()) return std::optional<std::string>(std::string());
  if (!it->value().is_string()) return make_error("invalid_field", std::string(key), "string expected");
  if (it->value().as_string().size() > max_len) return make_error("invalid_field", std::string(key), "too long");
  return std::optional<std::string>(std::string(it->value().as_string()));
}

Result<std::optional<std::vector<std::string>>> opt_string_list(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::optional<std::vector<std::string>>{};
  std::vector<std::string> out;
  const json::value& v = it->value();
  if (v.is_null()) return std::optional<std::vector<std::string>>(out);
  if (v.is_string()) {
    std::string s(v.as_string());
    for (size_t pos = 0; pos <= s.size();) {
      size_t semi = s.find_first_of(";,", pos);
      if (semi == std::string::npos) semi = s.size();
      if (semi > pos) out.push_back(s.substr(pos, semi - pos));
      pos = semi + 1;
    }
    return std::optional<std::vector<std::string>>(out);
  }
  if (!v.is_array() || v.as_array().size() > 50) return make_error("invalid_field", std::string(key), "list of codes expected");
  for (const auto& item : v.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
    else if (item.is_object() && item.as_object().if_contains("code") && item.as_object().at("code").is_string())
      out.emplace_back(item.as_object().at("code").as_string());
    else return make_error("invalid_field", std::string(key), "list of codes expected");
  }
  return std::optional<std::vector<std::string>>(out);
}

Result<std::optional<std::optional<int64_t>>> opt_id(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::optional<std::optional<int64_t>>{};
  auto v = id_value(it->value());
  if (!v) return make_error("invalid_field", std::string(key), "id expected");
  return std::optional<std::optional<int64_t>>(*v);
}

std::vector<std::string> split_semicolons(const std::string& list) {
  std::vector<std::string> out;
  for (size_t pos = 0; pos < list.size();) {
    size_t semi = list.find(';', pos);
    if (semi == std::string::npos) semi = list.size();
    if (semi > pos) out.push_back(list.substr(pos, semi - pos));
    pos = semi + 1;
  }
  return out;
}

json::value opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

std::string division_name(const reference::DivisionCatalog& catalog, const std::string& code) {
  const reference::Division* d = catalog.find(code);
  return d ? d->name : std::string();
}

json::array string_array(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

json::array id_names(const std::vector<std::pair<int64_t, std::string>>& items) {
  json::array a;
  for (const auto& [id, name] : items) a.push_back(json::object{{"id", id}, {"name", name}});
  return a;
}

}  // namespace

Result<Page> parse_page(const http::Request& req) {
  auto p = http::parse_page(req);
  if (!p) return p.error();
  return Page{.page = static_cast<int>(p->page), .page_size = static_cast<int>(p->page_size)};
}

Result<int64_t> path_id(const http::Request& req, const std::string& name) { return http::path_id(req, name); }

Result<std::optional<int64_t>> query_id(const http::Request& req, const std::string& name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<int64_t>{};
  auto n = parse_positive(*v);
  if (!n) return make_error("invalid_field", name, "id expected");
  return std::optional<int64_t>(*n);
}

http::Response problems_response(const std::vector<FieldProblem>& problems, Lang lang) {
  json::array list;
  for (const auto& p : problems) {
    Error e{p.code, p.field, p.detail};
    json::object item{{"code", p.code}, {"message", error_message(e, lang)}};
    item["field"] = p.field.empty() ? json::value(nullptr) : json::value(p.field);
    list.push_back(std::move(item));
  }
  const FieldProblem& first = problems.front();
  Error e{first.code, first.field, first.detail};
  json::object err{{"code", first.code}, {"message", error_message(e, lang)}};
  err["field"] = first.field.empty() ? json::value(nullptr) : json::value(first.field);
  err["problems"] = std::move(list);
  return http::json_response(json::object{{"error", std::move(err)}}, error_spec(first.code).http_status);
}

void worker_input_from_json(const json::object& o, WorkerInput& in, std::vector<FieldProblem>& problems) {
  std::map<std::string, std::string*> slots{
      {"name", &in.name},
      {"id_number", &in.id_number},
      {"phone", &in.phone},
      {"current_division_code", &in.current_division_code},
      {"occupations", &in.occupations},
      {"flags", &in.flags},
      {"live_in", &in.live_in},
      {"hours_per_week", &in.hours_per_week},
      {"expected_wage", &in.expected_wage},
      {"work_scope", &in.work_scope},
      {"preferred_cities", &in.preferred_cities},
      {"labour_brand", &in.labour_brand},
  };
  for (const auto& [key, slot] : slots) {
    auto it = o.find(key);
    if (it == o.end()) continue;
    auto text = field_text(key, it->value());
    if (!text || text->size() > 2000) problems.push_back(problem(make_error("invalid_field", key, "wrong type")));
    else *slot = *text;
  }
  // A brand may also be named by its id (the reference sets map "id" text to the brand as well).
  if (auto it = o.find("labour_brand_id"); it != o.end() && in.labour_brand.empty()) {
    auto v = id_value(it->value());
    if (!v) problems.push_back(problem(make_error("invalid_field", "labour_brand_id", "id expected")));
    else if (*v) in.labour_brand = std::to_string(**v);
  }
  if (auto it = o.find("enterprise_id"); it != o.end()) {
    auto v = id_value(it->value());
    if (!v) problems.push_back(problem(make_error("invalid_field", "enterprise_id", "id expected")));
    else in.enterprise_id = *v;
  }
}

WorkerPatch worker_patch_from_json(const json::object& o) {
  WorkerPatch patch;
  for (const char* key : kWorkerFixedFields)
    if (o.contains(key)) patch.conversion_problems.push_back(problem(make_error("field_not_editable", key)));
  for (const char* key : kWorkerTextFields) {
    if (std::string_view(key) == "id_number") continue;
    auto it = o.find(key);
    if (it == o.end()) continue;
    auto text = field_text(key, it->value());
    if (!text || text->size() > 2000)
      patch.conversion_problems.push_back(problem(make_error("invalid_field", key, "wrong type")));
    else patch.fields[key] = *text;
  }
  if (auto it = o.find("labour_brand_id"); it != o.end() && !patch.fields.count("labour_brand")) {
    auto v = id_value(it->value());
    if (!v) patch.conversion_problems.push_back(problem(make_error("invalid_field", "labour_brand_id", "id expected")));
    else patch.fields["labour_brand"] = *v ? std::to_string(**v) : std::string();
  }
  if (auto it = o.find("enterprise_id"); it != o.end()) {
    auto v = id_value(it->value());
    if (!v) patch.conversion_problems.push_back(problem(make_error("invalid_field", "enterprise_id", "id expected")));
    else patch.enterprise_id.emplace(*v);
  }
  return patch;
}

Result<EnterpriseInput> enterprise_input_from_json(const json::object& o) {
  EnterpriseInput in;
  for (auto [key, slot] : {std::pair{"uscc", &in.uscc}, std::pair{"name", &in.name},
                           std::pair{"division_code", &in.division_code}, std::pair{"model", &in.model},
                           std::pair{"address", &in.address}}) {
    auto v = opt_string(o, key);
    if (!v) return v.error();
    *slot = *v;
  }
  if (auto it = o.find("is_leading"); it != o.end()) {
    if (!it->value().is_bool()) return make_error("invalid_field", "is_leading", "true or false expected");
    in.is_leading = it->value().as_bool();
  }
  auto occ = opt_string_list(o, "occupations");
  if (!occ) return occ.error();
  in.occupations = *occ;
  for (const char* fixed : {"listing_status", "uscc_check_ok", "held_for_review", "prefecture_code"})
    if (o.contains(fixed)) return make_error("field_not_editable", fixed);
  return in;
}

Result<UnitInput> unit_input_from_json(const json::object& o) {
  UnitInput in;
  for (auto [key, slot] : {std::pair{"name", &in.name}, std::pair{"division_code", &in.division_code},
                           std::pair{"address", &in.address}, std::pair{"contact_name", &in.contact_name},
                           std::pair{"kind", &in.institution_kind}, std::pair{"uscc", &in.uscc}}) {
    auto v = opt_string(o, key);
    if (!v) return v.error();
    *slot = *v;
  }
  if (auto it = o.find("contact_phone"); it != o.end()) {
    if (it->value().is_null()) in.contact_phone.emplace();  // present and null: clear it
    else if (it->value().is_string()) in.contact_phone.emplace(std::string(it->value().as_string()));
    else return make_error("invalid_field", "contact_phone", "string expected");
  }
  auto ent = opt_id(o, "enterprise_id");
  if (!ent) return ent.error();
  in.enterprise_id = *ent;
  auto brand = opt_id(o, "labour_brand_id");
  if (!brand) return brand.error();
  in.labour_brand_id = *brand;
  auto occ = opt_string_list(o, "occupations");
  if (!occ) return occ.error();
  in.occupations = *occ;
  return in;
}

Result<BrandInput> brand_input_from_json(const json::object& o) {
  BrandInput in;
  for (auto [key, slot] : {std::pair{"code", &in.code}, std::pair{"name", &in.name},
                           std::pair{"home_division_code", &in.home_division_code}}) {
    auto v = opt_string(o, key, 100);
    if (!v) return v.error();
    *slot = v->value_or("");
  }
  auto occ = opt_string_list(o, "occupations");
  if (!occ) return occ.error();
  in.occupations = occ->value_or(std::vector<std::string>{});
  return in;
}

json::object enterprise_json(const Enterprise& e, const reference::DivisionCatalog& catalog, bool full) {
  json::object o{{"id", e.id},
                 {"uscc", e.uscc},
                 {"uscc_check_ok", e.uscc_check_ok},
                 {"held_for_review", e.held_for_review},
                 {"name", e.name},
                 {"division_code", e.division_code},
                 {"division_name", division_name(catalog, e.division_code)},
                 {"prefecture_code", e.prefecture_code},
                 {"prefecture_name", division_name(catalog, e.prefecture_code)},
                 {"model", e.model},
                 {"is_leading", e.is_leading},
                 {"listing_status", e.listing_status},
                 {"address", e.address},
                 {"created_at", e.created_at},
                 {"updated_at", e.updated_at}};
  if (full) {
    o["occupations"] = string_array(e.occupations);
    json::array brands;
    for (const auto& b : e.brands) brands.push_back(json::object{{"id", b.id}, {"code", b.code}, {"name", b.name}});
    o["brands"] = std::move(brands);
  }
  o["worker_count"] = e.worker_count;  // the list counts them too (store::list_enterprises)
  return o;
}

json::object public_enterprise_json(const Enterprise& e, const reference::DivisionCatalog& catalog) {
  return json::object{{"id", e.id},
                      {"name", e.name},
                      {"division_code", e.division_code},
                      {"division_name", division_name(catalog, e.division_code)},
                      {"prefecture_code", e.prefecture_code},
                      {"prefecture_name", division_name(catalog, e.prefecture_code)},
                      {"model", e.model},
                      {"is_leading", e.is_leading},
                      {"listing_status", e.listing_status},
                      {"occupations", string_array(e.occupations)}};
}

json::object listing_event_json(const ListingEvent& ev) {
  return json::object{{"id", ev.id},
                      {"from_status", opt(ev.from_status)},
                      {"status", ev.status},
                      {"reason", ev.reason},
                      {"actor_username", ev.actor_username},
                      {"actor_role", ev.actor_role},
                      {"at", ev.at}};
}

json::object brand_json(const LabourBrand& b, const reference::DivisionCatalog& catalog) {
  json::array enterprises;
  for (const auto& [id, name] : b.enterprises) enterprises.push_back(json::object{{"id", id}, {"name", name}});
  return json::object{{"id", b.id},
                      {"code", b.code},
                      {"name", b.name},
                      {"home_division_code", b.home_division_code},
                      {"home_division_name", division_name(catalog, b.home_division_code)},
                      {"occupations", string_array(b.occupations)},
                      {"worker_count", b.worker_count},
                      {"enterprise_count", b.enterprise_count},
                      {"enterprises", std::move(enterprises)}};
}

json::object unit_json(const Unit& u, const reference::DivisionCatalog& catalog, bool public_view) {
  json::object o{{"id", u.id},
                 {"name", u.name},
                 {"division_code", u.division_code},
                 {"division_name", division_name(catalog, u.division_code)},
                 {"prefecture_code", u.prefecture_code},
                 {"prefecture_name", division_name(catalog, u.prefecture_code)},
                 {"address", u.address}};
  if (u.kind == UnitKind::institution) {
    o["kind"] = u.institution_kind;
    o["occupations"] = string_array(u.occupations);
  }
  if (public_view) return o;
  o["contact_name"] = u.contact_name;
  o["contact_phone_mask"] = opt(u.contact_phone_mask);
  if (u.kind == UnitKind::institution) o["uscc"] = opt(u.uscc);
  else {
    o["enterprise_id"] = opt(u.enterprise_id);
    o["member_count"] = u.member_count;
  }
  if (u.kind == UnitKind::transfer_base) o["labour_brand_id"] = opt(u.labour_brand_id);
  o["created_at"] = u.created_at;
  o["updated_at"] = u.updated_at;
  return o;
}

json::value birth_year(std::string_view birth_date) {
  int year = 0;
  auto [end, ec] = std::from_chars(birth_date.data(), birth_date.data() + std::min<size_t>(4, birth_date.size()), year);
  if (ec != std::errc() || end != birth_date.data() + 4) return nullptr;
  return year;
}

json::object worker_json(const WorkerRecord& w, const reference::DivisionCatalog& catalog, bool full) {
  json::array occupations;
  for (const auto& [code, level] : w.occupations) occupations.push_back(json::object{{"code", code}, {"level", level}});
  json::object o{{"id", w.id},
                 {"public_id", w.public_id},
                 {"name", w.name},
                 {"id_number_mask", w.id_number_mask},
                 {"phone_mask", opt(w.phone_mask)},
                 {"gender", w.gender},
                 // The year only, never the date: with the native county and the mask's tail the date would
                 // narrow the ID number down to a handful (docs/api.md, "Masks").
                 {"birth_year", birth_year(w.birth_date)},
                 {"current_division_code", w.current_division_code},
                 {"current_division_name", division_name(catalog, w.current_division_code)},
                 {"prefecture_code", w.prefecture_code},
                 {"prefecture_name", division_name(catalog, w.prefecture_code)},
                 {"flags", string_array(w.flags)},
                 {"occupations", std::move(occupations)},
                 {"live_in", w.live_in},
                 {"hours_per_week", w.hours_per_week},
                 {"expected_wage", w.expected_wage},
                 {"work_scope", w.work_scope},
                 {"preferred_cities", string_array(split_semicolons(w.preferred_cities))},
                 {"labour_brand_id", opt(w.labour_brand_id)},
                 {"labour_brand_code", w.labour_brand_code},
                 {"labour_brand_name", w.labour_brand_name},
                 {"enterprise_id", opt(w.enterprise_id)},
                 {"enterprise_name", w.enterprise_name},
                 {"identity_status", w.identity_status},
                 {"has_photo", w.has_photo},
                 {"created_at", w.created_at},
                 {"updated_at", w.updated_at}};
  if (full) {
    o["native_division_code"] = w.native_division_code;
    o["native_division_name"] = catalog.describe_region(w.native_division_code);
    o["transfer_bases"] = id_names(w.transfer_bases);
    o["service_points"] = id_names(w.service_points);
    o["photo_url"] = w.has_photo ? json::value(fmt::format("/api/v1/workers/{}/photo", w.id)) : json::value(nullptr);
  }
  return o;
}

}  // namespace jz::registry::codec
