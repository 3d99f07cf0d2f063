#include "registry/flag_routes.hpp"

#include <boost/json.hpp>

#include "common/text.hpp"
#include "registry/api_types.hpp"
#include "common/time.hpp"
#include "credit/provenance.hpp"
#include "http/request.hpp"
#include "registry/flag_provenance.hpp"
#include "registry/scope.hpp"

namespace jz::registry {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

json::object assertion_json(const FlagAssertion& a, Lang lang) {
  const bool en = lang == Lang::en;
  return {{"id", a.id},
          {"flag", a.flag},
          {"value", a.value},
          {"independent", a.independent},
          {"verification_label", a.independent ? (en ? "Independently verified" : "主管部门认定")
                                               : (en ? "Claim (awaiting verification)" : "单位自述（待核实）")},
          {"asserted_by", json::object{{"role", a.asserted_role}, {"organisation", a.asserted_organisation}}},
          {"via", a.via},
          {"evidence", a.evidence},
          {"at", a.at}};
}

}  // namespace

void register_flag_routes(http::Router& router, db::Database& db) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/{id}/flag-assertions",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise,
                                      Role::worker}),
              .summary = "Who asserted the worker's 脱贫/监测 flags and whether each counts as independent, newest "
                         "first, with the flags' current verification",
              .response = http::schema_of<api::WorkerFlagAssertionsView>(),
              .handler = [&db](http::Context& ctx) {
                auto id = http::path_id(ctx.req());
                if (!id) return ctx.fail(id.error());
                auto conn = db.acquire();
                auto w = load_worker_ref(*conn, *id);
                if (!w) return ctx.fail(make_error("not_found", "id"));
                if (!can_view_worker(*ctx.user(), *w)) return ctx.fail(make_error("out_of_scope", "id"));
                json::array items;
                for (const auto& a : flag_assertions(*conn, *id)) items.push_back(assertion_json(a, ctx.lang()));
                auto v = flags_verified(*conn, *id);
                return http::json_response(json::object{
                    {"items", std::move(items)},
                    {"verified", json::object{{"poverty_alleviated", v.poverty_alleviated}, {"monitored", v.monitored}}},
                    {"verifier", ctx.lang() == Lang::en ? credit::flag_verifiers_en() : credit::flag_verifiers_zh("")}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/workers/{id}/flags",
              .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise}),
              .sensitive = true,
              .summary = "Assert a 脱贫/监测 flag {flag poverty_alleviated|monitored, value, evidence}: a city officer "
                         "of her 市州 or the province admin makes it independent; her enterprise's word is a claim",
              .request = http::schema_of<api::WorkerFlagInput>(),
              .response = http::schema_of<api::WorkerFlagAssertionsViewItem>(),
              .status = 201,
              .handler = [&db](http::Context& ctx) {
                auto id = http::path_id(ctx.req());
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto flag = http::optional_string(*body, "flag").value_or("");
                if (flag.empty()) return ctx.fail(make_error("missing_field", "flag"));
                if (!credit::is_attested_flag(flag))
                  return ctx.fail(make_error("invalid_field", "flag", "poverty_alleviated|monitored"));
                auto value = http::required_bool(*body, "value");
                if (!value) return ctx.fail(value.error());
                std::string evidence(trim_ascii(http::optional_string(*body, "evidence").value_or("")));
                if (evidence.size() > 500) return ctx.fail(make_error("invalid_field", "evidence", "at most 500 characters"));
                auto conn = db.acquire();
                db::Transaction tx(*conn, true);
                auto w = load_worker_ref(*conn, *id);
                if (!w) return ctx.fail(make_error("not_found", "id"));
                if (!can_edit_worker(*ctx.user(), *w)) return ctx.fail(make_error("out_of_scope", "id"));
                const std::string now = now_utc();
                auto asserter = flag_asserter(*conn, *ctx.user());
                assert_flag(*conn, asserter, *id, w->prefecture_code, flag, *value, evidence, now);
                security::AuditEntry e;
                e.action = "worker.flag";
                e.object_type = "worker";
                e.object_id = std::to_string(*id);
                e.summary = flag + (*value ? "=1" : "=0");
                e.sensitive = true;
                e.subject_worker_id = *id;
                ctx.audit(*conn, e);
                tx.commit();
                auto items = flag_assertions(*conn, *id);
                return http::json_response(assertion_json(items.front(), ctx.lang()), 201);
              }});
}

}  // namespace jz::registry
