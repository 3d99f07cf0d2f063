// Pain-point routes: request → PainPointService → JSON. Registered by register_routes.
#include <boost/json.hpp>

#include "supervision/painpoints_service.hpp"
#include "supervision/routes.hpp"
#include "supervision/schemas.hpp"
#include "supervision/service.hpp"

namespace jz::supervision {
namespace {

namespace json = boost::json;

json::object counts_json(const std::map<std::string, int64_t>& m) {
  json::object o;
  int64_t total = 0;
  for (const auto& [k, v] : m) {
    o[k] = v;
    total += v;
  }
  o["total"] = total;
  return o;
}

}  // namespace

json::object painpoints_json(const PainPointReport& r, const reference::DivisionCatalog& catalog) {
  json::array cats;
  for (const auto& c : r.categories) {
    const Category* def = find_category(c.code);
    json::array series, examples, cues;
    for (auto v : c.series) series.push_back(v);
    for (const auto& e : c.examples)
      examples.push_back(json::object{{"source", e.source}, {"day", e.day}, {"text", e.text}});
    for (const auto& [w, n] : c.cues) cues.push_back(json::object{{"term", w}, {"count", n}});
    cats.push_back(json::object{{"code", c.code},
                                {"name", def ? def->zh : ""},
                                {"name_en", def ? def->en : ""},
                                {"side", def && def->side == Side::worker ? "worker" : "household"},
                                {"count", c.count},
                                {"share", r.with_pain_point ? static_cast<double>(c.count) / r.with_pain_point : 0.0},
                                {"series", std::move(series)},
                                {"examples", std::move(examples)},
                                {"cues", std::move(cues)}});
  }
  json::array areas;
  // Every 市州 (or county of the 市州), zeros included, in the catalogue's order; then older codes with texts.
  std::vector<std::string> codes;
  for (const auto* d : catalog.children(r.prefecture.empty() ? "62" : r.prefecture)) codes.push_back(d->code);
  for (const auto& [code, m] : r.by_area)
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  for (const auto& code : codes) {
    auto it = r.by_area.find(code);
    const auto* d = catalog.find(code);
    areas.push_back(json::object{{"code", code},
                                 {"name", d ? d->name : code},
                                 {"counts", counts_json(it == r.by_area.end() ? std::map<std::string, int64_t>{} : it->second)}});
  }
  json::array occupations;
  for (const auto& [code, m] : r.by_occupation) {
    auto it = r.occupation_names.find(code);
    occupations.push_back(json::object{{"code", code.empty() ? json::value(nullptr) : json::value(code)},
                                       {"name", code.empty() ? "未登记工种" : (it == r.occupation_names.end() ? code : it->second)},
                                       {"counts", counts_json(m)}});
  }
  json::array months, rising;
  for (const auto& m : r.months) months.push_back(json::string(m));
  for (const auto& t : r.rising)
    rising.push_back(json::object{{"term", t.term}, {"recent", t.recent}, {"before", t.before}, {"growth", t.growth}});
  json::value scope = nullptr;
  if (!r.prefecture.empty()) {
    const auto* d = catalog.find(r.prefecture);
    scope = json::object{{"code", r.prefecture}, {"name", d ? d->name : r.prefecture}};
  }
  return json::object{{"period", r.period.key},
                      {"from", r.period.from},
                      {"to", r.period.to},
                      {"prefecture", std::move(scope)},
                      {"level", r.prefecture.empty() ? "prefecture" : "county"},
                      {"texts", r.texts},
                      {"with_pain_point", r.with_pain_point},
                      {"by_source", counts_json(r.by_source)},
                      {"categories", std::move(cats)},
                      {"months", std::move(months)},
                      {"areas", std::move(areas)},
                      {"occupations", std::move(occupations)},
                      {"rising_terms", std::move(rising)}};
}

std::shared_ptr<PainPointService> register_painpoint_routes(http::Router& router, db::Database& db,
                                                            const reference::DivisionCatalog& catalog) {
  // Loaded by the first report, not on a thread at start-up: serve() closes the database before the routes'
  // services go, and a load still running then (classifying every text takes a while) would outlive it.
  auto svc = std::make_shared<PainPointService>(db);
  router.add({.method = http::Method::get,
              .path = "/api/v1/supervision/painpoints",
              .access = security::Access::only({security::Role::province_admin, security::Role::department,
                                                security::Role::city_officer}),
              .summary = "Pain points (堵点难点) in what households and workers wrote (reviews, complaints, survey "
                         "answers, dispute reasons) for a period (period=YYYY|YYYY-Qn|YYYY-MM or from&to): counts by "
                         "category, source, 市州 (or county with prefecture=NNNN; a city officer: her 市州), "
                         "occupation and month, masked examples and the fastest-rising words",
              .query = api::period_params(),
              .response = http::schema_of<api::PainPointsView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto period = parse_dashboard_period(ctx.req().query_param("period"), ctx.req().query_param("from"),
                                                     ctx.req().query_param("to"));
                if (!period) return ctx.fail(period.error());
                auto r = svc->report(*ctx.user(), *period, ctx.req().query_param("prefecture").value_or(""));
                if (!r) return ctx.fail(r.error());
                return http::json_response(painpoints_json(*r, catalog));
              }});
  return svc;
}

}  // namespace jz::supervision
