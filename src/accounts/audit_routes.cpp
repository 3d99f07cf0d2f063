// The audit log for the province administrator: filters and paging validated by the http toolkit.
#include "accounts/audit_store.hpp"
#include "accounts/routes.hpp"

namespace jz::accounts {

void register_audit_routes(http::Router& router, db::Database& db) {
  using http::QueryParam;
  router.add({.method = http::Method::get,
              .path = "/api/v1/audit",
              .access = security::Access::only({security::Role::province_admin}),
              .summary = "The audit log, newest first; filters actor, action, object_type, object_id, from, to",
              .query = {{.name = "actor", .description = "username"},
                        {.name = "action"},
                        {.name = "object_type"},
                        {.name = "object_id"},
                        {.name = "from", .type = "date", .description = "first day (UTC)"},
                        {.name = "to", .type = "date", .description = "last day (UTC), inclusive"}},
              .paged = true,
              .response = http::paged_schema_of<AuditRow>(),
              .handler = [&db](http::Context& ctx) {
                AuditFilter f{.actor = ctx.query_text("actor", 64),
                              .action = ctx.query_text("action", 200),
                              .object_type = ctx.query_text("object_type", 64),
                              .object_id = ctx.query_text("object_id", 64),
                              .from = ctx.query_date("from"),
                              .to = ctx.query_date("to")};
                auto page = ctx.page();
                auto conn = db.acquire();
                auto rows = list_audit(*conn, f, page.page_size, page.offset());
                return http::json_response(http::page_json(http::to_json(rows.items).as_array(), rows.total, page));
              }});
}

}  // namespace jz::accounts
