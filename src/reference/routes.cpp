#include "reference/routes.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "common/id_number.hpp"
#include "reference/api_types.hpp"
#include "common/mobile.hpp"
#include "common/time.hpp"
#include "common/uscc.hpp"
#include "reference/store.hpp"

namespace jz::reference {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

// One code of a dictionary with its labels.
struct Label {
  std::string code;
  std::string zh;
  std::string en;
};
BOOST_DESCRIBE_STRUCT(Label, (), (code, zh, en))

// Codes → labels in both languages, so that no page shows a code: the catalogues in the database and the
// fixed sets of the registry and accounts.
struct Dictionaries {
  std::vector<Label> occupations;
  std::vector<Label> labour_brands;
  std::vector<Label> enterprise_models;
  std::vector<Label> listing_statuses;
  std::vector<Label> roles;
  std::vector<Label> division_flags;
};
BOOST_DESCRIBE_STRUCT(Dictionaries, (),
                      (occupations, labour_brands, enterprise_models, listing_statuses, roles, division_flags))

Dictionaries dictionaries(db::Connection& conn) {
  Dictionaries d;
  for (const auto& o : store::occupations(conn, false)) d.occupations.push_back({o.code, o.name_zh, o.name_en});
  for (const auto& b : store::labour_brands(conn)) d.labour_brands.push_back({b.code, b.name, b.name});  // a brand is a name
  d.enterprise_models = {{"employee_based", "员工制", "Employee-based"},
                         {"intermediary", "中介制", "Intermediary"},
                         {"mixed", "混合", "Mixed"}};
  d.listing_statuses = {{"applied", "已申请", "Applied"}, {"approved", "已入驻", "Listed"}, {"suspended", "已暂停", "Suspended"}};
  d.roles = {{"province_admin", "省级管理员", "Provincial administrator"},
             {"department", "省直部门", "Provincial department"},
             {"city_officer", "市州工作人员", "Prefecture officer"},
             {"enterprise", "家政企业", "Domestic-services company"},
             {"institution", "培训机构", "Training institution"},
             {"worker", "家政服务员", "Domestic worker"},
             {"consumer", "消费者", "Consumer"}};
  d.division_flags = {{"is_key_support_county", "国家乡村振兴重点帮扶县", "National key rural-revitalisation county"},
                      {"is_relocation_settlement", "易地扶贫搬迁安置区", "Relocation settlement"}};
  return d;
}

// The divisions' flags a province admin may set; both optional, at least one required.
struct DivisionFlags {
  std::optional<bool> is_key_support_county;
  std::optional<bool> is_relocation_settlement;
};
BOOST_DESCRIBE_STRUCT(DivisionFlags, (), (is_key_support_county, is_relocation_settlement))

void division_routes(http::Router& router, db::Database& db) {
  router.add_all({
      {.method = http::Method::get,
       .path = "/api/v1/divisions",
       .access = Access::anyone(),
       .summary = "Divisions under `parent` (62 → the 14 市州; 6201 → counties of 兰州市); `at=YYYY-MM-DD` lists "
                  "those valid on that date",
       .query = {{.name = "parent", .description = "division code"}, {.name = "at", .type = "date"}},
       .response = http::items_schema_of<store::DivisionRow>(),
       .handler = [&db](http::Context& ctx) {
         auto parent = ctx.query_text("parent", 12).value_or("");
         auto at = ctx.query_date("at").value_or(today_utc());
         auto conn = db.acquire();
         return http::json_response(http::items_json(store::divisions_under(*conn, parent, at)));
       }},
      {.method = http::Method::get,
       .path = "/api/v1/divisions/{code}",
       .access = Access::anyone(),
       .summary = "One division by code",
       .response = http::schema_of<store::DivisionRow>(),
       .handler = [&db](http::Context& ctx) {
         auto conn = db.acquire();
         auto d = store::find_division(*conn, ctx.param("code"));
         if (!d) return ctx.fail(make_error("not_found"));
         return http::json_response(http::to_json(*d));
       }},
      {.method = http::Method::patch,
       .path = "/api/v1/divisions/{code}",
       .access = Access::only({Role::province_admin}),
       .summary = "Set a county's flags: is_key_support_county, is_relocation_settlement (province admin)",
       .request = http::schema_of<DivisionFlags>(),
       .response = http::schema_of<store::DivisionRow>(),
       .handler = [&db](http::Context& ctx) {
         auto in = ctx.body<DivisionFlags>();
         if (!in.is_key_support_county && !in.is_relocation_settlement)
           return ctx.fail(make_error("missing_field", "is_key_support_county"));
         const std::string& code = ctx.param("code");
         auto conn = db.acquire();
         db::Transaction tx(*conn, true);
         auto d = store::find_division(*conn, code);
         if (!d) return ctx.fail(make_error("not_found"));
         if (d->level != 3) return ctx.fail(make_error("invalid_field", "code", "flags apply to counties only"));
         std::string summary;
         auto set = [&](store::DivisionFlag flag, const char* key, const std::optional<bool>& v) {
           if (!v) return;
           store::set_division_flag(*conn, code, flag, *v);
           summary += fmt::format("{}{}={}", summary.empty() ? "" : ", ", key, *v);
         };
         set(store::DivisionFlag::key_support_county, "is_key_support_county", in.is_key_support_county);
         set(store::DivisionFlag::relocation_settlement, "is_relocation_settlement", in.is_relocation_settlement);
         ctx.audit(*conn, {"division.update", "division", code, summary});
         auto updated = store::find_division(*conn, code);
         tx.commit();
         return http::json_response(http::to_json(*updated));
       }},
  });
}

void catalogue_routes(http::Router& router, db::Database& db) {
  router.add_all({
      {.method = http::Method::get,
       .path = "/api/v1/occupations",
       .access = Access::anyone(),
       .summary = "The occupation catalogue (工种)",
       .response = http::items_schema_of<store::OccupationRow>(),
       .handler = [&db](http::Context& ctx) {
         auto conn = db.acquire();
         return http::json_response(http::items_json(store::occupations(*conn, ctx.lang() == Lang::en)));
       }},
      {.method = http::Method::get,
       .path = "/api/v1/dictionaries",
       .access = Access::anyone(),
       .summary = "Codes and their labels in Chinese and English (occupations, labour brands, enterprise models, "
                  "listing statuses, roles, county flags): pages show labels, never codes",
       .response = http::schema_of<Dictionaries>(),
       .handler = [&db](http::Context&) {
         auto conn = db.acquire();
         return http::json_response(http::to_json(dictionaries(*conn)));
       }},
      {.method = http::Method::get,
       .path = "/api/v1/labour-brands",
       .access = Access::anyone(),
       .summary = "Labour brands (劳务品牌) with their home division",
       .response = http::items_schema_of<store::BrandRow>(),
       .handler = [&db](http::Context&) {
         auto conn = db.acquire();
         return http::json_response(http::items_json(store::labour_brands(*conn)));
       }},
  });
}

}  // namespace

void register_routes(http::Router& router, db::Database& db, const DivisionCatalog& catalog) {
  division_routes(router, db);
  catalogue_routes(router, db);
  router.add({.method = http::Method::post,
              .path = "/api/v1/validate",
              .access = Access::logged_in(),
              .summary = "Validate an ID number, unified social credit code or mobile number: {kind, value}",
              .request = http::schema_of<api::ValidateInput>(),
              .response = http::schema_of<api::ValidateResult>(),
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
