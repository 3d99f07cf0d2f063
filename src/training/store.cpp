#include "training/store.hpp"
#include "training/parts.hpp"
#include "training/trainees.hpp"

#include "db/bulk.hpp"
#include "db/query.hpp"

#include <boost/json.hpp>

namespace jz::training::store {
namespace {

namespace json = boost::json;

using db::like_escape;
using db::opt;
// Lists stored as "a;b;c".
std::vector<std::string> split(const std::string& list) { return db::split_list(list); }
std::string join(const std::vector<std::string>& items) { return db::join_list(items); }

constexpr const char* kCourseColumns =
    "c.id, c.title, c.occupation_code, c.level, c.institution_id, i.name, c.mode, c.hours, c.pass_mark, "
    "c.has_certificate, c.certificate_name, c.division_code, c.prefecture_code, c.description, c.status, "
    "(SELECT COUNT(*) FROM training_enrolments e WHERE e.course_id = c.id), "
    "(SELECT COUNT(*) FROM training_questions q WHERE q.course_id = c.id)";

Course course_from(const db::Row& r, size_t o = 0) {
  Course c;
  c.id = r.get_int(o + 0);
  c.title = r.get_text(o + 1);
  c.occupation_code = r.get_text(o + 2);
  c.level = static_cast<int>(r.get_int(o + 3));
  c.institution_id = r.get_int(o + 4);
  c.institution_name = r.get_text(o + 5);
  c.mode = r.get_text(o + 6);
  c.hours = static_cast<int>(r.get_int(o + 7));
  if (!r.is_null(o + 8)) c.pass_mark = static_cast<int>(r.get_int(o + 8));
  c.has_certificate = r.get_bool(o + 9);
  c.certificate_name = r.get_text(o + 10);
  c.division_code = r.get_text(o + 11);
  c.prefecture_code = r.get_text(o + 12);
  c.description = r.get_text(o + 13);
  c.status = r.get_text(o + 14);
  c.enrolled = r.get_int(o + 15);
  c.question_count = static_cast<int>(r.get_int(o + 16));
  return c;
}

std::vector<Unit> units_of(db::Connection& conn, int64_t course_id) {
  std::vector<Unit> out;
  for (const auto& r : conn.query("SELECT id, position, title, minutes, content FROM training_units WHERE "
                                  "course_id = ? ORDER BY position",
                                  {course_id})) {
    Unit u;
    u.id = r.get_int(0);
    u.position = static_cast<int>(r.get_int(1));
    u.title = r.get_text(2);
    u.minutes = static_cast<int>(r.get_int(3));
    u.content = r.get_text(4);
    out.push_back(std::move(u));
  }
  size_t i = 0;
  for (const auto& r : conn.query(
           "SELECT p.unit_id, p.position, p.title, p.minutes, p.body, p.image, p.image_alt, p.video_url "
           "FROM training_unit_parts p JOIN training_units u ON u.id = p.unit_id WHERE u.course_id = ? "
           "ORDER BY u.position, p.position",
           {course_id})) {
    while (i < out.size() && out[i].id != r.get_int(0)) ++i;
    if (i == out.size()) break;
    out[i].parts.push_back(Part{static_cast<int>(r.get_int(1)), r.get_text(2), static_cast<int>(r.get_int(3)),
                                r.get_text(4), r.get_text(5), r.get_text(6), r.get_text(7)});
  }
  return out;
}

// A list carries only a course's total length and number of units, as one pseudo-unit (id 0): its hours
// are derived from it (routes.cpp).
Unit length_summary(db::Connection& conn, int64_t course_id) {
  Unit summary;
  for (const auto& u :
       conn.query("SELECT COALESCE(SUM(minutes), 0), COUNT(*) FROM training_units WHERE course_id = ?", {course_id})) {
    summary.minutes = static_cast<int>(u.get_int(0));
    summary.position = static_cast<int>(u.get_int(1));
  }
  return summary;
}

constexpr const char* kEnrolmentColumns =
    "e.id, e.course_id, e.worker_id, w.name, w.prefecture_code, w.enterprise_id, e.enrolled_via, e.cohort, "
    "e.status, e.enrolled_at, e.completed_on, e.score, e.assessed_on, e.quiz_attempts, t.serial, t.token";
constexpr size_t kEnrolmentWidth = 16;

std::string enrolment_from_sql() {
  return std::string(
      " FROM training_enrolments e JOIN workers w ON w.id = e.worker_id "
      "JOIN training_courses c ON c.id = e.course_id JOIN institutions i ON i.id = c.institution_id "
      "LEFT JOIN training_certificates t ON t.enrolment_id = e.id");
}

Enrolment enrolment_from(const db::Row& r) {
  Enrolment e;
  e.id = r.get_int(0);
  e.course_id = r.get_int(1);
  e.worker_id = r.get_int(2);
  e.worker_name = r.get_text(3);
  e.worker_prefecture = r.get_text(4);
  e.worker_enterprise = r.opt_int(5);
  e.enrolled_via = r.get_text(6);
  e.cohort = r.get_text(7);
  e.status = r.get_text(8);
  e.enrolled_at = r.get_text(9);
  e.completed_on = r.opt_text(10);
  if (!r.is_null(11)) e.score = static_cast<int>(r.get_int(11));
  e.assessed_on = r.opt_text(12);
  e.quiz_attempts = static_cast<int>(r.get_int(13));
  e.certificate_serial = r.opt_text(14);
  e.certificate_token = r.opt_text(15);
  e.course = course_from(r, kEnrolmentWidth);
  return e;
}

std::vector<UnitProgress> progress_of(db::Connection& conn, int64_t enrolment_id) {
  std::vector<UnitProgress> out;
  for (const auto& r :
       conn.query("SELECT unit_id, seconds, done_at FROM training_unit_progress WHERE enrolment_id = ?",
                  {enrolment_id})) {
    UnitProgress p;
    p.unit_id = r.get_int(0);
    p.seconds = static_cast<int>(r.get_int(1));
    p.done_at = r.opt_text(2);
    p.done = p.done_at.has_value();
    out.push_back(p);
  }
  return out;
}

}  // namespace

std::optional<InstitutionRef> find_institution(db::Connection& conn, int64_t id) {
  auto rows =
      conn.query("SELECT id, name, division_code, prefecture_code FROM institutions WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return InstitutionRef{rows[0].get_int(0), rows[0].get_text(1), rows[0].get_text(2), rows[0].get_text(3)};
}

bool occupation_exists(db::Connection& conn, const std::string& code) {
  return !conn.query("SELECT 1 FROM occupations WHERE code = ?", {code}).empty();
}

std::optional<WorkerFacts> worker_facts(db::Connection& conn, int64_t id) {
  auto rows = conn.query(
      "SELECT id, name, current_division_code, prefecture_code, enterprise_id, "
      "CASE WHEN poverty_alleviated <> 0 OR monitored <> 0 THEN 1 ELSE 0 END FROM workers WHERE id = ?",
      {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return WorkerFacts{r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.opt_int(4), r.get_bool(5)};
}

int64_t insert_course(db::Connection& conn, const CourseInput& in, const InstitutionRef& inst,
                      std::optional<int64_t> user_id, const std::string& now) {
  int minutes = 0;
  for (const auto& u : in.units) minutes += u.minutes;
  // The stored hours follow the units (at least 1 for the column's sake); what is shown is derived anew.
  const int64_t hours = std::max<int64_t>(1, std::lround(hours_of(minutes)));
  int64_t id = conn.insert(
      "INSERT INTO training_courses (title, occupation_code, level, institution_id, mode, hours, pass_mark, "
      "has_certificate, certificate_name, division_code, prefecture_code, description, status, created_by, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)",
      {in.title, in.occupation_code, int64_t{in.level}, inst.id, in.mode, hours,
       opt(in.pass_mark), int64_t{in.has_certificate ? 1 : 0}, in.certificate_name, inst.division_code,
       inst.prefecture_code, in.description, opt(user_id), now, now});
  int pos = 1;
  for (const auto& u : in.units) {
    int64_t unit_id = conn.insert(
        "INSERT INTO training_units (course_id, position, title, minutes, content) VALUES (?, ?, ?, ?, ?)",
        {id, int64_t{pos++}, u.title, int64_t{u.minutes}, u.content});
    int part = 1;
    for (const auto& p : u.parts)
      conn.exec(
          "INSERT INTO training_unit_parts (unit_id, position, title, minutes, body, image, image_alt, "
          "video_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {unit_id, int64_t{part++}, p.title, int64_t{p.minutes}, p.body, p.image, p.image_alt, p.video_url});
  }
  pos = 1;
  for (const auto& q : in.questions) {
    json::array options;
    for (const auto& o : q.options) options.push_back(json::value(o));
    conn.exec(
        "INSERT INTO training_questions (course_id, position, text, options, answer) VALUES (?, ?, ?, ?, ?)",
        {id, int64_t{pos++}, q.text, json::serialize(options), int64_t{q.answer}});
  }
  return id;
}

std::optional<Course> find_course(db::Connection& conn, int64_t id) {
  auto rows =
      conn.query(std::string("SELECT ") + kCourseColumns +
                     " FROM training_courses c JOIN institutions i ON i.id = c.institution_id WHERE c.id = ?",
                 {id});
  if (rows.empty()) return std::nullopt;
  Course c = course_from(rows[0]);
  c.units = units_of(conn, id);
  return c;
}

std::vector<Course> list_courses(db::Connection& conn, const CourseFilter& f, int64_t* total) {
  std::string where = " WHERE c.status = 'open'";
  db::Params params;
  if (!f.occupation.empty()) where += " AND c.occupation_code = ?", params.push_back(f.occupation);
  if (!f.prefecture.empty()) where += " AND c.prefecture_code = ?", params.push_back(f.prefecture);
  if (!f.mode.empty()) where += " AND c.mode = ?", params.push_back(f.mode);
  if (f.institution_id) where += " AND c.institution_id = ?", params.push_back(*f.institution_id);
  if (!f.q.empty())
    where += " AND c.title LIKE ? ESCAPE '\\'", params.push_back("%" + like_escape(f.q) + "%");
  *total = conn.query("SELECT COUNT(*) FROM training_courses c" + where, params)[0].get_int(0);
  params.push_back(int64_t{f.page_size});
  params.push_back(int64_t{(f.page - 1) * f.page_size});
  std::vector<Course> out;
  for (const auto& r :
       conn.query(std::string("SELECT ") + kCourseColumns +
                      " FROM training_courses c JOIN institutions i ON i.id = c.institution_id" + where +
                      " ORDER BY c.id LIMIT ? OFFSET ?",
                  params)) {
    Course c = course_from(r);
    c.units.push_back(length_summary(conn, c.id));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Question> questions(db::Connection& conn, int64_t course_id) {
  std::vector<Question> out;
  for (const auto& r : conn.query("SELECT id, position, text, options, answer FROM training_questions WHERE "
                                  "course_id = ? ORDER BY position",
                                  {course_id})) {
    Question q;
    q.id = r.get_int(0);
    q.position = static_cast<int>(r.get_int(1));
    q.text = r.get_text(2);
    json::value options = json::parse(r.get_text(3));
    for (const auto& o : options.as_array()) q.options.emplace_back(o.as_string());
    q.answer = static_cast<int>(r.get_int(4));
    out.push_back(std::move(q));
  }
  return out;
}

std::optional<int64_t> enrolment_of(db::Connection& conn, int64_t course_id, int64_t worker_id) {
  auto rows = conn.query("SELECT id FROM training_enrolments WHERE course_id = ? AND worker_id = ?",
                         {course_id, worker_id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_int(0);
}

int64_t insert_enrolment(db::Connection& conn, int64_t course_id, int64_t worker_id,
                         std::optional<int64_t> by, const std::string& via, const std::string& cohort,
                         const std::string& now) {
  return conn.insert(
      "INSERT INTO training_enrolments (course_id, worker_id, enrolled_by, enrolled_via, cohort, "
      "enrolled_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {course_id, worker_id, opt(by), via, cohort, now});
}

std::optional<Enrolment> find_enrolment(db::Connection& conn, int64_t id) {
  auto rows = conn.query(std::string("SELECT ") + kEnrolmentColumns + ", " + kCourseColumns +
                             enrolment_from_sql() + " WHERE e.id = ?",
                         {id});
  if (rows.empty()) return std::nullopt;
  Enrolment e = enrolment_from(rows[0]);
  e.course.units = units_of(conn, e.course_id);
  e.progress = progress_of(conn, id);
  return e;
}

std::vector<Enrolment> worker_enrolments(db::Connection& conn, int64_t worker_id) {
  std::vector<Enrolment> out;
  for (const auto& r : conn.query(std::string("SELECT ") + kEnrolmentColumns + ", " + kCourseColumns +
                                      enrolment_from_sql() + " WHERE e.worker_id = ? ORDER BY e.id DESC",
                                  {worker_id})) {
    Enrolment e = enrolment_from(r);
    e.course.units = units_of(conn, e.course_id);
    e.progress = progress_of(conn, e.id);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Enrolment> institution_enrolments(db::Connection& conn, int64_t institution_id,
                                              std::optional<int64_t> course_id, int limit, int offset,
                                              int64_t* total) {
  std::string where = " WHERE c.institution_id = ?";
  db::Params params{institution_id};
  if (course_id) where += " AND e.course_id = ?", params.push_back(*course_id);
  *total =
      conn.query("SELECT COUNT(*) FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id" +
                     where,
                 params)[0]
          .get_int(0);
  params.push_back(int64_t{limit});
  params.push_back(int64_t{offset});
  std::vector<Enrolment> out;
  for (const auto& r : conn.query(std::string("SELECT ") + kEnrolmentColumns + ", " + kCourseColumns +
                                      enrolment_from_sql() + where + " ORDER BY e.id DESC LIMIT ? OFFSET ?",
                                  params)) {
    Enrolment e = enrolment_from(r);
    e.progress = progress_of(conn, e.id);
    e.course.units.push_back(length_summary(conn, e.course.id));
    out.push_back(std::move(e));
  }
  return out;
}

int unit_seconds(db::Connection& conn, int64_t enrolment_id, int64_t unit_id) {
  auto rows = conn.query("SELECT seconds FROM training_unit_progress WHERE enrolment_id = ? AND unit_id = ?",
                         {enrolment_id, unit_id});
  return rows.empty() ? 0 : static_cast<int>(rows[0].get_int(0));
}

void add_unit_seconds(db::Connection& conn, int64_t enrolment_id, int64_t unit_id, int seconds,
                      const std::optional<std::string>& done_at, std::optional<int64_t> recorded_by) {
  conn.exec(
      "INSERT INTO training_unit_progress (enrolment_id, unit_id, seconds, done_at, recorded_by) VALUES (?, "
      "?, ?, ?, ?) "
      "ON CONFLICT (enrolment_id, unit_id) DO UPDATE SET seconds = training_unit_progress.seconds + "
      "excluded.seconds, "
      "done_at = COALESCE(training_unit_progress.done_at, excluded.done_at), "
      "recorded_by = COALESCE(excluded.recorded_by, training_unit_progress.recorded_by)",
      {enrolment_id, unit_id, int64_t{seconds}, opt(done_at), opt(recorded_by)});
}

int64_t done_units(db::Connection& conn, int64_t enrolment_id) {
  return conn
      .query("SELECT COUNT(*) FROM training_unit_progress WHERE enrolment_id = ? AND done_at IS NOT NULL",
             {enrolment_id})[0]
      .get_int(0);
}

void end_sessions(db::Connection& conn, int64_t worker_id) {
  conn.exec("UPDATE training_sessions SET active = 0 WHERE worker_id = ? AND active = 1", {worker_id});
}

int64_t insert_session(db::Connection& conn, const Session& s) {
  return conn.insert(
      "INSERT INTO training_sessions (worker_id, enrolment_id, unit_id, opened_ms, last_beat_ms, "
      "credited_seconds, active, part) VALUES (?, ?, ?, ?, ?, 0, 1, ?)",
      {s.worker_id, s.enrolment_id, s.unit_id, s.opened_ms, s.last_beat_ms, int64_t{s.part}});
}

std::optional<Session> find_session(db::Connection& conn, int64_t id) {
  auto rows = conn.query(
      "SELECT id, worker_id, enrolment_id, unit_id, opened_ms, last_beat_ms, credited_seconds, active, part "
      "FROM training_sessions WHERE id = ?",
      {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return Session{r.get_int(0),
                 r.get_int(1),
                 r.get_int(2),
                 r.get_int(3),
                 r.get_int(4),
                 r.get_int(5),
                 static_cast<int>(r.get_int(6)),
                 r.get_bool(7),
                 static_cast<int>(r.get_int(8))};
}

bool advance_session(db::Connection& conn, int64_t id, int64_t expected_last_ms, int64_t new_last_ms,
                     int seconds) {
  return conn.exec(
             "UPDATE training_sessions SET last_beat_ms = ?, credited_seconds = credited_seconds + ? "
             "WHERE id = ? AND active = 1 AND last_beat_ms = ?",
             {new_last_ms, int64_t{seconds}, id, expected_last_ms}) == 1;
}

bool complete_enrolment(db::Connection& conn, int64_t enrolment_id, const std::string& date, int64_t day) {
  if (conn.exec("UPDATE training_enrolments SET status = 'completed', completed_on = ? "
                "WHERE id = ? AND completed_on IS NULL",
                {date, enrolment_id}) != 1)
    return false;
  conn.exec(
      "INSERT INTO training_completions (enrolment_id, worker_id, course_id, completed_day, county_code, "
      "prefecture_code, occupation_code, labour_brand_id, woman, poverty_alleviated) "
      "SELECT e.id, e.worker_id, e.course_id, CAST(? AS INTEGER), w.current_division_code, "
      "w.prefecture_code, c.occupation_code, "
      "w.labour_brand_id, CASE WHEN w.gender = 'F' THEN 1 ELSE 0 END, "
      "CASE WHEN w.poverty_alleviated <> 0 OR w.monitored <> 0 THEN 1 ELSE 0 END "
      "FROM training_enrolments e JOIN workers w ON w.id = e.worker_id JOIN training_courses c ON c.id = "
      "e.course_id "
      "WHERE e.id = ?",
      {day, enrolment_id});
  return true;
}

bool set_assessment(db::Connection& conn, int64_t enrolment_id, int score, bool passed,
                    const std::string& date, std::optional<int64_t> by) {
  return conn.exec("UPDATE training_enrolments SET score = ?, status = ?, assessed_on = ?, assessed_by = ? WHERE id = ? "
                   "AND status <> 'passed'",
                   {int64_t{score}, std::string(passed ? "passed" : "failed"), date, opt(by), enrolment_id}) == 1;
}

bool count_quiz_attempt(db::Connection& conn, int64_t enrolment_id, int seen_attempts, int max_attempts) {
  return conn.exec("UPDATE training_enrolments SET quiz_attempts = quiz_attempts + 1 WHERE id = ? AND "
                   "quiz_attempts = ? AND quiz_attempts < ? AND status <> 'passed'",
                   {enrolment_id, int64_t{seen_attempts}, int64_t{max_attempts}}) == 1;
}

std::optional<std::string> certificate_serial_of(db::Connection& conn, int64_t enrolment_id) {
  auto rows = conn.query("SELECT serial FROM training_certificates WHERE enrolment_id = ?", {enrolment_id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_text(0);
}

bool serial_taken(db::Connection& conn, const std::string& serial) {
  return !conn.query("SELECT 1 FROM training_certificates WHERE serial = ?", {serial}).empty();
}

void insert_certificate(db::Connection& conn, const std::string& serial, int64_t enrolment_id,
                        int64_t worker_id, int64_t course_id, const std::string& issued_on,
                        const std::string& token, const std::string& now) {
  conn.exec(
      "INSERT INTO training_certificates (serial, enrolment_id, worker_id, course_id, issued_on, token, "
      "created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {serial, enrolment_id, worker_id, course_id, issued_on, token, now});
}

std::optional<TrainingCertificate> find_certificate(db::Connection& conn, const std::string& serial) {
  auto rows = conn.query(
      "SELECT t.serial, t.worker_id, w.public_id, w.name, t.course_id, c.title, c.certificate_name, "
      "c.occupation_code, i.name, t.issued_on, t.token FROM training_certificates t "
      "JOIN workers w ON w.id = t.worker_id JOIN training_courses c ON c.id = t.course_id "
      "JOIN institutions i ON i.id = c.institution_id WHERE t.serial = ?",
      {serial});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  TrainingCertificate t;
  t.serial = r.get_text(0);
  t.worker_id = r.get_int(1);
  t.public_id = r.get_text(2);
  t.worker_name = r.get_text(3);
  t.course_id = r.get_int(4);
  t.course_title = r.get_text(5);
  t.certificate_name = r.get_text(6);
  t.occupation_code = r.get_text(7);
  t.institution_name = r.get_text(8);
  t.issued_on = r.get_text(9);
  t.token = r.get_text(10);
  return t;
}

std::vector<HistoryWorker> history_workers(db::Connection& conn) {
  std::vector<HistoryWorker> out;
  for (const auto& r :
       conn.query("SELECT id, public_id, current_division_code, prefecture_code, labour_brand_id, "
                  "CASE WHEN gender = 'F' THEN 1 ELSE 0 END, "
                  "CASE WHEN poverty_alleviated <> 0 OR monitored <> 0 THEN 1 ELSE 0 END FROM workers ORDER BY id"))
    out.push_back({r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.opt_int(4), r.get_int(5) != 0,
                   r.get_int(6) != 0});
  return out;
}

struct HistoryWriter::Impl {
  explicit Impl(db::Connection& c)
      : conn(c),
        load(c),
        enrolments(load.add_table("training_enrolments", {"id", "course_id", "worker_id", "enrolled_via", "cohort",
                                                          "status", "enrolled_at", "completed_on", "score",
                                                          "assessed_on"})),
        units(load.add_table("training_unit_progress", {"enrolment_id", "unit_id", "seconds", "done_at"})),
        completions(load.add_table("training_completions",
                                   {"enrolment_id", "worker_id", "course_id", "completed_day", "county_code",
                                    "prefecture_code", "occupation_code", "labour_brand_id", "woman",
                                    "poverty_alleviated"})),
        certificates(load.add_table("training_certificates", {"serial", "enrolment_id", "worker_id", "course_id",
                                                              "issued_on", "token", "created_at"})),
        next_id(c.query("SELECT COALESCE(MAX(id), 0) FROM training_enrolments")[0].get_int(0) + 1) {}
  db::Connection& conn;
  db::BulkLoad load;
  size_t enrolments, units, completions, certificates;
  int64_t next_id;
};

HistoryWriter::HistoryWriter(db::Connection& conn) : impl_(std::make_unique<Impl>(conn)) {}
HistoryWriter::~HistoryWriter() = default;

int64_t HistoryWriter::enrolment(const HistoryEnrolment& e) {
  int64_t id = impl_->next_id++;
  impl_->load.add(impl_->enrolments, {id, e.course_id, e.worker_id, e.via, e.cohort, e.status, e.enrolled_at,
                                      opt(e.completed_on), opt(e.score), opt(e.assessed_on)});
  return id;
}

void HistoryWriter::unit_done(int64_t enrolment_id, int64_t unit_id, int seconds, const std::string& done_at) {
  impl_->load.add(impl_->units, {enrolment_id, unit_id, int64_t{seconds}, done_at});
}

void HistoryWriter::completion(int64_t enrolment_id, const HistoryWorker& w, const Course& c, int64_t day) {
  impl_->load.add(impl_->completions,
                  {enrolment_id, w.id, c.id, day, w.county_code, w.prefecture_code, c.occupation_code,
                   opt(w.labour_brand_id), int64_t{w.woman}, int64_t{w.poverty_alleviated}});
}

void HistoryWriter::certificate(const std::string& serial, int64_t enrolment_id, int64_t worker_id,
                                int64_t course_id, const std::string& issued_on, const std::string& token,
                                const std::string& now) {
  impl_->load.add(impl_->certificates, {serial, enrolment_id, worker_id, course_id, issued_on, token, now});
}

void HistoryWriter::flush() { impl_->load.flush(); }

void HistoryWriter::finish() {
  impl_->load.flush();
  if (impl_->conn.dialect() == db::Dialect::postgres)  // forward only, never back
    impl_->conn.query(
        "SELECT setval(pg_get_serial_sequence('training_enrolments', 'id'), GREATEST((SELECT COALESCE(MAX(id), 1) "
        "FROM training_enrolments), (SELECT last_value FROM training_enrolments_id_seq)))");
}

std::string worker_public_id(db::Connection& conn, int64_t worker_id) {
  auto rows = conn.query("SELECT public_id FROM workers WHERE id = ?", {worker_id});
  return rows.empty() ? std::string() : rows[0].get_text(0);
}

void load_completions(db::Connection& conn, int64_t after_id,
                      const std::function<void(const CompletionFact&)>& fn,
                      const std::function<bool()>& stop) {
  // In pages by id, so a cold load of millions of rows never holds them all as result rows at once.
  constexpr int64_t kPage = 100000;
  for (;;) {
    auto rows = conn.query(
        "SELECT id, completed_day, county_code, prefecture_code, occupation_code, labour_brand_id, woman, "
        "poverty_alleviated FROM training_completions WHERE id > ? ORDER BY id LIMIT ?",
        {after_id, kPage});
    for (const auto& r : rows) {
      CompletionFact f;
      f.id = r.get_int(0);
      f.day = r.get_int(1);
      f.county_code = r.get_text(2);
      f.prefecture_code = r.get_text(3);
      f.occupation_code = r.get_text(4);
      f.brand_id = r.opt_int(5);
      f.woman = r.get_bool(6);
      f.poverty_alleviated = r.get_bool(7);
      fn(f);
      after_id = f.id;
    }
    if (static_cast<int64_t>(rows.size()) < kPage || (stop && stop())) return;
  }
}

std::map<std::string, int64_t> working_age_population(db::Connection& conn) {
  std::map<std::string, int64_t> out;
  for (const auto& r : conn.query("SELECT prefecture_code, working_age_population FROM training_population"))
    out[r.get_text(0)] = r.get_int(1);
  return out;
}

std::map<std::string, int64_t> targets(db::Connection& conn, const std::string& period) {
  std::map<std::string, int64_t> out;
  for (const auto& r :
       conn.query("SELECT prefecture_code, target FROM training_targets WHERE period = ?", {period}))
    out[r.get_text(0)] = r.get_int(1);
  return out;
}

void set_target(db::Connection& conn, const std::string& period, const std::string& prefecture,
                int64_t target, std::optional<int64_t> by, const std::string& now) {
  conn.exec(
      "INSERT INTO training_targets (period, prefecture_code, target, set_by, set_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (period, prefecture_code) DO UPDATE SET target = excluded.target, set_by = "
      "excluded.set_by, "
      "set_at = excluded.set_at",
      {period, prefecture, target, opt(by), now});
}

void bench_fill_completions(db::Connection& conn, int64_t rows) {
  conn.exec("DELETE FROM training_completions");
  // Counties numbered 0..n-1 so each generated row can pick one by arithmetic.
  const char* counties =
      "(SELECT code, parent_code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM divisions "
      "WHERE level = 3 AND code LIKE '62%' AND (valid_to IS NULL OR valid_to = ''))";
  const char* occupations = "(SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM occupations)";
  int64_t n_counties = conn.query(std::string("SELECT COUNT(*) FROM ") + counties + " c")[0].get_int(0);
  int64_t n_occupations = conn.query("SELECT COUNT(*) FROM occupations")[0].get_int(0);
  int64_t n_brands = conn.query("SELECT COUNT(*) FROM labour_brands")[0].get_int(0);
  int64_t min_brand = conn.query("SELECT COALESCE(MIN(id), 1) FROM labour_brands")[0].get_int(0);
  std::string series =
      conn.dialect() == db::Dialect::postgres
          ? "(SELECT g AS n FROM generate_series(1, CAST(? AS BIGINT)) g)"
          : "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < CAST(? AS INTEGER)) "
            "SELECT n FROM s)";
  conn.exec(
      "INSERT INTO training_completions (id, enrolment_id, worker_id, course_id, completed_day, county_code, "
      "prefecture_code, occupation_code, labour_brand_id, woman, poverty_alleviated) "
      "SELECT s.n, s.n, s.n % 1000003, s.n % 997, 19723 + (s.n * 7919) % 1096, c.code, c.parent_code, "
      "o.code, "
      "CASE WHEN s.n % 3 = 0 THEN NULL ELSE CAST(? AS BIGINT) + (s.n * 13) % CAST(? AS BIGINT) END, "
      "CASE WHEN (s.n * 17) % 100 < 85 THEN 1 ELSE 0 END, CASE WHEN (s.n * 29) % 100 < 30 THEN 1 ELSE 0 END "
      "FROM " +
          series + " s JOIN " + counties + " c ON c.k = (s.n * 31) % CAST(? AS BIGINT) JOIN " + occupations +
          " o ON o.k = (s.n * 7) % CAST(? AS BIGINT)",
      {min_brand, std::max<int64_t>(n_brands, 1), rows, n_counties, n_occupations});
  if (conn.dialect() == db::Dialect::postgres) {
    conn.query(
        "SELECT setval(pg_get_serial_sequence('training_completions', 'id'), "
        "(SELECT COALESCE(MAX(id), 1) FROM training_completions))");
    conn.exec("ANALYZE training_completions");
  } else {
    conn.exec("ANALYZE training_completions");
  }
}

std::vector<SqlGroup> sql_figures(db::Connection& conn, int64_t from_day, int64_t to_day) {
  std::vector<SqlGroup> out;
  for (const auto& r : conn.query(
           "SELECT county_code, prefecture_code, occupation_code, labour_brand_id, COUNT(*), SUM(woman), "
           "SUM(poverty_alleviated) FROM training_completions WHERE completed_day BETWEEN ? AND ? "
           "GROUP BY county_code, prefecture_code, occupation_code, labour_brand_id",
           {from_day, to_day})) {
    SqlGroup g;
    g.county = r.get_text(0);
    g.prefecture = r.get_text(1);
    g.occupation = r.get_text(2);
    g.brand = r.opt_int(3);
    g.counts = Counts{r.get_int(4), r.get_int(5), r.get_int(6)};
    out.push_back(std::move(g));
  }
  return out;
}

void upsert_survey(db::Connection& conn, const SurveyInput& in, const std::string& prefecture,
                   const std::string& county, std::optional<int64_t> by, const std::string& now) {
  conn.exec(
      "INSERT INTO willingness_surveys (worker_id, prefecture_code, county_code, willing, occupations, "
      "can_leave_home, "
      "available_from, prior_training, note, surveyed_by, surveyed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?) "
      "ON CONFLICT (worker_id) DO UPDATE SET prefecture_code = excluded.prefecture_code, "
      "county_code = excluded.county_code, willing = excluded.willing, occupations = excluded.occupations, "
      "can_leave_home = excluded.can_leave_home, available_from = excluded.available_from, "
      "prior_training = excluded.prior_training, note = excluded.note, surveyed_by = excluded.surveyed_by, "
      "surveyed_at = excluded.surveyed_at",
      {in.worker_id, prefecture, county, int64_t{in.willing ? 1 : 0}, join(in.occupations),
       int64_t{in.can_leave_home ? 1 : 0}, opt(in.available_from), in.prior_training, in.note, opt(by), now});
}

std::vector<Survey> surveys(db::Connection& conn, const std::string& prefecture, int limit, int offset,
                            int64_t* total) {
  std::string where = prefecture.empty() ? "" : " WHERE s.prefecture_code = ?";
  db::Params params;
  if (!prefecture.empty()) params.push_back(prefecture);
  *total = conn.query("SELECT COUNT(*) FROM willingness_surveys s" + where, params)[0].get_int(0);
  params.push_back(int64_t{limit});
  params.push_back(int64_t{offset});
  std::vector<Survey> out;
  for (const auto& r : conn.query(
           "SELECT s.id, s.worker_id, w.name, s.prefecture_code, s.county_code, s.willing, s.occupations, "
           "s.can_leave_home, s.available_from, s.prior_training, s.note, s.surveyed_at FROM "
           "willingness_surveys s "
           "JOIN workers w ON w.id = s.worker_id" +
               where + " ORDER BY s.surveyed_at DESC, s.id DESC LIMIT ? OFFSET ?",
           params)) {
    Survey s;
    s.id = r.get_int(0);
    s.worker_id = r.get_int(1);
    s.worker_name = r.get_text(2);
    s.prefecture_code = r.get_text(3);
    s.county_code = r.get_text(4);
    s.willing = r.get_bool(5);
    s.occupations = split(r.get_text(6));
    s.can_leave_home = r.get_bool(7);
    s.available_from = r.opt_text(8);
    s.prior_training = r.get_text(9);
    s.note = r.get_text(10);
    s.surveyed_at = r.get_text(11);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::pair<int64_t, std::string>> open_courses(db::Connection& conn, const std::string& prefecture,
                                                          const std::string& occupation) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& r :
       conn.query("SELECT id, title FROM training_courses WHERE status = 'open' AND occupation_code = ? "
                  "AND (prefecture_code = ? OR mode = 'online') ORDER BY mode, id LIMIT 5",
                  {occupation, prefecture}))
    out.emplace_back(r.get_int(0), r.get_text(1));
  return out;
}

bool enrolled_in_occupation(db::Connection& conn, int64_t worker_id, const std::string& occupation) {
  return !conn.query(
                  "SELECT 1 FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id "
                  "WHERE e.worker_id = ? AND c.occupation_code = ?",
                  {worker_id, occupation})
              .empty();
}

int64_t insert_competition(db::Connection& conn, const Competition& c, std::optional<int64_t> by,
                           const std::string& now) {
  return conn.insert(
      "INSERT INTO training_competitions (name, level, occupation_code, held_on, prefecture_code, "
      "created_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {c.name, c.level, opt(c.occupation_code), c.held_on, c.prefecture_code, opt(by), now});
}

namespace {
Competition competition_from(const db::Row& r) {
  Competition c;
  c.id = r.get_int(0);
  c.name = r.get_text(1);
  c.level = r.get_text(2);
  c.occupation_code = r.opt_text(3);
  c.held_on = r.get_text(4);
  c.prefecture_code = r.get_text(5);
  c.entrants = r.get_int(6);
  return c;
}
constexpr const char* kCompetitionSelect =
    "SELECT c.id, c.name, c.level, c.occupation_code, c.held_on, c.prefecture_code, "
    "(SELECT COUNT(*) FROM training_competition_entrants x WHERE x.competition_id = c.id) "
    "FROM training_competitions c";
}  // namespace

std::optional<Competition> find_competition(db::Connection& conn, int64_t id) {
  auto rows = conn.query(std::string(kCompetitionSelect) + " WHERE c.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return competition_from(rows[0]);
}

std::vector<Competition> competitions(db::Connection& conn) {
  std::vector<Competition> out;
  for (const auto& r :
       conn.query(std::string(kCompetitionSelect) + " ORDER BY c.held_on DESC, c.id DESC LIMIT 200"))
    out.push_back(competition_from(r));
  return out;
}

bool has_award(db::Connection& conn, int64_t competition_id, int64_t worker_id) {
  return !conn.query(
                  "SELECT 1 FROM training_competition_entrants WHERE competition_id = ? AND worker_id = ? "
                  "AND award IS NOT NULL",
                  {competition_id, worker_id})
              .empty();
}

void record_award(db::Connection& conn, int64_t competition_id, int64_t worker_id, const std::string& award,
                  int64_t entry_id) {
  conn.exec(
      "INSERT INTO training_competition_entrants (competition_id, worker_id, award, entry_id) VALUES (?, ?, "
      "?, ?) "
      "ON CONFLICT (competition_id, worker_id) DO UPDATE SET award = excluded.award, entry_id = "
      "excluded.entry_id",
      {competition_id, worker_id, award, entry_id});
}

bool is_trainee_of(db::Connection& conn, int64_t institution_id, int64_t worker_id) {
  return !conn.query("SELECT 1 FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id "
                     "WHERE e.worker_id = ? AND c.institution_id = ?",
                     {worker_id, institution_id})
              .empty();
}

}  // namespace jz::training::store
