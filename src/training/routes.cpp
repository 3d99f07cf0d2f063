// Training routes: request → training::Service → JSON. Request bodies are read by hand (clients may omit
// optional fields or add others).
#include "training/routes.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "registry/trainee_check.hpp"
#include "security/masking.hpp"
#include "training/certificate.hpp"
#include "training/parts.hpp"
#include "training/plausibility.hpp"
#include "training/schemas.hpp"
#include "training/service.hpp"
#include "training/trainees.hpp"
#include "verify/signing_key.hpp"
#include "verify/token_kinds.hpp"

namespace jz::training {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

// ---- Reading request bodies ----

Result<std::optional<int64_t>> opt_int(const json::object& o, std::string_view key, int64_t lo, int64_t hi) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<int64_t>{};
  int64_t n;
  if (v->is_int64())
    n = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() < static_cast<uint64_t>(INT64_MAX))
    n = static_cast<int64_t>(v->as_uint64());
  else if (v->is_double() && v->as_double() == static_cast<double>(static_cast<int64_t>(v->as_double())))
    n = static_cast<int64_t>(v->as_double());
  else
    return make_error("invalid_field", std::string(key), "whole number expected");
  if (n < lo || n > hi) return make_error("invalid_field", std::string(key), fmt::format("{}-{}", lo, hi));
  return std::optional<int64_t>(n);
}

Result<int64_t> req_int(const json::object& o, std::string_view key, int64_t lo, int64_t hi) {
  auto v = opt_int(o, key, lo, hi);
  if (!v) return v.error();
  if (!*v) return make_error("missing_field", std::string(key));
  return **v;
}

Result<std::string> opt_text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) return make_error("invalid_field", std::string(key), "text expected");
  return std::string(v->as_string());
}

Result<bool> opt_bool(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return false;
  if (!v->is_bool()) return make_error("invalid_field", std::string(key), "true or false");
  return v->as_bool();
}

Result<std::vector<std::string>> text_list(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return make_error("invalid_field", std::string(key), "list expected");
  for (const auto& x : v->as_array()) {
    if (!x.is_string()) return make_error("invalid_field", std::string(key), "texts expected");
    out.emplace_back(x.as_string());
  }
  return out;
}

std::string trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

Result<CourseInput> course_input(const json::object& o) {
  CourseInput in;
#define JZ_TRY(var, expr) \
  auto var = (expr);      \
  if (!var) return var.error();
  JZ_TRY(title, opt_text(o, "title"));
  in.title = trim(*title);
  JZ_TRY(occ, opt_text(o, "occupation_code"));
  in.occupation_code = *occ;
  if (in.occupation_code.empty()) return make_error("missing_field", "occupation_code");
  JZ_TRY(level, opt_int(o, "level", 1, 4));
  in.level = static_cast<int>(level->value_or(1));
  JZ_TRY(inst, opt_int(o, "institution_id", 1, INT64_MAX));
  in.institution_id = *inst;
  JZ_TRY(mode, opt_text(o, "mode"));
  in.mode = *mode;
  // `hours` is accepted from older clients and ignored: a course's hours are the sum of its units.
  JZ_TRY(hours, opt_int(o, "hours", 0, 2000));
  (void)hours;
  JZ_TRY(pass, opt_int(o, "pass_mark", 0, 100));
  if (*pass) in.pass_mark = static_cast<int>(**pass);
  JZ_TRY(cert, opt_bool(o, "has_certificate"));
  in.has_certificate = *cert;
  JZ_TRY(cert_name, opt_text(o, "certificate_name"));
  in.certificate_name = trim(*cert_name);
  JZ_TRY(desc, opt_text(o, "description"));
  in.description = *desc;
  const json::value* units = o.if_contains("units");
  if (units && !units->is_array()) return make_error("invalid_field", "units", "list expected");
  if (units)
    for (size_t i = 0; i < units->as_array().size(); ++i) {
      const auto& u = units->as_array()[i];
      if (!u.is_object()) return make_error("invalid_field", fmt::format("units[{}]", i), "object expected");
      Unit unit;
      JZ_TRY(t, opt_text(u.as_object(), "title"));
      unit.title = trim(*t);
      JZ_TRY(m, opt_int(u.as_object(), "minutes", 1, 6000));
      JZ_TRY(c, opt_text(u.as_object(), "content"));
      unit.content = *c;
      const json::value* parts = u.as_object().if_contains("parts");
      if (parts && !parts->is_array())
        return make_error("invalid_field", fmt::format("units[{}].parts", i), "list expected");
      if (parts)
        for (size_t k = 0; k < parts->as_array().size(); ++k) {
          const auto& pv = parts->as_array()[k];
          std::string at = fmt::format("units[{}].parts[{}]", i, k);
          if (!pv.is_object()) return make_error("invalid_field", at, "object expected");
          const auto& po = pv.as_object();
          Part part;
          part.position = static_cast<int>(k + 1);
          JZ_TRY(pt, opt_text(po, "title"));
          part.title = trim(*pt);
          auto pm = opt_int(po, "minutes", 1, kMaxPartMinutes);  // named with its place in the course
          if (!pm) return make_error("invalid_field", at + ".minutes", fmt::format("1-{}", kMaxPartMinutes));
          if (!*pm) return make_error("missing_field", at + ".minutes");
          part.minutes = static_cast<int>(**pm);
          JZ_TRY(body, opt_text(po, "body"));
          part.body = *body;
          JZ_TRY(image, opt_text(po, "image"));
          part.image = trim(*image);
          JZ_TRY(alt, opt_text(po, "image_alt"));
          part.image_alt = trim(*alt);
          JZ_TRY(video, opt_text(po, "video_url"));
          part.video_url = trim(*video);
          unit.parts.push_back(std::move(part));
        }
      // With parts the unit's length is theirs; without, it is given and read as even parts.
      if (!unit.parts.empty()) {
        for (const auto& part : unit.parts) unit.minutes += part.minutes;
      } else if (!*m) {
        return make_error("missing_field", fmt::format("units[{}].minutes", i));
      } else {
        unit.minutes = static_cast<int>(**m);
      }
      in.units.push_back(std::move(unit));
    }
  const json::value* qs = o.if_contains("questions");
  if (qs && !qs->is_array()) return make_error("invalid_field", "questions", "list expected");
  if (qs)
    for (size_t i = 0; i < qs->as_array().size(); ++i) {
      const auto& q = qs->as_array()[i];
      if (!q.is_object())
        return make_error("invalid_field", fmt::format("questions[{}]", i), "object expected");
      Question question;
      JZ_TRY(t, opt_text(q.as_object(), "text"));
      question.text = trim(*t);
      JZ_TRY(opts, text_list(q.as_object(), "options"));
      question.options = *opts;
      JZ_TRY(ans, opt_int(q.as_object(), "answer", 0, 100));
      if (!*ans) return make_error("missing_field", fmt::format("questions[{}].answer", i));
      question.answer = static_cast<int>(**ans);
      in.questions.push_back(std::move(question));
    }
#undef JZ_TRY
  return in;
}

// ---- Writing responses ----

json::object unit_json(const Unit& u) {
  json::array parts;
  for (const auto& p : study_parts(u))
    parts.push_back(json::object{{"position", p.position},
                                 {"title", p.title},
                                 {"minutes", p.minutes},
                                 {"body", p.body},
                                 {"image", p.image},
                                 {"image_alt", p.image_alt},
                                 {"video_url", p.video_url}});
  return {{"id", u.id},           {"position", u.position}, {"title", u.title},
          {"minutes", u.minutes}, {"content", u.content},   {"parts", std::move(parts)}};
}

json::object course_json(const Course& c, const reference::DivisionCatalog& catalog, bool with_units) {
  // A list carries one summary pseudo-unit: total minutes and the number of units.
  const int minutes = with_units ? c.total_minutes() : (c.units.empty() ? 0 : c.units[0].minutes);
  json::object o{
      {"id", c.id},
      {"title", c.title},
      {"occupation_code", c.occupation_code},
      {"level", c.level},
      {"institution_id", c.institution_id},
      {"institution_name", c.institution_name},
      {"mode", c.mode},
      {"hours", hours_of(minutes)},  // the sum of its units, never a number typed apart
      {"pass_mark", c.pass_mark ? json::value(*c.pass_mark) : json::value(nullptr)},
      {"has_certificate", c.has_certificate},
      {"certificate_name", c.certificate_name},
      {"division_code", c.division_code},
      {"prefecture_code", c.prefecture_code},
      {"prefecture_name", catalog.find(c.prefecture_code) ? catalog.find(c.prefecture_code)->name : ""},
      {"description", c.description},
      {"status", c.status},
      {"enrolled", c.enrolled},
      {"has_quiz", c.question_count > 0},
      {"question_count", c.question_count}};
  if (with_units) {
    json::array units;
    for (const auto& u : c.units) units.push_back(unit_json(u));
    o["units"] = std::move(units);
    o["unit_count"] = c.units.size();
  } else {
    o["unit_count"] = c.units.empty() ? 0 : c.units[0].position;
  }
  o["total_minutes"] = minutes;
  return o;
}

json::object enrolment_json(const Enrolment& e, const reference::DivisionCatalog& catalog, bool with_worker) {
  json::array progress;
  int done = 0, seconds = 0;
  for (const auto& p : e.progress) {
    progress.push_back(json::object{{"unit_id", p.unit_id},
                                    {"seconds", p.seconds},
                                    {"done", p.done},
                                    {"done_at", p.done_at ? json::value(*p.done_at) : json::value(nullptr)}});
    done += p.done ? 1 : 0;
    seconds += p.seconds;
  }
  json::object o{
      {"id", e.id},
      {"course_id", e.course_id},
      {"worker_id", e.worker_id},
      {"enrolled_via", e.enrolled_via},
      {"cohort", e.cohort},
      {"status", e.status},
      {"enrolled_at", e.enrolled_at},
      {"completed_on", e.completed_on ? json::value(*e.completed_on) : json::value(nullptr)},
      {"score", e.score ? json::value(*e.score) : json::value(nullptr)},
      {"assessed_on", e.assessed_on ? json::value(*e.assessed_on) : json::value(nullptr)},
      {"quiz_attempts", e.quiz_attempts},
      {"certificate_serial",
       e.certificate_serial ? json::value(*e.certificate_serial) : json::value(nullptr)},
      {"units_done", done},
      {"seconds", seconds},
      {"progress", std::move(progress)},
      {"course", course_json(e.course, catalog, !e.course.units.empty() && e.course.units[0].id != 0)}};
  if (with_worker) {
    o["worker_name"] = e.worker_name;
    o["worker_prefecture"] = e.worker_prefecture;
  }
  return o;
}

json::object certificate_json(const TrainingCertificate& c, const std::string& verify_url) {
  return {{"serial", c.serial},
          {"public_id", c.public_id},
          {"worker_name", security::mask_name(c.worker_name)},
          {"course_id", c.course_id},
          {"course_title", c.course_title},
          {"certificate_name", c.certificate_name},
          {"occupation_code", c.occupation_code},
          {"institution_name", c.institution_name},
          {"issued_on", c.issued_on},
          {"token", c.token},
          {"verify_url", verify_url}};
}

json::object assessment_json(const AssessmentResult& r, const Service& svc) {
  json::object o{{"passed", r.passed}, {"enrolment", enrolment_json(r.enrolment, svc.catalog(), false)}};
  o["certificate"] =
      r.certificate ? json::value(certificate_json(*r.certificate, svc.verify_url(r.certificate->serial)))
                    : json::value(nullptr);
  return o;
}

json::object counts_json(const Counts& c) {
  return {{"total", c.total}, {"women", c.women}, {"poverty_alleviated", c.poverty_alleviated}};
}

json::object survey_json(const Survey& s) {
  json::array occ;
  for (const auto& o : s.occupations) occ.push_back(json::value(o));
  return {{"id", s.id},
          {"worker_id", s.worker_id},
          {"worker_name", s.worker_name},
          {"prefecture_code", s.prefecture_code},
          {"county_code", s.county_code},
          {"willing", s.willing},
          {"occupations", std::move(occ)},
          {"can_leave_home", s.can_leave_home},
          {"available_from", s.available_from ? json::value(*s.available_from) : json::value(nullptr)},
          {"prior_training", s.prior_training},
          {"note", s.note},
          {"surveyed_at", s.surveyed_at}};
}

json::object competition_json(const Competition& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"level", c.level},
          {"occupation_code", c.occupation_code ? json::value(*c.occupation_code) : json::value(nullptr)},
          {"held_on", c.held_on},
          {"prefecture_code", c.prefecture_code},
          {"entrants", c.entrants}};
}

std::string division_name(const reference::DivisionCatalog& catalog, const std::string& code) {
  auto* d = catalog.find(code);
  return d ? d->name : code;
}

// Courses
void course_routes(http::Router& router, const std::shared_ptr<Service>& svc, const reference::DivisionCatalog& catalog) {
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/training/courses",
       .access = Access::anyone(),
       .summary = "Public course catalogue: open courses; filters occupation, prefecture, mode, q, "
                  "institution_id; paged",
       .query = {{.name = "occupation", .description = "occupation code"},
                 {.name = "prefecture", .description = "市州 code"},
                 {.name = "mode", .description = "online | offline"},
                 {.name = "q", .description = "words of the title"},
                 {.name = "institution_id", .type = "integer", .min = 1}},
       .paged = true,
       .response = http::paged_schema_of<api::CourseView>(),
       .handler = [svc, &catalog](http::Context& ctx) {
         auto page = ctx.page();
         auto inst = ctx.query_int("institution_id", 1, INT64_MAX);
         CourseFilter f;
         f.occupation = ctx.req().query_param("occupation").value_or("");
         f.prefecture = ctx.req().query_param("prefecture").value_or("");
         f.mode = ctx.req().query_param("mode").value_or("");
         f.q = ctx.req().query_param("q").value_or("");
         if (f.q.size() > 100) f.q.resize(100);
         f.institution_id = inst;
         f.page = page.page;
         f.page_size = page.page_size;
         int64_t total = 0;
         json::array items;
         for (const auto& c : svc->courses(f, &total)) items.push_back(course_json(c, catalog, false));
         return http::json_response(http::page_json(std::move(items), total, page));
       }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/training/courses/{id}",
              .access = Access::anyone(),
              .summary = "One course with its units (the public course page)",
              .response = http::schema_of<api::CourseView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto id = ctx.path_id("id");
                auto c = ctx.need(svc->course(id));
                return http::json_response(course_json(c, catalog, true));
              }});

  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/training/courses",
       .access = Access::only({Role::institution, Role::province_admin}),
       .summary =
           "Create a course: {title, occupation_code, level?, mode, pass_mark?, has_certificate?, "
           "certificate_name?, description?, units: [{title, minutes (without parts), content?, parts?: [{title, "
           "minutes (1-15), body?, image?, image_alt?, video_url?}]}], questions?: [{text, options, answer}], "
           "institution_id (province admin)}; its hours are the sum of its units",
       .request = http::schema_of<api::NewCourse>(),
       .response = http::schema_of<api::CourseView>(),
       .status = 201,
       .handler = [svc, &catalog](http::Context& ctx) {
         auto body = ctx.body_object();
         auto in = ctx.need(course_input(body));
         auto c = ctx.need(svc->create_course(*ctx.user(), in, ctx.actor()));
         ctx.audit_done();
         return http::json_response(course_json(c, catalog, true), 201);
       }});
}

// Enrolment
void enrolment_routes(http::Router& router, const std::shared_ptr<Service>& svc, const reference::DivisionCatalog& catalog) {
  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/training/courses/{id}/enrolments",
       .access = Access::only({Role::worker, Role::enterprise, Role::city_officer, Role::province_admin}),
       .summary =
           "Enrol: a worker herself ({}); an enterprise its staff, a city officer a cohort of her 市州, a "
           "province admin anyone ({worker_ids, cohort?}); all or nothing; 201 when someone was enrolled, 200 "
           "when all were enrolled before",
       .request = http::schema_of<api::EnrolInput>(),
       .response = http::schema_of<api::EnrolOutcome>(),
       .status = 201,
       .also_status = {200},
       .handler = [svc](http::Context& ctx) {
         auto id = ctx.path_id("id");
         auto body = ctx.body_object();
         std::vector<int64_t> ids;
         if (const json::value* v = body.if_contains("worker_ids"); v && !v->is_null()) {
           if (!v->is_array()) return ctx.fail(make_error("invalid_field", "worker_ids", "list expected"));
           for (const auto& x : v->as_array()) {
             if (!x.is_int64() || x.as_int64() <= 0)
               return ctx.fail(make_error("invalid_field", "worker_ids", "worker ids expected"));
             ids.push_back(x.as_int64());
           }
         }
         auto cohort = ctx.need(opt_text(body, "cohort"));
         auto r = ctx.need(svc->enrol(*ctx.user(), id, ids, trim(cohort), ctx.actor()));
         ctx.audit_done();
         json::array enrolled, already;
         for (auto w : r.enrolled) enrolled.push_back(w);
         for (auto w : r.already_enrolled) already.push_back(w);
         return http::json_response(
             json::object{{"enrolled", std::move(enrolled)}, {"already_enrolled", std::move(already)}},
             r.enrolled.empty() ? 200 : 201);
       }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/training/me/enrolments",
              .access = Access::only({Role::worker}),
              .summary = "The logged-in worker's courses with progress per unit and certificates",
              .response = http::schema_of<api::MyEnrolments>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto list = ctx.need(svc->my_enrolments(*ctx.user()));
                json::array items;
                for (const auto& e : list) items.push_back(enrolment_json(e, catalog, false));
                return http::json_response(
                    json::object{{"items", std::move(items)}, {"heartbeat_seconds", kHeartbeatSeconds}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/training/enrolments/{id}",
              .access = Access::only({Role::worker, Role::institution, Role::enterprise, Role::city_officer,
                                      Role::province_admin, Role::department}),
              .summary =
                  "One enrolment with progress per unit: the worker, the providing institution, and whoever "
                  "may see her record",
              .response = http::schema_of<api::EnrolmentView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto id = ctx.path_id("id");
                auto e = ctx.need(svc->enrolment(*ctx.user(), id));
                return http::json_response(enrolment_json(e, catalog, ctx.user()->role != Role::worker));
              }});

  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/training/institution/enrolments",
       .access = Access::only({Role::institution}),
       .summary = "The institution's console: enrolments in its courses (course_id to filter), with hours, "
                  "results and certificates; paged",
       .query = {{.name = "course_id", .type = "integer", .min = 1}},
       .paged = true,
       .response = http::paged_schema_of<api::EnrolmentView>(),
       .handler = [svc, &catalog](http::Context& ctx) {
         auto page = ctx.page();
         auto course = ctx.query_int("course_id", 1, INT64_MAX);
         int64_t total = 0;
         auto list = ctx.need(svc->institution_enrolments(*ctx.user(), course, page.page, page.page_size, &total));
         json::array items;
         for (const auto& e : list) items.push_back(enrolment_json(e, catalog, true));
         return http::json_response(http::page_json(std::move(items), total, page));
       }});
}

// Progress
void progress_routes(http::Router& router, const std::shared_ptr<Service>& svc, const reference::DivisionCatalog& catalog) {
  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/training/enrolments/{id}/units/{unit}/open",
       .access = Access::only({Role::worker}),
       .summary = "Open an online unit at a part ({part?}: 1-based; default the first not done): starts a "
                  "server-timed study session for that part and ends the worker's others",
       .request = http::schema_of<api::OpenUnitInput>(),
       .response = http::schema_of<api::OpenedSession>(),
       .status = 201,
       .handler = [svc](http::Context& ctx) {
         auto id = ctx.path_id("id");
         auto unit = ctx.path_id("unit");
         // An empty body (older clients) opens the part to study next.
         auto body = ctx.req().body.empty() ? json::object{} : ctx.body_object();
         auto part = ctx.need(opt_int(body, "part", 1, 1000));
         auto s = ctx.need(svc->open_unit(*ctx.user(), id, unit, ctx.actor(),
                                          part ? std::optional<int>(static_cast<int>(*part)) : std::nullopt));
         ctx.audit_done();
         return http::json_response(json::object{{"session_id", s.id},
                                                 {"part", s.part},
                                                 {"unit_seconds", s.unit_seconds},
                                                 {"heartbeat_seconds", kHeartbeatSeconds},
                                                 {"max_gap_seconds", kMaxGapSeconds}},
                                    201);
       }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/training/sessions/{id}/heartbeat",
              .access = Access::only({Role::worker}),
              .summary =
                  "A heartbeat of the unit player (the body is ignored: only the server's clock counts); "
                  "answers the time credited",
              .response = http::schema_of<api::HeartbeatView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = ctx.path_id("id");
                auto r = ctx.need(svc->heartbeat(*ctx.user(), id, ctx.actor()));
                ctx.audit_done();
                return http::json_response(json::object{{"session_id", r.session_id},
                                                        {"credited", r.credited},
                                                        {"unit_seconds", r.unit_seconds},
                                                        {"unit_length", r.unit_length},
                                                        {"part", r.part},
                                                        {"part_start", r.part_start},
                                                        {"part_end", r.part_end},
                                                        {"part_done", r.part_done},
                                                        {"unit_done", r.unit_done},
                                                        {"course_completed", r.course_completed}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/training/enrolments/{id}/units/{unit}/attendance",
              .access = Access::only({Role::institution}),
              .summary = "The providing institution records attendance of an offline unit",
              .response = http::schema_of<api::EnrolmentView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto id = ctx.path_id("id");
                auto unit = ctx.path_id("unit");
                auto e = ctx.need(svc->record_attendance(*ctx.user(), id, unit, ctx.actor()));
                ctx.audit_done();
                return http::json_response(enrolment_json(e, catalog, true));
              }});
}

// Assessment
void assessment_routes(http::Router& router, const std::shared_ptr<Service>& svc) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/training/enrolments/{id}/assessment",
              .access = Access::only({Role::institution}),
              .summary =
                  "The providing institution enters the assessment score {score}; a pass on a certificate "
                  "course issues the training certificate",
              .request = http::schema_of<api::ScoreInput>(),
              .response = http::schema_of<api::AssessmentView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = ctx.path_id("id");
                auto body = ctx.body_object();
                auto score = ctx.need(req_int(body, "score", 0, 100));
                auto r = ctx.need(svc->assess(*ctx.user(), id, static_cast<int>(score), ctx.actor()));
                ctx.audit_done();
                return http::json_response(assessment_json(r, *svc));
              }});

  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/training/enrolments/{id}/quiz",
       .access = Access::only({Role::worker}),
       .summary = "The course's quiz questions and options, never the answers (once every unit is done)",
       .response = http::schema_of<api::QuizView>(),
       .handler = [svc](http::Context& ctx) {
         auto id = ctx.path_id("id");
         auto qs = ctx.need(svc->quiz(*ctx.user(), id));
         json::array items;
         for (const auto& q : qs) {
           json::array options;
           for (const auto& o : q.options) options.push_back(json::value(o));
           items.push_back(
               json::object{{"position", q.position}, {"text", q.text}, {"options", std::move(options)}});
         }
         return http::json_response(json::object{{"questions", std::move(items)}});
       }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/training/enrolments/{id}/quiz",
              .access = Access::only({Role::worker}),
              .summary = "Submit the quiz {answers: [option index per question]}; scored by the server",
              .request = http::schema_of<api::QuizAnswers>(),
              .response = http::schema_of<api::AssessmentView>(),
              .handler = [svc](http::Context& ctx) {
                auto id = ctx.path_id("id");
                auto body = ctx.body_object();
                const json::value* v = body.if_contains("answers");
                if (!v || v->is_null()) return ctx.fail(make_error("missing_field", "answers"));
                if (!v->is_array()) return ctx.fail(make_error("invalid_field", "answers", "list expected"));
                std::vector<int> answers;
                for (const auto& x : v->as_array()) {
                  if (!x.is_int64() || x.as_int64() < -1 || x.as_int64() > 100)
                    return ctx.fail(make_error("invalid_field", "answers", "option indexes expected"));
                  answers.push_back(static_cast<int>(x.as_int64()));
                }
                auto r = ctx.need(svc->submit_quiz(*ctx.user(), id, answers, ctx.actor()));
                ctx.audit_done();
                json::object o = assessment_json(r, *svc);
                o["score"] = r.enrolment.score ? json::value(*r.enrolment.score) : json::value(nullptr);
                return http::json_response(o);
              }});
}

// Certificates
void certificate_routes(http::Router& router, const std::shared_ptr<Service>& svc) {
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/training/certificates/{serial}",
       .access = Access::anyone(),
       .summary =
           "Public verification of a training certificate by serial (404 when unknown); the name is masked",
       .response = http::schema_of<api::CertificateView>(),
       .handler = [svc](http::Context& ctx) {
         auto c = ctx.need(svc->certificate(ctx.param("serial")));
         json::object o = certificate_json(c, svc->verify_url(c.serial));
         o["verdict"] = "valid";
         return http::json_response(o);
       }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/training/verify/{token}",
              .access = Access::anyone(),
              .summary = "Public verification of a training certificate by its signed token: valid or forged",
              .response = http::schema_of<api::TokenVerdict>(),
              .handler = [svc](http::Context& ctx) {
                auto c = svc->verify_token(ctx.param("token"));
                if (!c) return http::json_response(json::object{{"verdict", "forged"}});
                json::object o = certificate_json(*c, svc->verify_url(c->serial));
                o["verdict"] = "valid";
                return http::json_response(o);
              }});
}

// Target
void target_routes(http::Router& router, const std::shared_ptr<Service>& svc, const reference::DivisionCatalog& catalog) {
  const auto officials = Access::only({Role::province_admin, Role::department, Role::city_officer});
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/training/progress",
       .access = officials,
       .summary = "Trainee-times (each completed course by a person once) over a period (period=YYYY|YYYY-MM "
                  "or from&to): by 市州 with target and projection, by county, occupation, brand; women and "
                  "脱贫人口 separately",
       .query = {{.name = "period", .description = "YYYY or YYYY-MM (or from and to)"},
                 {.name = "from", .type = "date"},
                 {.name = "to", .type = "date"}},
       .response = http::schema_of<api::ProgressView>(),
       .handler = [svc, &catalog](http::Context& ctx) {
         auto period =
             ctx.need(parse_period(ctx.req().query_param("period"), ctx.query_date("from"), ctx.query_date("to")));
         auto r = ctx.need(svc->progress(*ctx.user(), period));
         json::array prefectures;
         for (const auto& p : r.prefectures) {
           json::object o = counts_json(p.counts);
           o["code"] = p.code;
           o["name"] = division_name(catalog, p.code);
           o["target"] = p.target;
           o["projected"] = p.projected;
           o["on_track"] = p.on_track;
           o["share"] =
               p.target > 0 ? static_cast<double>(p.counts.total) / static_cast<double>(p.target) : 0.0;
           prefectures.push_back(std::move(o));
         }
         auto list = [&](const std::map<std::string, Counts>& m, bool names) {
           json::array a;
           for (const auto& [code, c] : m) {
             json::object o = counts_json(c);
             o["code"] = code;
             if (names) o["name"] = division_name(catalog, code);
             a.push_back(std::move(o));
           }
           return a;
         };
         json::object all = counts_json(r.figures.all);
         return http::json_response(json::object{{"period", r.period.key},
                                                 {"from", r.period.from},
                                                 {"to", r.period.to},
                                                 {"today", r.today},
                                                 {"target", r.target},
                                                 {"targets_set", r.targets_set},
                                                 {"projected", r.projected},
                                                 {"on_track", r.target > 0 && r.projected >= r.target},
                                                 {"totals", std::move(all)},
                                                 {"prefectures", std::move(prefectures)},
                                                 {"counties", list(r.figures.by_county, true)},
                                                 {"occupations", list(r.figures.by_occupation, false)},
                                                 {"brands", list(r.figures.by_brand, false)}});
       }});

  router.add({.method = http::Method::put,
              .path = "/api/v1/training/targets",
              .access = Access::only({Role::province_admin}),
              .summary = "Set targets per 市州 for a period: {period, targets: {\"6201\": 20000, …}}",
              .request = http::schema_of<api::Targets>(),
              .response = http::schema_of<api::Targets>(),
              .handler = [svc](http::Context& ctx) {
                auto body = ctx.body_object();
                auto period = ctx.need(opt_text(body, "period"));
                if (period.empty()) return ctx.fail(make_error("missing_field", "period"));
                const json::value* t = body.if_contains("targets");
                if (!t || t->is_null()) return ctx.fail(make_error("missing_field", "targets"));
                if (!t->is_object())
                  return ctx.fail(make_error("invalid_field", "targets", "object expected"));
                std::map<std::string, int64_t> targets;
                for (const auto& [code, v] : t->as_object()) {
                  if (!v.is_int64())
                    return ctx.fail(
                        make_error("invalid_field", "targets." + std::string(code), "whole number"));
                  targets[std::string(code)] = v.as_int64();
                }
                auto r = ctx.need(svc->set_targets(*ctx.user(), period, targets, ctx.actor()));
                ctx.audit_done();
                json::object o;
                for (const auto& [code, n] : r) o[code] = n;
                return http::json_response(json::object{{"period", period}, {"targets", std::move(o)}});
              }});
}

// Survey
void survey_routes(http::Router& router, const std::shared_ptr<Service>& svc, const reference::DivisionCatalog& catalog) {
  const auto officials = Access::only({Role::province_admin, Role::department, Role::city_officer});
  router.add({.method = http::Method::post,
              .path = "/api/v1/training/surveys",
              .access = Access::only({Role::city_officer, Role::province_admin}),
              .summary = "摸底调查 of a 脱贫人口 worker: {worker_id, willing, occupations, can_leave_home, "
                         "available_from?, "
                         "prior_training?, note?}; a later survey replaces the earlier",
              .request = http::schema_of<api::SurveyInput>(),
              .response = http::schema_of<api::SurveyView>(),
              .status = 201,
              .handler = [svc](http::Context& ctx) {
                auto body = ctx.body_object();
                SurveyInput in;
                auto w = ctx.need(req_int(body, "worker_id", 1, INT64_MAX));
                in.worker_id = w;
                auto willing = ctx.need(opt_bool(body, "willing"));
                in.willing = willing;
                auto occ = ctx.need(text_list(body, "occupations"));
                in.occupations = occ;
                auto leave = ctx.need(opt_bool(body, "can_leave_home"));
                in.can_leave_home = leave;
                auto from = ctx.need(opt_text(body, "available_from"));
                if (!from.empty()) in.available_from = from;
                auto prior = ctx.need(opt_text(body, "prior_training"));
                in.prior_training = trim(prior);
                auto note = ctx.need(opt_text(body, "note"));
                in.note = trim(note);
                auto s = ctx.need(svc->submit_survey(*ctx.user(), in, ctx.actor()));
                ctx.audit_done();
                return http::json_response(survey_json(s), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/training/surveys",
              .access = officials,
              .summary = "Surveys of the caller's scope (a city officer: her 市州), newest first; paged",
              .paged = true,
              .response = http::paged_schema_of<api::SurveyView>(),
              .handler = [svc](http::Context& ctx) {
                auto page = ctx.page();
                int64_t total = 0;
                auto list = ctx.need(svc->surveys(*ctx.user(), page.page, page.page_size, &total));
                json::array items;
                for (const auto& s : list) items.push_back(survey_json(s));
                return http::json_response(http::page_json(std::move(items), total, page));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/training/offers",
              .access = officials,
              .summary =
                  "Targeted offers from the surveys: by county and occupation, how many are willing, which "
                  "courses are open (none: open one) and whom to enrol",
              .response = http::items_schema_of<api::OfferView>(),
              .handler = [svc, &catalog](http::Context& ctx) {
                auto list = ctx.need(svc->offers(*ctx.user()));
                json::array items;
                for (const auto& o : list) {
                  json::array courses, workers;
                  for (const auto& [id, title] : o.courses)
                    courses.push_back(json::object{{"id", id}, {"title", title}});
                  for (const auto& [id, name] : o.workers)
                    workers.push_back(json::object{{"id", id}, {"name", name}});
                  items.push_back(json::object{{"prefecture_code", o.prefecture_code},
                                               {"county_code", o.county_code},
                                               {"county_name", division_name(catalog, o.county_code)},
                                               {"occupation_code", o.occupation_code},
                                               {"willing", o.willing},
                                               {"can_leave_home", o.can_leave_home},
                                               {"open_course_needed", o.courses.empty()},
                                               {"courses", std::move(courses)},
                                               {"workers", std::move(workers)}});
                }
                return http::json_response(json::object{{"items", std::move(items)}});
              }});
}

// Competitions
void competition_routes(http::Router& router, const std::shared_ptr<Service>& svc) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/training/competitions",
              .access = Access::anyone(),
              .summary = "Skill competitions (技能大赛), newest first",
              .response = http::items_schema_of<api::CompetitionView>(),
              .handler = [svc](http::Context&) {
                json::array items;
                for (const auto& c : svc->competitions()) items.push_back(competition_json(c));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/training/competitions",
       .access = Access::only({Role::province_admin, Role::city_officer}),
       .summary =
           "Record a skill competition: {name, level, occupation_code?, held_on} (a city officer: city "
           "or county level, her 市州)",
       .request = http::schema_of<api::NewCompetition>(),
       .response = http::schema_of<api::CompetitionView>(),
       .status = 201,
       .handler = [svc](http::Context& ctx) {
         auto body = ctx.body_object();
         Competition c;
         auto name = ctx.need(opt_text(body, "name"));
         c.name = trim(name);
         auto level = ctx.need(opt_text(body, "level"));
         c.level = level;
         auto occ = ctx.need(opt_text(body, "occupation_code"));
         if (!occ.empty()) c.occupation_code = occ;
         auto held = ctx.need(opt_text(body, "held_on"));
         c.held_on = held;
         auto r = ctx.need(svc->create_competition(*ctx.user(), c, ctx.actor()));
         ctx.audit_done();
         return http::json_response(competition_json(r), 201);
       }});

  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/training/competitions/{id}/awards",
       .access = Access::only({Role::province_admin, Role::city_officer}),
       .summary = "Record an entrant's award {worker_id, award}: a `competition` entry in her credit file",
       .request = http::schema_of<api::AwardInput>(),
       .response = http::schema_of<api::AwardEntry>(),
       .status = 201,
       .handler = [svc](http::Context& ctx) {
         auto id = ctx.path_id("id");
         auto body = ctx.body_object();
         auto w = ctx.need(req_int(body, "worker_id", 1, INT64_MAX));
         auto award = ctx.need(opt_text(body, "award"));
         auto r = ctx.need(svc->record_award(*ctx.user(), id, w, trim(award), ctx.actor()));
         ctx.audit_done();
         return http::json_response(json::object{{"entry_id", r}}, 201);
       }});
}

}  // namespace

std::shared_ptr<Service> register_routes(http::Router& router, db::Database& db,
                                         const security::FieldCipher& cipher,
                                         const reference::DivisionCatalog& catalog,
                                         const std::filesystem::path& key_dir, std::string public_url) {
  auto key = verify::SigningKey::load_or_create(key_dir);
  auto svc = std::make_shared<Service>(db, cipher, catalog, key, std::move(public_url));
  // 国密: new training certificates are SM2-signed (the service certificates' SM2 key); SM2 ones verify whenever
  // that key exists, Ed25519 ones always.
  if (cipher.suite() == security::CryptoSuite::sm) {
    auto sm2 = verify::Sm2SigningKey::load_or_create(key_dir);
    svc->use_sm2(sm2, sm2.public_key());
  } else if (auto pub = verify::Sm2SigningKey::load_public(key_dir)) {
    svc->use_sm2(std::nullopt, *pub);
  }
  // The service certificates' public routes (/v/{token}, /api/v1/verify/{token}) hand training tokens to us.
  auto answer = [svc](std::string_view token) -> std::optional<verify::OtherTokenAnswer> {
    auto c = svc->verify_token(std::string(token));
    if (!c) return std::nullopt;
    json::object o = certificate_json(*c, svc->verify_url(c->serial));
    o["result"] = "valid";
    o["kind"] = "training_certificate";
    return verify::OtherTokenAnswer{std::move(o), "/training/certificates/" + c->serial};
  };
  verify::register_token_kind(kCertificateTokenVersion, answer);
  verify::register_token_kind(kCertificateTokenVersionSm2, answer);
  svc->preload_index();
  registry::set_trainee_check(&store::is_trainee_of);

  course_routes(router, svc, catalog);
  enrolment_routes(router, svc, catalog);
  progress_routes(router, svc, catalog);
  assessment_routes(router, svc);
  certificate_routes(router, svc);
  target_routes(router, svc, catalog);
  survey_routes(router, svc, catalog);
  competition_routes(router, svc);
  return svc;
}

}  // namespace jz::training
