#pragma once
// Plain types of the training module (product section 4): courses with units and quiz questions,
// enrolments and their progress, study sessions, training certificates, the willingness survey and skill
// competitions. No logic here; rules are in service.hpp, SQL in store.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::training {

// What a worker studies in one sitting (at most kMaxPartMinutes, parts.hpp): text (paragraphs separated by a
// blank line), a picture (a path under /media/training/) with its description, an optional video.
struct Part {
  int position = 0;  // 1-based
  std::string title;
  int minutes = 0;
  std::string body;
  std::string image;
  std::string image_alt;
  std::string video_url;
};

struct Unit {
  int64_t id = 0;
  int position = 0;
  std::string title;
  int minutes = 0;  // the sum of its parts' minutes when it has parts
  std::string content;
  std::vector<Part> parts;  // as stored; parts.hpp gives the parts a worker studies
};

// A quiz question as stored; `answer` never leaves the server (QuizQuestion is what the client sees).
struct Question {
  int64_t id = 0;
  int position = 0;
  std::string text;
  std::vector<std::string> options;
  int answer = 0;
};

struct Course {
  int64_t id = 0;
  std::string title;
  std::string occupation_code;
  int level = 1;
  int64_t institution_id = 0;
  std::string institution_name;
  std::string mode;  // online | offline
  int hours = 0;     // as stored; what is shown is hours_of(total minutes) (parts.hpp): the sum of its units
  std::optional<int> pass_mark;  // absent: no assessment
  bool has_certificate = false;
  std::string certificate_name;
  std::string division_code;
  std::string prefecture_code;
  std::string description;
  std::string status;  // open | closed
  int64_t enrolled = 0;
  int question_count = 0;
  std::vector<Unit> units;  // filled for one course
  int total_minutes() const {
    int m = 0;
    for (const auto& u : units) m += u.minutes;
    return m;
  }
};

struct CourseInput {
  std::string title;
  std::string occupation_code;
  int level = 1;
  std::optional<int64_t> institution_id;  // province admin only; an institution's own id otherwise
  std::string mode;
  std::optional<int> pass_mark;
  bool has_certificate = false;
  std::string certificate_name;
  std::string description;
  std::vector<Unit> units;  // a course's hours are derived from them
  std::vector<Question> questions;
};

struct CourseFilter {
  std::string occupation;
  std::string prefecture;
  std::string mode;
  std::string q;
  std::optional<int64_t> institution_id;
  int page = 1;
  int page_size = 20;
};

struct UnitProgress {
  int64_t unit_id = 0;
  int seconds = 0;
  bool done = false;
  std::optional<std::string> done_at;
};

struct Enrolment {
  int64_t id = 0;
  int64_t course_id = 0;
  int64_t worker_id = 0;
  std::string worker_name;  // for the institution's console and officials; never an ID number
  std::string worker_prefecture;
  std::optional<int64_t> worker_enterprise;
  std::string enrolled_via;  // self | enterprise | official
  std::string cohort;
  std::string status;  // enrolled | completed | passed | failed
  std::string enrolled_at;
  std::optional<std::string> completed_on;
  std::optional<int> score;
  std::optional<std::string> assessed_on;
  int quiz_attempts = 0;
  std::optional<std::string> certificate_serial;
  std::optional<std::string> certificate_token;
  std::vector<UnitProgress> progress;  // filled for one enrolment
  Course course;                       // summary (no units) in lists; with units for one enrolment
};

struct EnrolResult {
  std::vector<int64_t> enrolled;          // worker ids newly enrolled
  std::vector<int64_t> already_enrolled;  // worker ids that were enrolled before
};

// A study session of an online unit as the server keeps it.
struct Session {
  int64_t id = 0;
  int64_t worker_id = 0;
  int64_t enrolment_id = 0;
  int64_t unit_id = 0;
  int64_t opened_ms = 0;
  int64_t last_beat_ms = 0;
  int credited_seconds = 0;
  bool active = true;
  int part = 1;  // the part studied; heartbeats are credited up to its end only
  int unit_seconds = 0;  // when opened: the unit's time so far (not stored with the session)
};

struct HeartbeatResult {
  int64_t session_id = 0;
  int credited = 0;      // seconds this heartbeat added
  int unit_seconds = 0;  // the unit's time so far
  int unit_length = 0;   // the unit's length in seconds
  int part = 1;          // the session's part
  int part_start = 0;    // its span within the unit's seconds
  int part_end = 0;
  bool part_done = false;
  bool unit_done = false;
  bool course_completed = false;  // this heartbeat completed the last unit
};

struct TrainingCertificate {
  std::string serial;
  int64_t worker_id = 0;
  std::string public_id;
  std::string worker_name;  // masked when shown publicly
  int64_t course_id = 0;
  std::string course_title;
  std::string certificate_name;
  std::string occupation_code;
  std::string institution_name;
  std::string issued_on;
  std::string token;
};

struct AssessmentResult {
  Enrolment enrolment;
  bool passed = false;
  std::optional<TrainingCertificate> certificate;
};

struct SurveyInput {
  int64_t worker_id = 0;
  bool willing = false;
  std::vector<std::string> occupations;
  bool can_leave_home = false;
  std::optional<std::string> available_from;  // YYYY-MM-DD
  std::string prior_training;
  std::string note;
};

struct Survey {
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

// A targeted offer: in `county`, `willing` surveyed people want `occupation`; `courses` open courses of that
// occupation in the 市州 (empty: a course should be opened there); `workers` whom to enrol.
struct Offer {
  std::string prefecture_code;
  std::string county_code;
  std::string occupation_code;
  int64_t willing = 0;
  int64_t can_leave_home = 0;
  std::vector<std::pair<int64_t, std::string>> courses;  // id, title
  std::vector<std::pair<int64_t, std::string>> workers;  // id, name (not yet enrolled in such a course)
};

struct Competition {
  int64_t id = 0;
  std::string name;
  std::string level;
  std::optional<std::string> occupation_code;
  std::string held_on;
  std::string prefecture_code;
  int64_t entrants = 0;
};

}  // namespace jz::training
