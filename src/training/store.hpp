#pragma once
// The training module's SQL, and nothing else: every statement with bound parameters, in the one dialect
// SQLite and PostgreSQL share. Callers hold the transaction; functions here never begin or commit one.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "training/model.hpp"
#include "training/progress.hpp"

namespace jz::training::store {

struct InstitutionRef {
  int64_t id = 0;
  std::string name;
  std::string division_code;
  std::string prefecture_code;
};
std::optional<InstitutionRef> find_institution(db::Connection& conn, int64_t id);
bool occupation_exists(db::Connection& conn, const std::string& code);

struct WorkerFacts {
  int64_t id = 0;
  std::string name;
  std::string county_code;
  std::string prefecture_code;
  std::optional<int64_t> enterprise_id;
  bool poverty_alleviated = false;  // 脱贫人口 or 监测帮扶对象
};
std::optional<WorkerFacts> worker_facts(db::Connection& conn, int64_t id);

// ---- Courses ----
int64_t insert_course(db::Connection& conn, const CourseInput& in, const InstitutionRef& inst,
                      std::optional<int64_t> user_id, const std::string& now);
// With its units; nullopt when there is no such course.
std::optional<Course> find_course(db::Connection& conn, int64_t id);
std::vector<Course> list_courses(db::Connection& conn, const CourseFilter& f, int64_t* total);
std::vector<Question> questions(db::Connection& conn, int64_t course_id);

// ---- Enrolments ----
std::optional<int64_t> enrolment_of(db::Connection& conn, int64_t course_id, int64_t worker_id);
int64_t insert_enrolment(db::Connection& conn, int64_t course_id, int64_t worker_id,
                         std::optional<int64_t> by, const std::string& via, const std::string& cohort,
                         const std::string& now);
// With the course (and its units), progress per unit and certificate.
std::optional<Enrolment> find_enrolment(db::Connection& conn, int64_t id);
std::vector<Enrolment> worker_enrolments(db::Connection& conn, int64_t worker_id);
std::vector<Enrolment> institution_enrolments(db::Connection& conn, int64_t institution_id,
                                              std::optional<int64_t> course_id, int limit, int offset,
                                              int64_t* total);

// ---- Progress and sessions ----
// Seconds recorded for a unit of an enrolment (0 when none).
int unit_seconds(db::Connection& conn, int64_t enrolment_id, int64_t unit_id);
void add_unit_seconds(db::Connection& conn, int64_t enrolment_id, int64_t unit_id, int seconds,
                      const std::optional<std::string>& done_at, std::optional<int64_t> recorded_by);
int64_t done_units(db::Connection& conn, int64_t enrolment_id);
void end_sessions(db::Connection& conn, int64_t worker_id);
int64_t insert_session(db::Connection& conn, const Session& s);
std::optional<Session> find_session(db::Connection& conn, int64_t id);
// Moves the session's last beat from `expected_last_ms` to `new_last_ms` and adds `seconds`, only when
// the session is active and its last beat is still `expected_last_ms`; false when another request won.
bool advance_session(db::Connection& conn, int64_t id, int64_t expected_last_ms, int64_t new_last_ms,
                     int seconds);

// Marks the enrolment completed on `date` and records its trainee-time with the worker's facts as they are
// now. Returns false when it was completed before.
bool complete_enrolment(db::Connection& conn, int64_t enrolment_id, const std::string& date, int64_t day);
// Conditional: false when the enrolment was passed meanwhile (a concurrent result came first).
[[nodiscard]] bool set_assessment(db::Connection& conn, int64_t enrolment_id, int score, bool passed,
                    const std::string& date, std::optional<int64_t> by);
// Counts an attempt only if the enrolment still has `seen_attempts` (below `max_attempts`) and is not passed:
// of concurrent submissions exactly one is counted and graded; false for the others.
[[nodiscard]] bool count_quiz_attempt(db::Connection& conn, int64_t enrolment_id, int seen_attempts, int max_attempts);

// ---- Certificates ----
std::optional<std::string> certificate_serial_of(db::Connection& conn, int64_t enrolment_id);
bool serial_taken(db::Connection& conn, const std::string& serial);
void insert_certificate(db::Connection& conn, const std::string& serial, int64_t enrolment_id,
                        int64_t worker_id, int64_t course_id, const std::string& issued_on,
                        const std::string& token, const std::string& now);
std::optional<TrainingCertificate> find_certificate(db::Connection& conn, const std::string& serial);
std::string worker_public_id(db::Connection& conn, int64_t worker_id);

// ---- Targets and progress ----
// Calls `fn` for each completion with id > `after_id`, in id order.
// `stop` is asked between pages of rows; returning true ends the load early.
void load_completions(db::Connection& conn, int64_t after_id,
                      const std::function<void(const CompletionFact&)>& fn,
                      const std::function<bool()>& stop = {});
std::map<std::string, int64_t> working_age_population(db::Connection& conn);
std::map<std::string, int64_t> targets(db::Connection& conn, const std::string& period);
void set_target(db::Connection& conn, const std::string& period, const std::string& prefecture,
                int64_t target, std::optional<int64_t> by, const std::string& now);

// ---- Benchmark (bench/training_bench.sh) ----
// Replaces training_completions with `rows` synthetic trainee-times over 2024-2026 in Gansu's counties,
// generated inside the database (recursive CTE on SQLite, generate_series on PostgreSQL).
void bench_fill_completions(db::Connection& conn, int64_t rows);
// The figures written as one SQL aggregate: counts, women, 脱贫人口 by county, occupation and brand over
// [from_day, to_day]; returns the number of groups (the caller rolls them up as the index does).
struct SqlGroup {
  std::string county, prefecture, occupation;
  std::optional<int64_t> brand;
  Counts counts;
};
std::vector<SqlGroup> sql_figures(db::Connection& conn, int64_t from_day, int64_t to_day);

// ---- Survey and offers ----
void upsert_survey(db::Connection& conn, const SurveyInput& in, const std::string& prefecture,
                   const std::string& county, std::optional<int64_t> by, const std::string& now);
// Surveys of workers in `prefecture` ("" = all), newest first.
std::vector<Survey> surveys(db::Connection& conn, const std::string& prefecture, int limit, int offset,
                            int64_t* total);
// Open courses of `occupation` offered in `prefecture`.
std::vector<std::pair<int64_t, std::string>> open_courses(db::Connection& conn, const std::string& prefecture,
                                                          const std::string& occupation);
bool enrolled_in_occupation(db::Connection& conn, int64_t worker_id, const std::string& occupation);

// ---- Demo history in bulk (training/demo.cpp) ----
// The facts a completion records about each worker, for every worker at once.
struct HistoryWorker {
  int64_t id = 0;
  std::string public_id, county_code, prefecture_code;
  std::optional<int64_t> labour_brand_id;
  bool woman = false, poverty_alleviated = false;
};
std::vector<HistoryWorker> history_workers(db::Connection& conn);

// An enrolment as it stands at the end of its history (completed, assessed or neither).
struct HistoryEnrolment {
  int64_t course_id = 0, worker_id = 0;
  std::string via, cohort, enrolled_at, status = "enrolled";
  std::optional<std::string> completed_on, assessed_on;
  std::optional<int> score;
};

// Writes a whole registry's training history through db::BulkLoad (COPY on PostgreSQL) with explicit ids, in the
// caller's transaction: the same rows insert_enrolment, add_unit_seconds, complete_enrolment, set_assessment and
// insert_certificate leave, without a round trip per row. Add an enrolment before its other rows; flush() before
// reading any of them back; finish() once at the end (it moves PostgreSQL's sequences past the given ids).
class HistoryWriter final {
 public:
  explicit HistoryWriter(db::Connection& conn);
  ~HistoryWriter();
  int64_t enrolment(const HistoryEnrolment& e);  // returns its id
  void unit_done(int64_t enrolment_id, int64_t unit_id, int seconds, const std::string& done_at);
  void completion(int64_t enrolment_id, const HistoryWorker& w, const Course& c, int64_t day);
  void certificate(const std::string& serial, int64_t enrolment_id, int64_t worker_id, int64_t course_id,
                   const std::string& issued_on, const std::string& token, const std::string& now);
  void flush();
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- Competitions ----
int64_t insert_competition(db::Connection& conn, const Competition& c, std::optional<int64_t> by,
                           const std::string& now);
std::optional<Competition> find_competition(db::Connection& conn, int64_t id);
std::vector<Competition> competitions(db::Connection& conn);
bool has_award(db::Connection& conn, int64_t competition_id, int64_t worker_id);
void record_award(db::Connection& conn, int64_t competition_id, int64_t worker_id, const std::string& award,
                  int64_t entry_id);

}  // namespace jz::training::store
