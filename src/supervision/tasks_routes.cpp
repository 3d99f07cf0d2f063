// Task-board routes (the thirteen measures): request → TaskBoard → JSON. Registered by register_routes.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <set>

#include "supervision/routes.hpp"
#include "supervision/schemas.hpp"
#include "supervision/service.hpp"
#include "supervision/tasks.hpp"

namespace jz::supervision {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

json::value opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object task_json(const Task& t) {
  return json::object{{"id", t.id},
                      {"measure", t.measure},
                      {"department", t.department},
                      {"title", t.title},
                      {"target", opt(t.target)},
                      {"unit", t.unit},
                      {"metric", t.metric.empty() ? json::value(nullptr) : json::value(t.metric)},
                      {"automatic", t.automatic},
                      {"deadline", t.deadline},
                      {"owner", t.owner},
                      {"progress", opt(t.progress)},
                      {"status", t.status},
                      {"overdue", t.overdue},
                      {"updates", t.updates},
                      {"files", t.files},
                      {"last_note", t.last_note},
                      {"last_update_at", t.last_update_at.empty() ? json::value(nullptr) : json::value(t.last_update_at)},
                      {"created_by", t.created_by},
                      {"updated_at", t.updated_at}};
}

json::object file_json(const TaskFile& f) {
  return json::object{{"id", f.id},         {"name", f.name},       {"content_type", f.content_type},
                      {"size", f.size},     {"sha256", f.sha256},   {"department", f.department},
                      {"created_by", f.created_by}, {"created_at", f.created_at}};
}

json::object detail_json(const TaskDetail& d) {
  json::object o = task_json(d.task);
  json::array updates, files;
  for (const auto& u : d.updates)
    updates.push_back(json::object{{"id", u.id},
                                   {"department", u.department},
                                   {"note", u.note},
                                   {"progress", opt(u.progress)},
                                   {"status", u.status},
                                   {"created_by", u.created_by},
                                   {"created_at", u.created_at}});
  for (const auto& f : d.files) files.push_back(file_json(f));
  o["update_log"] = std::move(updates);
  o["file_list"] = std::move(files);
  return o;
}

// The JSON body of a task (create or change): text fields, target (a non-negative integer or null).
Result<TaskInput> task_input(const http::Request& req) {
  auto body = http::parse_json_object(req);
  if (!body) return body.error();
  TaskInput in;
  for (auto [key, field] : {std::pair{"department", &in.department},
                            {"title", &in.title},
                            {"unit", &in.unit},
                            {"metric", &in.metric},
                            {"deadline", &in.deadline},
                            {"owner", &in.owner}}) {
    const json::value* v = body->if_contains(key);
    if (!v || v->is_null()) continue;
    if (!v->is_string()) return make_error("invalid_field", key, "text");
    *field = std::string(v->as_string());
  }
  if (const json::value* v = body->if_contains("target")) {
    if (v->is_null()) in.clear_target = true;
    else if (v->is_int64()) in.target = v->as_int64();
    else return make_error("invalid_field", "target", "an integer");
  }
  return in;
}

Result<ProgressInput> progress_input(const http::Request& req) {
  auto body = http::parse_json_object(req);
  if (!body) return body.error();
  ProgressInput in;
  if (const json::value* v = body->if_contains("note"); v && !v->is_null()) {
    if (!v->is_string()) return make_error("invalid_field", "note", "text");
    in.note = std::string(v->as_string());
  }
  if (const json::value* v = body->if_contains("status"); v && !v->is_null()) {
    if (!v->is_string()) return make_error("invalid_field", "status", "text");
    in.status = std::string(v->as_string());
  }
  if (const json::value* v = body->if_contains("progress"); v && !v->is_null()) {
    if (!v->is_int64()) return make_error("invalid_field", "progress", "an integer");
    in.progress = v->as_int64();
  }
  return in;
}

// RFC 5987 filename*: every byte outside the unreserved set percent-encoded.
std::string encode_filename(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace

std::shared_ptr<TaskBoard> register_task_routes(http::Router& router, db::Database& db, std::shared_ptr<Service> svc) {
  // The figures a metric stands for: the province's totals of the dashboard for the deadline's year.
  MetricFigures figures;
  auto province = [svc](int year) -> std::optional<Dashboard> {
    auto period = parse_dashboard_period(std::to_string(year), std::nullopt, std::nullopt);
    if (!period) return std::nullopt;
    security::Principal p;
    p.role = Role::province_admin;
    p.division_code = "62";
    auto d = svc->dashboard(p, *period, "");
    if (!d) return std::nullopt;
    return std::move(*d);
  };
  figures.value = [province](Metric m, int year) -> std::optional<int64_t> {
    auto d = province(year);
    if (!d) return std::nullopt;
    const Figures& f = d->figures.total;
    switch (m) {
      case Metric::trainee_times: return d->trainee_total;
      case Metric::enterprises_listed: return f.listed;
      case Metric::subsidies_paid_yuan: return f.paid_yuan;
      case Metric::identity_verified: return f.identity_verified;
      case Metric::certified: return f.certified;
      case Metric::none: break;
    }
    return std::nullopt;
  };
  figures.trainee_target = [province](int year) -> std::optional<int64_t> {
    auto d = province(year);
    if (!d) return std::nullopt;
    return d->trainee_target;
  };
  auto board = std::make_shared<TaskBoard>(db, std::move(figures));
  const auto officials = Access::only({Role::province_admin, Role::department, Role::city_officer});
  const auto writers = Access::only({Role::province_admin, Role::department});
  const auto departments_only = Access::only({Role::department});

  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/supervision/measures",
       .access = officials,
       .summary = "The thirteen measures of the plan with their lead and partner departments and their tasks "
                  "(targets, deadlines, owners, progress; figures the platform knows fill in by themselves; overdue "
                  "tasks flagged); filters department, measure, overdue=true",
       .query = {{.name = "department", .description = "a department the plan names"},
                 {.name = "overdue", .type = "boolean"}},
       .response = http::schema_of<api::MeasuresView>(),
       .handler = [board, &db](http::Context& ctx) {
         TaskFilter f;
         f.department = ctx.req().query_param("department").value_or("");
         if (!f.department.empty() && !is_department(f.department))
           return ctx.fail(make_error("invalid_field", "department"));
         if (auto o = ctx.req().query_param("overdue"); o && !o->empty()) f.overdue_only = *o == "true" || *o == "1";
         auto tasks = board->list(*ctx.user(), f);
         if (!tasks) return ctx.fail(tasks.error());
         std::string mine;
         {
           auto conn = db.acquire();
           mine = TaskBoard::department_of(*conn, *ctx.user());
         }
         json::array measures;
         int64_t total = 0, done = 0, overdue = 0;
         for (const auto& m : supervision::measures()) {
           if (!f.department.empty() && !m.names(f.department)) continue;
           json::array partners, items;
           for (size_t i = 1; i < m.departments.size(); ++i) partners.push_back(json::string(m.departments[i]));
           int64_t mt = 0, md = 0, mo = 0;
           for (const auto& t : *tasks) {
             if (t.measure != m.number) continue;
             ++mt;
             md += t.status == "done" ? 1 : 0;
             mo += t.overdue ? 1 : 0;
             items.push_back(task_json(t));
           }
           total += mt;
           done += md;
           overdue += mo;
           measures.push_back(json::object{{"number", m.number},
                                           {"section", m.section},
                                           {"title", m.title},
                                           {"lead", m.lead()},
                                           {"partners", std::move(partners)},
                                           {"tasks", std::move(items)},
                                           {"task_count", mt},
                                           {"done", md},
                                           {"overdue", mo}});
         }
         json::array departments;
         for (const auto& d : supervision::departments())
           departments.push_back(json::object{{"name", d.name}, {"en", d.en}});
         return http::json_response(json::object{
             {"measures", std::move(measures)},
             {"departments", std::move(departments)},
             {"my_department", mine.empty() ? json::value(nullptr) : json::value(mine)},
             {"department", f.department.empty() ? json::value(nullptr) : json::value(f.department)},
             {"totals", json::object{{"tasks", total}, {"done", done}, {"overdue", overdue}}},
             {"today", today_beijing()},
         });
       }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/supervision/measures/{measure}/tasks",
              .access = writers,
              .summary = "Add a task to a measure (title, department, target, unit, metric, deadline, owner): the "
                         "province admin for any department the measure names, a department for itself",
              .request = http::schema_of<api::TaskInput>(),
              .response = http::schema_of<api::TaskView>(),
              .status = 201,
              .handler = [board](http::Context& ctx) {
                auto measure = http::path_id(ctx.req(), "measure");
                if (!measure) return ctx.fail(measure.error());
                auto in = task_input(ctx.req());
                if (!in) return ctx.fail(in.error());
                auto r = board->create(*ctx.user(), static_cast<int>(std::min<int64_t>(*measure, 1000)), *in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(task_json(*r), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/supervision/tasks/{task}",
              .access = officials,
              .summary = "One task with its progress notes and evidence files",
              .response = http::schema_of<api::TaskView>(),
              .handler = [board](http::Context& ctx) {
                auto id = http::path_id(ctx.req(), "task");
                if (!id) return ctx.fail(id.error());
                auto r = board->get(*ctx.user(), *id);
                if (!r) return ctx.fail(r.error());
                return http::json_response(detail_json(*r));
              }});

  router.add({.method = http::Method::put,
              .path = "/api/v1/supervision/tasks/{task}",
              .access = writers,
              .summary = "Change a task's terms (title, target, unit, metric, deadline, owner; department: the province "
                         "admin only): the province admin, or the department that owns it",
              .request = http::schema_of<api::TaskInput>(),
              .response = http::schema_of<api::TaskView>(),
              .handler = [board](http::Context& ctx) {
                auto id = http::path_id(ctx.req(), "task");
                if (!id) return ctx.fail(id.error());
                auto in = task_input(ctx.req());
                if (!in) return ctx.fail(in.error());
                auto r = board->change(*ctx.user(), *id, *in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(task_json(*r));
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/supervision/tasks/{task}/progress",
              .access = departments_only,
              .summary = "The owning department reports progress: a note, optionally a figure (not for tasks whose "
                         "figure comes from the platform) and a status (not_started, in_progress, done)",
              .request = http::schema_of<api::ProgressInput>(),
              .response = http::schema_of<api::TaskView>(),
              .status = 201,
              .handler = [board](http::Context& ctx) {
                auto id = http::path_id(ctx.req(), "task");
                if (!id) return ctx.fail(id.error());
                auto in = progress_input(ctx.req());
                if (!in) return ctx.fail(in.error());
                auto r = board->report(*ctx.user(), *id, *in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(detail_json(*r), 201);
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/supervision/tasks/{task}/files",
              .access = departments_only,
              .summary = "The owning department attaches an evidence file: the body is the PDF, JPEG or PNG itself "
                         "(at most 2 MB; the type is read from the file), name=the file's name",
              .query = {{.name = "name", .description = "the file's name"}},
              .response = http::schema_of<api::TaskFileView>(),
              .status = 201,
              .handler = [board](http::Context& ctx) {
                auto id = http::path_id(ctx.req(), "task");
                if (!id) return ctx.fail(id.error());
                auto r = board->attach(*ctx.user(), *id, ctx.req().query_param("name").value_or(""), ctx.req().body,
                                       ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(file_json(*r), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/supervision/tasks/{task}/files/{file}",
              .access = officials,
              .summary = "An evidence file of a task",
              .produces = "application/octet-stream",
              .handler = [board](http::Context& ctx) {
                auto id = http::path_id(ctx.req(), "task");
                if (!id) return ctx.fail(id.error());
                auto file_id = http::path_id(ctx.req(), "file");
                if (!file_id) return ctx.fail(file_id.error());
                auto r = board->file(*ctx.user(), *id, *file_id);
                if (!r) return ctx.fail(r.error());
                http::Response resp = http::text_response(std::move(r->second), r->first.content_type);
                resp.gzip_ok = false;
                resp.set_header("Content-Disposition",
                                fmt::format("attachment; filename=\"evidence-{}\"; filename*=UTF-8''{}", r->first.id,
                                            encode_filename(r->first.name)));
                resp.set_header("X-Content-Type-Options", "nosniff");
                resp.set_header("Cache-Control", "private, no-store");
                return resp;
              }});
  return board;
}

}  // namespace jz::supervision
