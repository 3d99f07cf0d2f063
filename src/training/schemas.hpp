#pragma once
// The bodies the training routes read and write, as described structs: routes.cpp declares them in the
// OpenAPI document (`.request`, `.response`), so the document names every field a client sends or gets.
// Optional members are the fields a client may omit (requests) or that may be null (responses); a member
// only some answers carry (a course's units outside lists, a worker's name for officials) is optional too.
#include <boost/describe.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jz::training::api {

// ---- Requests ----

struct PartInput {
  std::string title;
  int minutes = 0;  // 1-kMaxPartMinutes
  std::optional<std::string> body;
  std::optional<std::string> image;
  std::optional<std::string> image_alt;
  std::optional<std::string> video_url;
};
BOOST_DESCRIBE_STRUCT(PartInput, (), (title, minutes, body, image, image_alt, video_url))

struct UnitInput {
  std::optional<std::string> title;
  std::optional<int> minutes;  // required without parts; with parts the sum of theirs
  std::optional<std::string> content;
  std::optional<std::vector<PartInput>> parts;
};
BOOST_DESCRIBE_STRUCT(UnitInput, (), (title, minutes, content, parts))

struct QuestionInput {
  std::optional<std::string> text;
  std::optional<std::vector<std::string>> options;
  int answer = 0;  // index of the right option
};
BOOST_DESCRIBE_STRUCT(QuestionInput, (), (text, options, answer))

struct NewCourse {
  std::string title;
  std::string occupation_code;
  std::optional<int> level;               // 1-4, default 1
  std::optional<int64_t> institution_id;  // province admin: the providing institution
  std::string mode;                       // online | offline
  std::optional<int> pass_mark;           // 0-100; none: no assessment
  std::optional<bool> has_certificate;
  std::optional<std::string> certificate_name;
  std::optional<std::string> description;
  std::vector<UnitInput> units;  // at least one; the course's hours are their sum
  std::optional<std::vector<QuestionInput>> questions;
};
BOOST_DESCRIBE_STRUCT(NewCourse, (),
                      (title, occupation_code, level, institution_id, mode, pass_mark, has_certificate,
                       certificate_name, description, units, questions))

struct EnrolInput {
  std::optional<std::vector<int64_t>> worker_ids;  // none: the worker herself
  std::optional<std::string> cohort;
};
BOOST_DESCRIBE_STRUCT(EnrolInput, (), (worker_ids, cohort))

struct OpenUnitInput {
  std::optional<int> part;  // 1-based; none: the first not done
};
BOOST_DESCRIBE_STRUCT(OpenUnitInput, (), (part))

struct ScoreInput {
  int score = 0;  // 0-100
};
BOOST_DESCRIBE_STRUCT(ScoreInput, (), (score))

struct QuizAnswers {
  std::vector<int> answers;  // option index per question, -1 for none
};
BOOST_DESCRIBE_STRUCT(QuizAnswers, (), (answers))

struct Targets {
  std::string period;
  std::map<std::string, int64_t> targets;  // 市州 code → trainee-times
};
BOOST_DESCRIBE_STRUCT(Targets, (), (period, targets))

struct SurveyInput {
  int64_t worker_id = 0;
  std::optional<bool> willing;
  std::optional<std::vector<std::string>> occupations;
  std::optional<bool> can_leave_home;
  std::optional<std::string> available_from;  // YYYY-MM-DD
  std::optional<std::string> prior_training;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(SurveyInput, (),
                      (worker_id, willing, occupations, can_leave_home, available_from, prior_training, note))

struct NewCompetition {
  std::string name;
  std::string level;  // national | provincial | city | county
  std::optional<std::string> occupation_code;
  std::string held_on;  // YYYY-MM-DD, not in the future
};
BOOST_DESCRIBE_STRUCT(NewCompetition, (), (name, level, occupation_code, held_on))

struct AwardInput {
  int64_t worker_id = 0;
  std::string award;
};
BOOST_DESCRIBE_STRUCT(AwardInput, (), (worker_id, award))

// ---- Responses ----

struct PartView {
  int position = 0;
  std::string title;
  int minutes = 0;
  std::string body;
  std::string image;
  std::string image_alt;
  std::string video_url;
};
BOOST_DESCRIBE_STRUCT(PartView, (), (position, title, minutes, body, image, image_alt, video_url))

struct UnitView {
  int64_t id = 0;
  int position = 0;
  std::string title;
  int minutes = 0;
  std::string content;
  std::vector<PartView> parts;
};
BOOST_DESCRIBE_STRUCT(UnitView, (), (id, position, title, minutes, content, parts))

struct CourseView {
  int64_t id = 0;
  std::string title;
  std::string occupation_code;
  int level = 1;
  int64_t institution_id = 0;
  std::string institution_name;
  std::string mode;
  double hours = 0;
  std::optional<int> pass_mark;
  bool has_certificate = false;
  std::string certificate_name;
  std::string division_code;
  std::string prefecture_code;
  std::string prefecture_name;
  std::string description;
  std::string status;
  int64_t enrolled = 0;
  bool has_quiz = false;
  int question_count = 0;
  std::optional<std::vector<UnitView>> units;  // one course only
  int unit_count = 0;
  int total_minutes = 0;
};
BOOST_DESCRIBE_STRUCT(CourseView, (),
                      (id, title, occupation_code, level, institution_id, institution_name, mode, hours, pass_mark,
                       has_certificate, certificate_name, division_code, prefecture_code, prefecture_name,
                       description, status, enrolled, has_quiz, question_count, units, unit_count, total_minutes))

struct UnitProgressView {
  int64_t unit_id = 0;
  int seconds = 0;
  bool done = false;
  std::optional<std::string> done_at;
};
BOOST_DESCRIBE_STRUCT(UnitProgressView, (), (unit_id, seconds, done, done_at))

struct EnrolmentView {
  int64_t id = 0;
  int64_t course_id = 0;
  int64_t worker_id = 0;
  std::string enrolled_via;
  std::string cohort;
  std::string status;
  std::string enrolled_at;
  std::optional<std::string> completed_on;
  std::optional<int> score;
  std::optional<std::string> assessed_on;
  int quiz_attempts = 0;
  std::optional<std::string> certificate_serial;
  int units_done = 0;
  int seconds = 0;
  std::vector<UnitProgressView> progress;
  CourseView course;
  std::optional<std::string> worker_name;        // for the institution and officials
  std::optional<std::string> worker_prefecture;  // likewise
};
BOOST_DESCRIBE_STRUCT(EnrolmentView, (),
                      (id, course_id, worker_id, enrolled_via, cohort, status, enrolled_at, completed_on, score,
                       assessed_on, quiz_attempts, certificate_serial, units_done, seconds, progress, course,
                       worker_name, worker_prefecture))

struct MyEnrolments {
  std::vector<EnrolmentView> items;
  int heartbeat_seconds = 0;
};
BOOST_DESCRIBE_STRUCT(MyEnrolments, (), (items, heartbeat_seconds))

struct EnrolOutcome {
  std::vector<int64_t> enrolled;
  std::vector<int64_t> already_enrolled;
};
BOOST_DESCRIBE_STRUCT(EnrolOutcome, (), (enrolled, already_enrolled))

struct OpenedSession {
  int64_t session_id = 0;
  int part = 0;
  int unit_seconds = 0;
  int heartbeat_seconds = 0;
  int max_gap_seconds = 0;
};
BOOST_DESCRIBE_STRUCT(OpenedSession, (), (session_id, part, unit_seconds, heartbeat_seconds, max_gap_seconds))

struct HeartbeatView {
  int64_t session_id = 0;
  int credited = 0;
  int unit_seconds = 0;
  int unit_length = 0;
  int part = 0;
  int part_start = 0;
  int part_end = 0;
  bool part_done = false;
  bool unit_done = false;
  bool course_completed = false;
};
BOOST_DESCRIBE_STRUCT(HeartbeatView, (),
                      (session_id, credited, unit_seconds, unit_length, part, part_start, part_end, part_done,
                       unit_done, course_completed))

// A certificate as shown publicly (the name masked); `verdict` on the verification routes.
struct CertificateView {
  std::string serial;
  std::string public_id;
  std::string worker_name;
  int64_t course_id = 0;
  std::string course_title;
  std::string certificate_name;
  std::string occupation_code;
  std::string institution_name;
  std::string issued_on;
  std::string token;
  std::string verify_url;
  std::optional<std::string> verdict;  // valid
};
BOOST_DESCRIBE_STRUCT(CertificateView, (),
                      (serial, public_id, worker_name, course_id, course_title, certificate_name, occupation_code,
                       institution_name, issued_on, token, verify_url, verdict))

// By signed token: {"verdict": "forged"} alone, or the certificate with "valid".
struct TokenVerdict {
  std::string verdict;  // valid | forged
  std::optional<std::string> serial;
  std::optional<std::string> public_id;
  std::optional<std::string> worker_name;
  std::optional<int64_t> course_id;
  std::optional<std::string> course_title;
  std::optional<std::string> certificate_name;
  std::optional<std::string> occupation_code;
  std::optional<std::string> institution_name;
  std::optional<std::string> issued_on;
  std::optional<std::string> token;
  std::optional<std::string> verify_url;
};
BOOST_DESCRIBE_STRUCT(TokenVerdict, (),
                      (verdict, serial, public_id, worker_name, course_id, course_title, certificate_name,
                       occupation_code, institution_name, issued_on, token, verify_url))

// An assessment or a submitted quiz (which also answers its score).
struct AssessmentView {
  bool passed = false;
  EnrolmentView enrolment;
  std::optional<CertificateView> certificate;
  std::optional<int> score;  // the quiz only
};
BOOST_DESCRIBE_STRUCT(AssessmentView, (), (passed, enrolment, certificate, score))

struct QuizQuestionView {
  int position = 0;
  std::string text;
  std::vector<std::string> options;
};
BOOST_DESCRIBE_STRUCT(QuizQuestionView, (), (position, text, options))

struct QuizView {
  std::vector<QuizQuestionView> questions;
};
BOOST_DESCRIBE_STRUCT(QuizView, (), (questions))

struct CountsView {
  int64_t total = 0;
  int64_t women = 0;
  int64_t poverty_alleviated = 0;
};
BOOST_DESCRIBE_STRUCT(CountsView, (), (total, women, poverty_alleviated))

// A row of counts by county (with its name), occupation or brand (code only).
struct CountsRow {
  int64_t total = 0;
  int64_t women = 0;
  int64_t poverty_alleviated = 0;
  std::string code;
  std::optional<std::string> name;
};
BOOST_DESCRIBE_STRUCT(CountsRow, (), (total, women, poverty_alleviated, code, name))

struct PrefectureProgressView {
  int64_t total = 0;
  int64_t women = 0;
  int64_t poverty_alleviated = 0;
  std::string code;
  std::string name;
  int64_t target = 0;
  int64_t projected = 0;
  bool on_track = false;
  double share = 0;
};
BOOST_DESCRIBE_STRUCT(PrefectureProgressView, (),
                      (total, women, poverty_alleviated, code, name, target, projected, on_track, share))

struct ProgressView {
  std::string period;
  std::string from;
  std::string to;
  std::string today;
  int64_t target = 0;
  bool targets_set = false;
  int64_t projected = 0;
  bool on_track = false;
  CountsView totals;
  std::vector<PrefectureProgressView> prefectures;
  std::vector<CountsRow> counties;
  std::vector<CountsRow> occupations;
  std::vector<CountsRow> brands;
};
BOOST_DESCRIBE_STRUCT(ProgressView, (),
                      (period, from, to, today, target, targets_set, projected, on_track, totals, prefectures,
                       counties, occupations, brands))

struct SurveyView {
  int64_t id = 0;
  int64_t worker_id = 0;
  std::string worker_name;
  std::string prefecture_code;
  std::string county_code;
  bool willing = false;
  std::vector<std::string> occupations;
  bool can_leave_home = false;
  std::optional<std::string> available_from;
  std::string prior_training;
  std::string note;
  std::string surveyed_at;
};
BOOST_DESCRIBE_STRUCT(SurveyView, (),
                      (id, worker_id, worker_name, prefecture_code, county_code, willing, occupations,
                       can_leave_home, available_from, prior_training, note, surveyed_at))

struct IdTitle {
  int64_t id = 0;
  std::string title;
};
BOOST_DESCRIBE_STRUCT(IdTitle, (), (id, title))

struct IdName {
  int64_t id = 0;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(IdName, (), (id, name))

struct OfferView {
  std::string prefecture_code;
  std::string county_code;
  std::string county_name;
  std::string occupation_code;
  int64_t willing = 0;
  int64_t can_leave_home = 0;
  bool open_course_needed = false;
  std::vector<IdTitle> courses;
  std::vector<IdName> workers;
};
BOOST_DESCRIBE_STRUCT(OfferView, (),
                      (prefecture_code, county_code, county_name, occupation_code, willing, can_leave_home,
                       open_course_needed, courses, workers))

struct CompetitionView {
  int64_t id = 0;
  std::string name;
  std::string level;
  std::optional<std::string> occupation_code;
  std::string held_on;
  std::string prefecture_code;
  int64_t entrants = 0;
};
BOOST_DESCRIBE_STRUCT(CompetitionView, (), (id, name, level, occupation_code, held_on, prefecture_code, entrants))

struct AwardEntry {
  int64_t entry_id = 0;  // the credit-file entry
};
BOOST_DESCRIBE_STRUCT(AwardEntry, (), (entry_id))

}  // namespace jz::training::api
