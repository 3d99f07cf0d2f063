#include "reference/routes.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "common/id_number.hpp"
#include "common/mobile.hpp"
#include "common/time.hpp"
#include "common/uscc.hpp"

namespace jz::reference {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

constexpr const char* kDivisionColumns =
    "code, name, level, parent_code, is_key_support_county, is_relocation_settlement, valid_from, valid_to";

json::object division_json(const db::Row& r) {
  json::object o{{"code", r.get_text(0)},
                 {"name", r.get_text(1)},
                 {"level", r.get_int(2)},
                 {"is_key_support_county", r.get_bool(4)},
                 {"is_relocation_settlement", r.get_bool(5)},
                 {"valid_from", r.get_text(6)}};
  o["parent_code"] = r.is_null(3) ? json::value(nullptr) : json::value(r.get_text(3));
  o["valid_to"] = r.is_null(7) ? json::value(nullptr) : json::value(r.get_text(7));
  return o;
}

bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

}  // namespace

void register_routes(http::Router& router, db::Database& db, const DivisionCatalog& catalog) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/divisions",
              .access = Access::anyone(),
              .summary = "Divisions under `parent` (62 → the 14 市州; 6201 → counties of 兰州市); `at=YYYY-MM-DD` "
                         "lists those valid on that date",
              .handler = [&db](http::Context& ctx) {
                std::string parent = ctx.req().query_param("parent").value_or("");
                std::string at = ctx.req().query_param("at").value_or(today_utc());
                if (!valid_date(at)) return ctx.fail(make_error("invalid_field", "at", "YYYY-MM-DD"));
                if (parent.size() > 12) return ctx.fail(make_error("invalid_field", "parent", "division code"));
                auto conn = db.acquire();
                db::Rows rows;
                std::string validity = " AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ORDER BY code";
                if (parent.empty())
                  rows = conn->query(std::string("SELECT ") + kDivisionColumns + " FROM divisions WHERE level = 1" +
                                         validity,
                                     {at, at});
                else
                  rows = conn->query(std::string("SELECT ") + kDivisionColumns + " FROM divisions WHERE parent_code = ?" +
                                         validity,
                                     {parent, at, at});
                json::array items;
                for (const auto& r : rows) items.push_back(division_json(r));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/divisions/{code}",
              .access = Access::anyone(),
              .summary = "One division by code",
              .handler = [&db](http::Context& ctx) {
                auto conn = db.acquire();
                auto rows = conn->query(std::string("SELECT ") + kDivisionColumns + " FROM divisions WHERE code = ?",
                                        {ctx.param("code")});
                if (rows.empty()) return ctx.fail(make_error("not_found"));
                return http::json_response(division_json(rows[0]));
              }});

  router.add({.method = http::Method::patch,
              .path = "/api/v1/divisions/{code}",
              .access = Access::only({Role::province_admin}),
              .summary = "Set a county's flags: is_key_support_county, is_relocation_settlement (province admin)",
              .handler = [&db](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                std::vector<std::pair<std::string, bool>> changes;
                for (const char* key : {"is_key_support_county", "is_relocation_settlement"}) {
                  if (!body->contains(key)) continue;
                  auto v = http::required_bool(*body, key);
                  if (!v) return ctx.fail(v.error());
                  changes.emplace_back(key, *v);
                }
                if (changes.empty()) return ctx.fail(make_error("missing_field", "is_key_support_county"));
                auto conn = db.acquire();
                db::Transaction tx(*conn, true);
                auto rows = conn->query(std::string("SELECT ") + kDivisionColumns + " FROM divisions WHERE code = ?",
                                        {ctx.param("code")});
                if (rows.empty()) return ctx.fail(make_error("not_found"));
                if (rows[0].get_int(2) != 3)
                  return ctx.fail(make_error("invalid_field", "code", "flags apply to counties only"));
                std::string summary;
                for (const auto& [key, value] : changes) {
                  // Column names come from the fixed list above, never from the request.
                  conn->exec("UPDATE divisions SET " + key + " = ? WHERE code = ?",
                             {int64_t{value ? 1 : 0}, ctx.param("code")});
                  summary += fmt::format("{}{}={}", summary.empty() ? "" : ", ", key, value);
                }
                ctx.audit(*conn, {"division.update", "division", ctx.param("code"), summary});
                auto updated = conn->query(std::string("SELECT ") + kDivisionColumns + " FROM divisions WHERE code = ?",
                                           {ctx.param("code")});
                tx.commit();
                return http::json_response(division_json(updated[0]));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/occupations",
              .access = Access::anyone(),
              .summary = "The occupation catalogue (工种)",
              .handler = [&db](http::Context& ctx) {
                auto conn = db.acquire();
                json::array items;
                for (const auto& r :
                     conn->query("SELECT code, name_zh, name_en, category, scarce, emerging FROM occupations ORDER BY code"))
                  items.push_back(json::object{{"code", r.get_text(0)},
                                               {"name", ctx.lang() == Lang::en ? r.get_text(2) : r.get_text(1)},
                                               {"name_zh", r.get_text(1)},
                                               {"name_en", r.get_text(2)},
                                               {"category", r.get_text(3)},
                                               {"scarce", r.get_bool(4)},
                                               {"emerging", r.get_bool(5)}});
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/labour-brands",
              .access = Access::anyone(),
              .summary = "Labour brands (劳务品牌) with their home division",
              .handler = [&db](http::Context& ctx) {
                auto conn = db.acquire();
                json::array items;
                for (const auto& r : conn->query(
                         "SELECT b.id, b.code, b.name, b.home_division_code, d.name, b.occupations FROM labour_brands b "
                         "LEFT JOIN divisions d ON d.code = b.home_division_code ORDER BY b.id")) {
                  json::array occ;
                  std::string list = r.get_text(5);
                  for (size_t pos = 0; pos < list.size();) {
                    size_t semi = list.find(';', pos);
                    if (semi == std::string::npos) semi = list.size();
                    if (semi > pos) occ.emplace_back(list.substr(pos, semi - pos));
                    pos = semi + 1;
                  }
                  items.push_back(json::object{{"id", r.get_int(0)},
                                               {"code", r.get_text(1)},
                                               {"name", r.get_text(2)},
                                               {"home_division_code", r.get_text(3)},
                                               {"home_division_name", r.get_text(4)},
                                               {"occupations", std::move(occ)}});
                }
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/validate",
              .access = Access::logged_in(),
              .summary = "Validate an ID number, unified social credit code or mobile number: {kind, value}",
              .handler = [&catalog](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto kind = http::required_string(*body, "kind", 32);
                if (!kind) return ctx.fail(kind.error());
                auto value = http::optional_string(*body, "value");
                if (!value) return ctx.fail(make_error("missing_field", "value"));
                if (value->size() > 256) return ctx.fail(make_error("invalid_field", "value", "too long"));
                json::object out;
                json::object derived;
                if (*kind == "id_number") {
                  auto c = check_id_number(*value, today_beijing());
                  out["valid"] = c.valid;
                  out["reason"] = c.reason;
                  if (c.valid) {
                    derived = {{"normalized", c.info.normalized},
                               {"birth_date", c.info.birth_date},
                               {"gender", std::string(1, c.info.gender)},
                               {"division_code", c.info.division_code},
                               {"division_name", catalog.describe_region(c.info.division_code)},
                               {"upgraded_from_15", c.info.upgraded_from_15}};
                  }
                } else if (*kind == "uscc") {
                  auto c = check_uscc(*value);
                  out["valid"] = c.valid;
                  out["reason"] = c.reason;
                  if (!c.normalized.empty())
                    derived = {{"normalized", c.normalized},
                               {"division_code", c.division_code},
                               {"division_name", catalog.describe_region(c.division_code)},
                               {"checksum_ok", c.checksum_ok}};
                } else if (*kind == "mobile") {
                  auto c = check_mobile(*value);
                  out["valid"] = c.valid;
                  out["reason"] = c.reason;
                  if (c.valid) derived = {{"normalized", c.normalized}};
                } else {
                  return ctx.fail(make_error("unknown_kind", "kind", *kind));
                }
                out["derived"] = std::move(derived);
                return http::json_response(out);
              }});
}

}  // namespace jz::reference
