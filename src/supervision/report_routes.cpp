// The monthly report route: the dashboard, the task board and the pain points of a month → XLSX or PDF.
#include <fmt/format.h>

#include <regex>

#include "common/time.hpp"
#include "supervision/report.hpp"
#include "supervision/routes.hpp"

namespace jz::supervision {

void register_report_routes(http::Router& router, std::shared_ptr<Service> svc, std::shared_ptr<TaskBoard> board,
                            std::shared_ptr<PainPointService> pains, const reference::DivisionCatalog& catalog) {
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/supervision/report",
       .access = security::Access::only({security::Role::province_admin, security::Role::department,
                                         security::Role::city_officer}),
       .summary = "The monthly report (month=YYYY-MM, format=pdf|xlsx, prefecture=NNNN optional; a city officer: her "
                  "市州): the dashboard's figures by area, the thirteen measures' tasks, the top pain points",
       .query = {{.name = "month", .description = "YYYY-MM", .required = true},
                 {.name = "format", .description = "pdf (default) or xlsx"},
                 {.name = "prefecture", .description = "市州 code"}},
       .produces = "application/pdf",
       .handler = [svc, board, pains, &catalog](http::Context& ctx) {
         const std::string month = ctx.req().query_param("month").value_or("");
         if (!std::regex_match(month, std::regex(R"(\d{4}-(0[1-9]|1[0-2]))")))
           return ctx.fail(make_error("invalid_field", "month", "YYYY-MM"));
         const std::string format = ctx.req().query_param("format").value_or("pdf");
         if (format != "pdf" && format != "xlsx") return ctx.fail(make_error("invalid_field", "format", "pdf|xlsx"));
         auto period = parse_dashboard_period(month, std::nullopt, std::nullopt);
         if (!period) return ctx.fail(period.error());
         const std::string prefecture = ctx.req().query_param("prefecture").value_or("");
         MonthlyReport r;
         r.month = month;
         auto d = svc->dashboard(*ctx.user(), *period, prefecture);
         if (!d) return ctx.fail(d.error());
         r.dashboard = std::move(*d);
         const auto* div = r.dashboard.prefecture.empty() ? nullptr : catalog.find(r.dashboard.prefecture);
         r.scope_name = r.dashboard.prefecture.empty() ? "全省" : (div ? div->name : r.dashboard.prefecture);
         auto tasks = board->list(*ctx.user(), TaskFilter{});
         if (!tasks) return ctx.fail(tasks.error());
         r.tasks = std::move(*tasks);
         auto p = pains->report(*ctx.user(), *period, r.dashboard.prefecture);
         if (!p) return ctx.fail(p.error());
         r.pains = std::move(*p);
         r.generated_at = now_utc().substr(0, 19);
         const std::string name = fmt::format("supervision-report-{}{}", month,
                                              r.dashboard.prefecture.empty() ? "" : "-" + r.dashboard.prefecture);
         http::Response resp;
         if (format == "xlsx") {
           auto x = report_xlsx(r, catalog);
           if (!x) return ctx.fail(x.error());
           resp = http::text_response(std::move(*x), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
           resp.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}.xlsx\"", name));
         } else {
           resp = http::text_response(report_pdf(r, catalog), "application/pdf");
           resp.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}.pdf\"", name));
         }
         resp.gzip_ok = false;
         resp.set_header("Cache-Control", "no-store");
         return resp;
       }});
}

}  // namespace jz::supervision
