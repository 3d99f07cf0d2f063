#include "training/service.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/kinds.hpp"
#include "registry/scope.hpp"
#include "training/certificate.hpp"
#include "training/parts.hpp"
#include "training/plausibility.hpp"
#include "training/store.hpp"

namespace jz::training {
namespace {

using security::Role;

constexpr size_t kMaxCohort = 2000;
constexpr int kMaxQuizAttempts = 3;

int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

size_t utf8_length(const std::string& s) {
  return credit::utf8_length(s);
}

registry::WorkerRef ref_of(const Enrolment& e) {
  return {e.worker_id, e.worker_prefecture, e.worker_enterprise};
}

bool is_provider(const security::Principal& p, const Course& c) {
  return p.role == Role::institution && p.institution_id && *p.institution_id == c.institution_id;
}

// Who may see an enrolment: the worker, the providing institution, and whoever may see her record.
bool may_view(const security::Principal& p, const Enrolment& e) {
  if (p.role == Role::worker) return p.worker_id && *p.worker_id == e.worker_id;
  if (p.role == Role::institution) return is_provider(p, e.course);
  return registry::can_view_worker(p, ref_of(e));
}

bool all_units_done(db::Connection& conn, const Enrolment& e) {
  return !e.course.units.empty() &&
         store::done_units(conn, e.id) >= static_cast<int64_t>(e.course.units.size());
}

void audit(db::Connection& conn, const security::AuditActor& a, std::string action, std::string type,
           std::string id, std::string summary, std::optional<int64_t> subject = std::nullopt) {
  security::AuditEntry e;
  e.action = std::move(action);
  e.object_type = std::move(type);
  e.object_id = std::move(id);
  e.summary = std::move(summary);
  e.subject_worker_id = subject;
  security::write_audit(conn, a, e);
}

credit::NewEntry training_entry(const Enrolment& e, const std::string& today) {
  credit::NewEntry n;
  n.worker_id = e.worker_id;
  n.kind = credit::EntryKind::training;
  n.source_type = credit::SourceType::institution;
  n.source_id = e.course.institution_id;
  n.source_name = e.course.institution_name;
  n.occurred_on = today;
  n.details = {{"course", e.course.title},
               {"occupation", e.course.occupation_code},
               {"level", e.course.level},
               {"provider", e.course.institution_name}};
  n.evidence = fmt::format("培训课程 #{}，报名 #{}", e.course_id, e.id);
  return n;
}

// The worker's own enrolment `id` and its quiz, once her units are complete.
Result<std::pair<Enrolment, std::vector<Question>>> own_quiz(db::Connection& conn,
                                                             const security::Principal& p, int64_t id) {
  auto e = store::find_enrolment(conn, id);
  if (!e) return make_error("not_found", "id");
  if (p.role != Role::worker || !p.worker_id || *p.worker_id != e->worker_id)
    return make_error("out_of_scope");
  auto qs = store::questions(conn, e->course_id);
  if (qs.empty()) return make_error("training_no_quiz");
  if (!e->completed_on) return make_error("training_units_incomplete");
  return std::pair{std::move(*e), std::move(qs)};
}

}  // namespace

Service::Service(db::Database& db, const security::FieldCipher& cipher,
                 const reference::DivisionCatalog& catalog, const verify::SigningKey& key,
                 std::string public_url)
    : now_ms(system_ms),
      db_(db),
      cipher_(cipher),
      catalog_(catalog),
      key_(key),
      public_url_(std::move(public_url)),
      credit_(db, cipher, catalog),
      index_(std::make_unique<ProgressIndex>()) {}

// ---- Courses
// ------------------------------------------------------------------------------------------------

Result<Course> Service::create_course(const security::Principal& p, const CourseInput& in,
                                      const security::AuditActor& a) {
  if (in.title.empty()) return make_error("missing_field", "title");
  if (utf8_length(in.title) > 100) return make_error("invalid_field", "title", "at most 100 characters");
  if (in.mode != "online" && in.mode != "offline")
    return make_error("invalid_field", "mode", "online|offline");
  if (in.level < 1 || in.level > 4) return make_error("invalid_field", "level", "1-4");
  if (in.pass_mark && (*in.pass_mark < 0 || *in.pass_mark > 100))
    return make_error("invalid_field", "pass_mark", "0-100");
  if (in.has_certificate && !in.pass_mark)
    return make_error("invalid_field", "pass_mark", "a certificate needs an assessment");
  if (!in.questions.empty() && !in.pass_mark)
    return make_error("invalid_field", "pass_mark", "a quiz needs a pass mark");
  if (utf8_length(in.description) > 2000)
    return make_error("invalid_field", "description", "at most 2000 characters");
  if (utf8_length(in.certificate_name) > 100)
    return make_error("invalid_field", "certificate_name", "at most 100 characters");
  if (in.units.empty()) return make_error("missing_field", "units");
  if (in.units.size() > 100) return make_error("invalid_field", "units", "at most 100");
  for (size_t i = 0; i < in.units.size(); ++i) {
    const auto& u = in.units[i];
    if (u.title.empty() || utf8_length(u.title) > 100)
      return make_error("invalid_field", fmt::format("units[{}].title", i), "1-100 characters");
    if (u.minutes < 1 || u.minutes > 6000)
      return make_error("invalid_field", fmt::format("units[{}].minutes", i), "1-6000");
    if (u.content.size() > 20000)
      return make_error("invalid_field", fmt::format("units[{}].content", i), "too long");
    if (u.parts.size() > 400) return make_error("invalid_field", fmt::format("units[{}].parts", i), "at most 400");
    for (size_t k = 0; k < u.parts.size(); ++k) {
      const auto& part = u.parts[k];
      std::string at = fmt::format("units[{}].parts[{}]", i, k);
      if (part.title.empty() || utf8_length(part.title) > 100)
        return make_error("invalid_field", at + ".title", "1-100 characters");
      if (part.minutes < 1 || part.minutes > kMaxPartMinutes)
        return make_error("invalid_field", at + ".minutes", fmt::format("1-{}", kMaxPartMinutes));
      if (part.body.size() > 20000) return make_error("invalid_field", at + ".body", "too long");
      if (utf8_length(part.image_alt) > 300) return make_error("invalid_field", at + ".image_alt", "too long");
      // Pictures and videos come from the platform's own media folder or over HTTPS, never from a script URL.
      for (const auto& [field, url] : {std::pair{".image", &part.image}, std::pair{".video_url", &part.video_url}})
        if (!url->empty() && url->size() <= 500 && !url->starts_with("/media/") && !url->starts_with("https://"))
          return make_error("invalid_field", at + field, "/media/… or https://…");
        else if (url->size() > 500)
          return make_error("invalid_field", at + field, "too long");
      if (!part.image.empty() && part.image_alt.empty())
        return make_error("missing_field", at + ".image_alt");
    }
  }
  if (in.questions.size() > 100) return make_error("invalid_field", "questions", "at most 100");
  for (size_t i = 0; i < in.questions.size(); ++i) {
    const auto& q = in.questions[i];
    if (q.text.empty() || utf8_length(q.text) > 500)
      return make_error("invalid_field", fmt::format("questions[{}].text", i), "1-500 characters");
    if (q.options.size() < 2 || q.options.size() > 6)
      return make_error("invalid_field", fmt::format("questions[{}].options", i), "2-6 options");
    for (const auto& o : q.options)
      if (o.empty() || utf8_length(o) > 200)
        return make_error("invalid_field", fmt::format("questions[{}].options", i), "1-200 characters each");
    if (q.answer < 0 || q.answer >= static_cast<int>(q.options.size()))
      return make_error("invalid_field", fmt::format("questions[{}].answer", i), "index of an option");
  }
  int64_t institution_id = 0;
  if (p.role == Role::institution) {
    if (!p.institution_id) return make_error("out_of_scope", "institution_id", "account has no institution");
    if (in.institution_id && *in.institution_id != *p.institution_id)
      return make_error("out_of_scope", "institution_id");
    institution_id = *p.institution_id;
  } else if (p.role == Role::province_admin) {
    if (!in.institution_id) return make_error("missing_field", "institution_id");
    institution_id = *in.institution_id;
  } else {
    return make_error("out_of_scope");
  }
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto inst = store::find_institution(*conn, institution_id);
  if (!inst) return make_error("invalid_field", "institution_id", "no such institution");
  if (!store::occupation_exists(*conn, in.occupation_code))
    return make_error("unknown_occupation", "occupation_code", in.occupation_code);
  int64_t id =
      store::insert_course(*conn, in, *inst, p.user_id ? std::optional(p.user_id) : std::nullopt, now_utc());
  audit(*conn, a, "training.course.create", "training_course", std::to_string(id),
        fmt::format("occupation={} mode={} units={} questions={}", in.occupation_code, in.mode,
                    in.units.size(), in.questions.size()));
  auto c = store::find_course(*conn, id);
  tx.commit();
  return *c;
}

Result<Course> Service::course(int64_t id) {
  auto conn = db_.acquire();
  auto c = store::find_course(*conn, id);
  if (!c) return make_error("not_found", "id");
  return *c;
}

std::vector<Course> Service::courses(const CourseFilter& f, int64_t* total) {
  auto conn = db_.acquire();
  return store::list_courses(*conn, f, total);
}

// ---- Enrolment
// ----------------------------------------------------------------------------------------------

Result<EnrolResult> Service::enrol(const security::Principal& p, int64_t course_id,
                                   const std::vector<int64_t>& worker_ids, const std::string& cohort,
                                   const security::AuditActor& a) {
  if (utf8_length(cohort) > 100) return make_error("invalid_field", "cohort", "at most 100 characters");
  std::vector<int64_t> ids;
  std::string via;
  switch (p.role) {
    case Role::worker:
      if (!p.worker_id) return make_error("out_of_scope");
      for (int64_t id : worker_ids)
        if (id != *p.worker_id) return make_error("out_of_scope", "worker_ids");
      ids = {*p.worker_id};
      via = "self";
      break;
    case Role::enterprise:
    case Role::city_officer:
    case Role::province_admin:
      if (worker_ids.empty()) return make_error("missing_field", "worker_ids");
      ids = worker_ids;
      via = p.role == Role::enterprise ? "enterprise" : "official";
      break;
    default:
      return make_error("out_of_scope");
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() > kMaxCohort)
    return make_error("invalid_field", "worker_ids", fmt::format("at most {}", kMaxCohort));
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto c = store::find_course(*conn, course_id);
  if (!c) return make_error("not_found", "id");
  if (c->status != "open") return make_error("training_course_closed");
  // Check every worker before writing anything: the cohort is enrolled whole or not at all.
  for (int64_t id : ids) {
    auto w = registry::load_worker_ref(*conn, id);
    if (!w) return make_error("invalid_field", "worker_ids", fmt::format("no worker {}", id));
    if (!registry::can_edit_worker(p, *w)) return make_error("out_of_scope", "worker_ids");
  }
  EnrolResult r;
  std::string now = now_utc();
  for (int64_t id : ids) {
    if (store::enrolment_of(*conn, course_id, id)) {
      r.already_enrolled.push_back(id);
      continue;
    }
    store::insert_enrolment(*conn, course_id, id, p.user_id ? std::optional(p.user_id) : std::nullopt, via,
                            cohort, now);
    r.enrolled.push_back(id);
  }
  audit(*conn, a, "training.enrol", "training_course", std::to_string(course_id),
        fmt::format("via={} enrolled={} already={}", via, r.enrolled.size(), r.already_enrolled.size()),
        ids.size() == 1 ? std::optional(ids[0]) : std::nullopt);
  tx.commit();
  return r;
}

Result<std::vector<Enrolment>> Service::my_enrolments(const security::Principal& p) {
  if (p.role != Role::worker || !p.worker_id) return make_error("out_of_scope");
  auto conn = db_.acquire();
  return store::worker_enrolments(*conn, *p.worker_id);
}

Result<Enrolment> Service::enrolment(const security::Principal& p, int64_t id) {
  auto conn = db_.acquire();
  auto e = store::find_enrolment(*conn, id);
  if (!e) return make_error("not_found", "id");
  if (!may_view(p, *e)) return make_error("out_of_scope");
  return *e;
}

Result<std::vector<Enrolment>> Service::institution_enrolments(const security::Principal& p,
                                                               std::optional<int64_t> course, int page,
                                                               int page_size, int64_t* total) {
  if (p.role != Role::institution || !p.institution_id) return make_error("out_of_scope");
  auto conn = db_.acquire();
  if (course) {
    auto c = store::find_course(*conn, *course);
    if (!c) return make_error("not_found", "course");
    if (c->institution_id != *p.institution_id) return make_error("training_not_provider");
  }
  return store::institution_enrolments(*conn, *p.institution_id, course, page_size, (page - 1) * page_size,
                                       total);
}

// ---- Progress
// -----------------------------------------------------------------------------------------------

Result<Session> Service::open_unit(const security::Principal& p, int64_t enrolment_id, int64_t unit_id,
                                   const security::AuditActor& a, std::optional<int> part) {
  if (p.role != Role::worker || !p.worker_id) return make_error("out_of_scope");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto e = store::find_enrolment(*conn, enrolment_id);
  if (!e) return make_error("not_found", "id");
  if (e->worker_id != *p.worker_id) return make_error("out_of_scope");
  auto unit = std::find_if(e->course.units.begin(), e->course.units.end(),
                           [&](const Unit& u) { return u.id == unit_id; });
  if (unit == e->course.units.end()) return make_error("not_found", "unit");
  if (e->course.mode != "online") return make_error("training_unit_not_online");
  const auto parts = study_parts(*unit);
  const int before = store::unit_seconds(*conn, e->id, unit->id);
  const int next = current_part(parts, before);
  if (part && (*part < 1 || *part > static_cast<int>(parts.size()))) return make_error("not_found", "part");
  if (part && *part > next && before < part_span(parts, *part).start)
    return make_error("training_part_locked", "part");
  // One session at a time: whatever else she had open stops counting now.
  store::end_sessions(*conn, *p.worker_id);
  Session s;
  s.worker_id = *p.worker_id;
  s.enrolment_id = enrolment_id;
  s.unit_id = unit_id;
  s.part = part.value_or(next);
  s.unit_seconds = before;
  s.opened_ms = s.last_beat_ms = now_ms();
  s.id = store::insert_session(*conn, s);
  audit(*conn, a, "training.unit.open", "training_session", std::to_string(s.id),
        fmt::format("enrolment={} unit={} part={}", enrolment_id, unit_id, s.part), e->worker_id);
  tx.commit();
  return s;
}

Result<HeartbeatResult> Service::heartbeat(const security::Principal& p, int64_t session_id,
                                           const security::AuditActor& a) {
  if (p.role != Role::worker || !p.worker_id) return make_error("out_of_scope");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto s = store::find_session(*conn, session_id);
  if (!s) return make_error("not_found", "id");
  if (s->worker_id != *p.worker_id) return make_error("out_of_scope");
  if (!s->active) return make_error("training_session_ended");
  auto e = store::find_enrolment(*conn, s->enrolment_id);
  if (!e) return make_error("not_found", "id");
  auto unit = std::find_if(e->course.units.begin(), e->course.units.end(),
                           [&](const Unit& u) { return u.id == s->unit_id; });
  if (unit == e->course.units.end()) return make_error("not_found", "unit");
  HeartbeatResult r;
  r.session_id = session_id;
  r.unit_length = unit->minutes * 60;
  int before = store::unit_seconds(*conn, e->id, unit->id);
  // Credited up to the end of the session's part only: the next part is opened when she turns to it.
  const Span span = part_span(study_parts(*unit), s->part);
  r.part = s->part;
  r.part_start = span.start;
  r.part_end = span.end;
  auto credit = credit_heartbeat(s->last_beat_ms, now_ms(), before, std::min(span.end, r.unit_length));
  // Compare-and-set on the last beat: of two concurrent heartbeats only one is credited for the same span.
  if (!store::advance_session(*conn, session_id, s->last_beat_ms, credit.new_last_ms,
                              static_cast<int>(credit.seconds)))
    return make_error("training_session_ended");
  r.credited = static_cast<int>(credit.seconds);
  r.unit_seconds = before + r.credited;
  bool was_done = std::any_of(e->progress.begin(), e->progress.end(),
                              [&](const UnitProgress& u) { return u.unit_id == unit->id && u.done; });
  r.unit_done = was_done || r.unit_seconds >= r.unit_length;
  r.part_done = r.unit_done || r.unit_seconds >= span.end;
  if (credit.seconds > 0 || (r.unit_done && !was_done))
    store::add_unit_seconds(*conn, e->id, unit->id, r.credited,
                            r.unit_done && !was_done ? std::optional(now_utc()) : std::nullopt, std::nullopt);
  if (r.unit_done && !was_done && all_units_done(*conn, *e)) {
    auto done = on_completed(*conn, *e, a);
    if (!done) return done.error();
    r.course_completed = true;
  }
  audit(*conn, a, "training.heartbeat", "training_session", std::to_string(session_id),
        fmt::format("credited={}s part={} unit={}s/{}s", r.credited, r.part, r.unit_seconds, r.unit_length), e->worker_id);
  tx.commit();
  return r;
}

Result<Enrolment> Service::record_attendance(const security::Principal& p, int64_t enrolment_id,
                                             int64_t unit_id, const security::AuditActor& a) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto e = store::find_enrolment(*conn, enrolment_id);
  if (!e) return make_error("not_found", "id");
  if (!is_provider(p, e->course)) return make_error("training_not_provider");
  auto unit = std::find_if(e->course.units.begin(), e->course.units.end(),
                           [&](const Unit& u) { return u.id == unit_id; });
  if (unit == e->course.units.end()) return make_error("not_found", "unit");
  if (e->course.mode != "offline") return make_error("training_unit_online");
  bool was_done = std::any_of(e->progress.begin(), e->progress.end(),
                              [&](const UnitProgress& u) { return u.unit_id == unit_id && u.done; });
  if (!was_done) {
    int before = store::unit_seconds(*conn, e->id, unit_id);
    store::add_unit_seconds(*conn, e->id, unit_id, std::max(0, unit->minutes * 60 - before), now_utc(),
                            p.user_id);
    if (all_units_done(*conn, *e)) {
      auto done = on_completed(*conn, *e, a);
      if (!done) return done.error();
    }
    audit(*conn, a, "training.attendance", "training_enrolment", std::to_string(enrolment_id),
          fmt::format("unit={}", unit_id), e->worker_id);
  }
  auto out = store::find_enrolment(*conn, enrolment_id);
  tx.commit();
  return *out;
}

Result<void> Service::on_completed(db::Connection& conn, const Enrolment& e, const security::AuditActor& a) {
  std::string today = today_utc();
  if (!store::complete_enrolment(conn, e.id, today, credit::day_number(today).value())) return {};
  auto entry = training_entry(e, today);
  entry.details["hours"] = hours_of(e.course.total_minutes());
  entry.details["assessment"] = "none";
  auto id = credit_.add_entry(conn, entry, a);
  if (!id) return id.error();
  return {};
}

// ---- Assessment
// ---------------------------------------------------------------------------------------------

Result<AssessmentResult> Service::record_result(db::Connection& conn, const Enrolment& e, int score,
                                                std::optional<int64_t> by, const std::string& how,
                                                const security::AuditActor& a) {
  AssessmentResult r;
  r.passed = score >= e.course.pass_mark.value_or(0);
  std::string today = today_utc();
  if (!store::set_assessment(conn, e.id, score, r.passed, today, by)) return make_error("training_already_passed");
  auto entry = training_entry(e, today);
  entry.details["hours"] = 0;
  entry.details["assessment"] = r.passed ? "passed" : "failed";
  entry.details["score"] = score;
  if (auto id = credit_.add_entry(conn, entry, a); !id) return id.error();
  if (r.passed && e.course.has_certificate && !store::certificate_serial_of(conn, e.id)) {
    CertificatePayload payload;
    payload.public_id = store::worker_public_id(conn, e.worker_id);
    payload.issued_on = today;
    payload.course_id = e.course_id;
    do payload.serial = make_certificate_serial(today, randombytes_uniform(100'000'000));
    while (store::serial_taken(conn, payload.serial));
    auto token = sm2_signer_ ? sign_certificate_sm2(payload, *sm2_signer_) : sign_certificate(payload, key_);
    if (!token) return token.error();
    store::insert_certificate(conn, payload.serial, e.id, e.worker_id, e.course_id, today, *token, now_utc());
    auto cert_entry = training_entry(e, today);
    cert_entry.details["hours"] = 0;
    cert_entry.details["assessment"] = "passed";
    cert_entry.details["score"] = score;
    cert_entry.details["certificate_no"] = payload.serial;
    if (auto id = credit_.add_entry(conn, cert_entry, a); !id) return id.error();
    audit(conn, a, "training.certificate.issue", "training_certificate", payload.serial,
          fmt::format("enrolment={} course={}", e.id, e.course_id), e.worker_id);
  }
  audit(conn, a, "training.assess", "training_enrolment", std::to_string(e.id),
        fmt::format("via={} score={} passed={}", how, score, r.passed ? 1 : 0), e.worker_id);
  auto out = store::find_enrolment(conn, e.id);
  r.enrolment = *out;
  if (out->certificate_serial) r.certificate = store::find_certificate(conn, *out->certificate_serial);
  return r;
}

Result<AssessmentResult> Service::assess(const security::Principal& p, int64_t enrolment_id, int score,
                                         const security::AuditActor& a) {
  if (score < 0 || score > 100) return make_error("invalid_field", "score", "0-100");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto e = store::find_enrolment(*conn, enrolment_id);
  if (!e) return make_error("not_found", "id");
  if (!is_provider(p, e->course)) return make_error("training_not_provider");
  if (!e->course.pass_mark) return make_error("training_no_assessment");
  if (e->status == "passed") return make_error("training_already_passed");
  if (!e->completed_on) return make_error("training_units_incomplete");
  auto r = record_result(*conn, *e, score, p.user_id, "institution", a);
  if (!r) return r.error();
  tx.commit();
  return r;
}

Result<std::vector<Question>> Service::quiz(const security::Principal& p, int64_t enrolment_id) {
  auto conn = db_.acquire();
  auto q = own_quiz(*conn, p, enrolment_id);
  if (!q) return q.error();
  return std::move(q->second);
}

Result<AssessmentResult> Service::submit_quiz(const security::Principal& p, int64_t enrolment_id,
                                              const std::vector<int>& answers,
                                              const security::AuditActor& a) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto q = own_quiz(*conn, p, enrolment_id);
  if (!q) return q.error();
  Enrolment& e = q->first;
  const std::vector<Question>& qs = q->second;
  if (e.status == "passed") return make_error("training_already_passed");
  if (e.quiz_attempts >= kMaxQuizAttempts)
    return make_error("training_quiz_attempts", "", std::to_string(kMaxQuizAttempts));
  if (answers.size() != qs.size())
    return make_error("invalid_field", "answers", fmt::format("{} answers expected", qs.size()));
  size_t correct = 0;
  for (size_t i = 0; i < qs.size(); ++i) correct += answers[i] == qs[i].answer ? 1 : 0;
  int score = static_cast<int>((correct * 100 + qs.size() / 2) / qs.size());
  if (!store::count_quiz_attempt(*conn, e.id, e.quiz_attempts, kMaxQuizAttempts))
    return make_error("conflict", "answers", "another submission of this quiz came first; reload");
  auto r = record_result(*conn, e, score, p.user_id, "quiz", a);
  if (!r) return r.error();
  tx.commit();
  return r;
}

// ---- Certificates
// -------------------------------------------------------------------------------------------

Result<TrainingCertificate> Service::certificate(const std::string& serial) {
  if (!looks_like_certificate_serial(serial)) return make_error("certificate_not_found", "serial");
  std::optional<TrainingCertificate> c;
  {
    auto conn = db_.acquire();
    c = store::find_certificate(*conn, serial);
  }
  // The stored token must carry our signature and name this serial: a row written without it is not ours.
  if (!c) return make_error("certificate_not_found", "serial");
  auto checked = verify_token(c->token);
  if (!checked || checked->serial != serial) return make_error("certificate_not_found", "serial");
  return *c;
}

std::optional<TrainingCertificate> Service::verify_token(const std::string& token) {
  auto payload = check_certificate(token, key_.public_key(), sm2_public_ ? &*sm2_public_ : nullptr);
  if (!payload) return std::nullopt;
  auto conn = db_.acquire();
  auto c = store::find_certificate(*conn, payload->serial);
  if (!c || c->public_id != payload->public_id || c->course_id != payload->course_id) return std::nullopt;
  return c;
}

// ---- Target
// -------------------------------------------------------------------------------------------------

void Service::refresh_index() {
  std::lock_guard lock(refresh_mu_);
  auto conn = db_.acquire();
  int64_t after = std::max<int64_t>(0, index_->max_id() - ProgressIndex::kReadBack);
  store::load_completions(
      *conn, after, [this](const CompletionFact& f) { index_->add(f); }, [this] { return stopping_.load(); });
}

void Service::preload_index() {
  if (preload_.joinable()) return;
  preload_ = std::thread([this] {
    try {
      refresh_index();
    } catch (const std::exception&) {
      // The first progress request loads it instead (and reports what went wrong).
    }
  });
}

Service::~Service() {
  stopping_ = true;
  if (preload_.joinable()) preload_.join();
}

ProgressIndex& Service::index() {
  return *index_;
}

Result<ProgressReport> Service::progress(const security::Principal& p, const Period& period) {
  if (!p.is_official()) return make_error("out_of_scope");
  refresh_index();
  ProgressReport r;
  r.period = period;
  r.today = today_utc();
  r.figures = index_->figures(period.from_day, period.to_day);
  std::map<std::string, int64_t> targets;
  {
    auto conn = db_.acquire();
    targets = store::targets(*conn, period.key);
    r.targets_set = !targets.empty();
    if (targets.empty() && period.yearly)
      targets = split_by_share(kProvinceTarget, store::working_age_population(*conn));
  }
  int64_t today = credit::day_number(r.today).value();
  for (const auto* d : catalog_.children("62")) {
    PrefectureProgress pp;
    pp.code = d->code;
    auto it = r.figures.by_prefecture.find(d->code);
    if (it != r.figures.by_prefecture.end()) pp.counts = it->second;
    pp.target = targets.count(d->code) ? targets.at(d->code) : 0;
    pp.projected = project(pp.counts.total, period, today);
    pp.on_track = pp.target > 0 && pp.projected >= pp.target;
    r.target += pp.target;
    r.prefectures.push_back(pp);
  }
  r.projected = project(r.figures.all.total, period, today);
  return r;
}

Result<std::map<std::string, int64_t>> Service::set_targets(const security::Principal& p,
                                                            const std::string& period,
                                                            const std::map<std::string, int64_t>& targets,
                                                            const security::AuditActor& a) {
  if (p.role != Role::province_admin) return make_error("out_of_scope");
  auto parsed = parse_period(period, std::nullopt, std::nullopt);
  if (!parsed) return parsed.error();
  if (targets.empty()) return make_error("missing_field", "targets");
  std::set<std::string> prefectures;
  for (const auto* d : catalog_.children("62")) prefectures.insert(d->code);
  for (const auto& [code, n] : targets) {
    if (!prefectures.count(code)) return make_error("unknown_division", "targets", code);
    if (n < 0 || n > 10'000'000) return make_error("invalid_field", "targets." + code, "0-10000000");
  }
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  std::string now = now_utc();
  for (const auto& [code, n] : targets)
    store::set_target(*conn, parsed->key, code, n, p.user_id ? std::optional(p.user_id) : std::nullopt, now);
  int64_t sum = 0;
  for (const auto& [code, n] : targets) sum += n;
  audit(*conn, a, "training.targets.set", "training_targets", parsed->key,
        fmt::format("prefectures={} total={}", targets.size(), sum));
  auto out = store::targets(*conn, parsed->key);
  tx.commit();
  return out;
}

// ---- Survey
// -------------------------------------------------------------------------------------------------

Result<Survey> Service::submit_survey(const security::Principal& p, const SurveyInput& in,
                                      const security::AuditActor& a) {
  if (p.role != Role::city_officer && p.role != Role::province_admin) return make_error("out_of_scope");
  if (in.available_from && !credit::is_date(*in.available_from))
    return make_error("invalid_field", "available_from", "YYYY-MM-DD");
  if (utf8_length(in.prior_training) > 200)
    return make_error("invalid_field", "prior_training", "at most 200 characters");
  if (utf8_length(in.note) > 500) return make_error("invalid_field", "note", "at most 500 characters");
  if (in.occupations.size() > 12) return make_error("invalid_field", "occupations", "at most 12");
  if (in.willing && in.occupations.empty()) return make_error("missing_field", "occupations");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto w = store::worker_facts(*conn, in.worker_id);
  if (!w) return make_error("invalid_field", "worker_id", "no such worker");
  if (!registry::can_edit_worker(p, {w->id, w->prefecture_code, w->enterprise_id}))
    return make_error("out_of_scope", "worker_id");
  if (!w->poverty_alleviated) return make_error("training_survey_not_poverty", "worker_id");
  for (const auto& o : in.occupations)
    if (!store::occupation_exists(*conn, o)) return make_error("unknown_occupation", "occupations", o);
  std::string now = now_utc();
  store::upsert_survey(*conn, in, w->prefecture_code, w->county_code,
                       p.user_id ? std::optional(p.user_id) : std::nullopt, now);
  audit(*conn, a, "training.survey", "training_survey", std::to_string(in.worker_id),
        fmt::format("willing={} occupations={}", in.willing ? 1 : 0, in.occupations.size()), in.worker_id);
  tx.commit();
  Survey s;
  s.worker_id = w->id;
  s.worker_name = w->name;
  s.prefecture_code = w->prefecture_code;
  s.county_code = w->county_code;
  s.willing = in.willing;
  s.occupations = in.occupations;
  s.can_leave_home = in.can_leave_home;
  s.available_from = in.available_from;
  s.prior_training = in.prior_training;
  s.note = in.note;
  s.surveyed_at = now;
  return s;
}

Result<std::vector<Survey>> Service::surveys(const security::Principal& p, int page, int page_size,
                                             int64_t* total) {
  if (!p.is_official()) return make_error("out_of_scope");
  std::string prefecture = p.role == Role::city_officer ? p.division_code : "";
  if (p.role == Role::city_officer && prefecture.empty()) return make_error("out_of_scope");
  auto conn = db_.acquire();
  return store::surveys(*conn, prefecture, page_size, (page - 1) * page_size, total);
}

Result<std::vector<Offer>> Service::offers(const security::Principal& p) {
  if (!p.is_official()) return make_error("out_of_scope");
  std::string prefecture = p.role == Role::city_officer ? p.division_code : "";
  if (p.role == Role::city_officer && prefecture.empty()) return make_error("out_of_scope");
  auto conn = db_.acquire();
  int64_t total = 0;
  auto list = store::surveys(*conn, prefecture, 5000, 0, &total);
  std::map<std::pair<std::string, std::string>, Offer> by;  // (county, occupation)
  for (const auto& s : list) {
    if (!s.willing) continue;
    for (const auto& o : s.occupations) {
      Offer& offer = by[{s.county_code, o}];
      offer.prefecture_code = s.prefecture_code;
      offer.county_code = s.county_code;
      offer.occupation_code = o;
      ++offer.willing;
      offer.can_leave_home += s.can_leave_home ? 1 : 0;
      if (offer.workers.size() < 20 && !store::enrolled_in_occupation(*conn, s.worker_id, o))
        offer.workers.emplace_back(s.worker_id, s.worker_name);
    }
  }
  std::vector<Offer> out;
  for (auto& [key, offer] : by) {
    offer.courses = store::open_courses(*conn, offer.prefecture_code, offer.occupation_code);
    out.push_back(std::move(offer));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Offer& a, const Offer& b) { return a.willing > b.willing; });
  return out;
}

// ---- Competitions
// -------------------------------------------------------------------------------------------

Result<Competition> Service::create_competition(const security::Principal& p, const Competition& in,
                                                const security::AuditActor& a) {
  if (p.role != Role::city_officer && p.role != Role::province_admin) return make_error("out_of_scope");
  if (in.name.empty()) return make_error("missing_field", "name");
  if (utf8_length(in.name) > 100) return make_error("invalid_field", "name", "at most 100 characters");
  static const std::set<std::string> kLevels = {"national", "provincial", "city", "county"};
  if (!kLevels.count(in.level))
    return make_error("invalid_field", "level", "national|provincial|city|county");
  if (p.role == Role::city_officer && (in.level == "national" || in.level == "provincial"))
    return make_error("out_of_scope", "level");
  if (!credit::is_date(in.held_on)) return make_error("invalid_field", "held_on", "YYYY-MM-DD");
  if (in.held_on > today_utc()) return make_error("invalid_field", "held_on", "not in the future");
  Competition c = in;
  c.prefecture_code = p.role == Role::city_officer ? p.division_code : "";
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  if (c.occupation_code && !store::occupation_exists(*conn, *c.occupation_code))
    return make_error("unknown_occupation", "occupation_code", *c.occupation_code);
  c.id = store::insert_competition(*conn, c, p.user_id ? std::optional(p.user_id) : std::nullopt, now_utc());
  audit(*conn, a, "training.competition.create", "training_competition", std::to_string(c.id),
        "level=" + c.level);
  tx.commit();
  return c;
}

std::vector<Competition> Service::competitions() {
  auto conn = db_.acquire();
  return store::competitions(*conn);
}

Result<int64_t> Service::record_award(const security::Principal& p, int64_t competition_id, int64_t worker_id,
                                      const std::string& award, const security::AuditActor& a) {
  if (award.empty()) return make_error("missing_field", "award");
  if (utf8_length(award) > 50) return make_error("invalid_field", "award", "at most 50 characters");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto c = store::find_competition(*conn, competition_id);
  if (!c) return make_error("not_found", "id");
  if (p.role == Role::city_officer && c->prefecture_code != p.division_code)
    return make_error("out_of_scope");
  auto w = registry::load_worker_ref(*conn, worker_id);
  if (!w) return make_error("invalid_field", "worker_id", "no such worker");
  if (!registry::can_edit_worker(p, *w)) return make_error("out_of_scope", "worker_id");
  if (store::has_award(*conn, competition_id, worker_id))
    return make_error("conflict", "worker_id", "award recorded");
  credit::NewEntry n;
  n.worker_id = worker_id;
  n.kind = credit::EntryKind::competition;
  n.source_type = credit::SourceType::official;
  n.source_id = p.user_id;
  n.source_name = c->name + " 组委会";
  n.occurred_on = c->held_on;
  n.details = {{"competition", c->name}, {"award", award}, {"level", c->level}};
  if (c->occupation_code) n.details["occupation"] = *c->occupation_code;
  auto id = credit_.add_entry(*conn, n, a);
  if (!id) return id.error();
  store::record_award(*conn, competition_id, worker_id, award, *id);
  audit(*conn, a, "training.competition.award", "training_competition", std::to_string(competition_id),
        "entry=" + std::to_string(*id), worker_id);
  tx.commit();
  return *id;
}

}  // namespace jz::training
