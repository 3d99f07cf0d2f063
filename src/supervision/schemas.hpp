#pragma once
// The bodies the supervision routes read and write, as described structs: the route files declare them in
// the OpenAPI document (`.request`, `.response`). Optional members are fields a client may omit (requests)
// or that may be null or only some answers carry (responses). Counts are integers, shares and averages
// numbers.
#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/params.hpp"

namespace jz::supervision::api {

// The period of the dashboard, the pain points and the report, and the 市州 to show by county.
inline std::vector<http::QueryParam> period_params() {
  return {{.name = "period", .description = "YYYY, YYYY-Qn or YYYY-MM (or from and to)"},
          {.name = "from", .type = "date"},
          {.name = "to", .type = "date"},
          {.name = "prefecture", .description = "a 市州 code: its counties (a city officer: her own)"}};
}

// ---- Requests ----

// An account to create or change; on change absent fields stay as they are.
struct AccountInput {
  std::optional<std::string> username;
  std::optional<std::string> display_name;
  std::optional<std::string> role;
  std::optional<std::string> division_code;
  std::optional<std::string> department;
  std::optional<int64_t> enterprise_id;
  std::optional<int64_t> institution_id;
  std::optional<int64_t> worker_id;
};
BOOST_DESCRIBE_STRUCT(AccountInput, (),
                      (username, display_name, role, division_code, department, enterprise_id, institution_id,
                       worker_id))

// A task to create or change; on change absent fields stay as they are, a null target clears it.
struct TaskInput {
  std::optional<std::string> department;
  std::optional<std::string> title;
  std::optional<int64_t> target;
  std::optional<std::string> unit;
  std::optional<std::string> metric;
  std::optional<std::string> deadline;
  std::optional<std::string> owner;
};
BOOST_DESCRIBE_STRUCT(TaskInput, (), (department, title, target, unit, metric, deadline, owner))

struct ProgressInput {
  std::optional<std::string> note;
  std::optional<int64_t> progress;    // not for tasks whose figure comes from the platform
  std::optional<std::string> status;  // not_started | in_progress | done
};
BOOST_DESCRIBE_STRUCT(ProgressInput, (), (note, progress, status))

// ---- Responses: the dashboard ----

struct EnterpriseFigures {
  int64_t total = 0;
  int64_t employee_based = 0;
  int64_t intermediary = 0;
  int64_t mixed = 0;
  int64_t listed = 0;
  int64_t applied = 0;
  int64_t suspended = 0;
  int64_t leading = 0;
};
BOOST_DESCRIBE_STRUCT(EnterpriseFigures, (),
                      (total, employee_based, intermediary, mixed, listed, applied, suspended, leading))

struct WorkerFigures {
  int64_t registered = 0;
  int64_t new_ = 0;
  int64_t identity_verified = 0;
  int64_t certified = 0;
  int64_t health_checked = 0;
  int64_t insured = 0;
  int64_t poverty_alleviated = 0;
};
BOOST_DESCRIBE_STRUCT(WorkerFigures, (),
                      (registered, new_, identity_verified, certified, health_checked, insured, poverty_alleviated))

struct TrainingFigures {
  int64_t trainee_times = 0;
  int64_t target = 0;
  double share = 0;
};
BOOST_DESCRIBE_STRUCT(TrainingFigures, (), (trainee_times, target, share))

struct EmploymentFigures {
  int64_t employed = 0;
  int64_t out_of_province = 0;
  int64_t cross_prefecture = 0;
  int64_t poverty_employed = 0;
  int64_t wage_count = 0;
  int64_t wage_sum = 0;
  double average_wage = 0;
};
BOOST_DESCRIBE_STRUCT(EmploymentFigures, (),
                      (employed, out_of_province, cross_prefecture, poverty_employed, wage_count, wage_sum,
                       average_wage))

struct ReviewFigures {
  int64_t count = 0;
  int64_t rating_sum = 0;
  double average_rating = 0;
};
BOOST_DESCRIBE_STRUCT(ReviewFigures, (), (count, rating_sum, average_rating))

struct ComplaintFigures {
  int64_t received = 0;
  int64_t closed = 0;
  int64_t upheld = 0;
  double upheld_share = 0;
  int64_t close_days_sum = 0;
  double average_close_days = 0;
};
BOOST_DESCRIBE_STRUCT(ComplaintFigures, (), (received, closed, upheld, upheld_share, close_days_sum, average_close_days))

struct SubsidyFigures {
  int64_t payments = 0;
  int64_t yuan = 0;
};
BOOST_DESCRIBE_STRUCT(SubsidyFigures, (), (payments, yuan))

// The figures of the province, a 市州 or a county; `code` and `name` on the rows.
struct FiguresView {
  std::optional<std::string> code;
  std::optional<std::string> name;
  EnterpriseFigures enterprises;
  WorkerFigures workers;
  TrainingFigures training;
  EmploymentFigures employment;
  ReviewFigures reviews;
  ComplaintFigures complaints;
  SubsidyFigures subsidies;
  std::optional<boost::json::value> orders;  // household-services orders: not counted yet (null)
};
BOOST_DESCRIBE_STRUCT(FiguresView, (),
                      (code, name, enterprises, workers, training, employment, reviews, complaints, subsidies, orders))

struct MonthView {
  std::string month;  // YYYY-MM
  int64_t workers_new = 0;
  int64_t employments_started = 0;
  int64_t reviews = 0;
  int64_t complaints = 0;
  int64_t paid_yuan = 0;
};
BOOST_DESCRIBE_STRUCT(MonthView, (), (month, workers_new, employments_started, reviews, complaints, paid_yuan))

struct AreaRef {
  std::string code;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(AreaRef, (), (code, name))

struct DashboardView {
  std::string period;
  std::string from;
  std::string to;
  std::string as_of;
  std::string level;                   // prefecture | county
  std::optional<AreaRef> prefecture;   // the 市州 shown by county
  FiguresView totals;
  std::vector<FiguresView> rows;
  std::vector<MonthView> series;
  int64_t facts = 0;
};
BOOST_DESCRIBE_STRUCT(DashboardView, (), (period, from, to, as_of, level, prefecture, totals, rows, series, facts))

// ---- Responses: pain points ----

struct PainExampleView {
  std::string source;
  std::string day;
  std::string text;  // masked
};
BOOST_DESCRIBE_STRUCT(PainExampleView, (), (source, day, text))

struct CueView {
  std::string term;
  int64_t count = 0;
};
BOOST_DESCRIBE_STRUCT(CueView, (), (term, count))

struct PainCategoryView {
  std::string code;
  std::string name;
  std::string name_en;
  std::string side;  // worker | household
  int64_t count = 0;
  double share = 0;
  std::vector<int64_t> series;  // per month of `months`
  std::vector<PainExampleView> examples;
  std::vector<CueView> cues;
};
BOOST_DESCRIBE_STRUCT(PainCategoryView, (), (code, name, name_en, side, count, share, series, examples, cues))

// Counts by category code, and "total".
struct PainAreaView {
  std::optional<std::string> code;  // null: occupation not recorded
  std::string name;
  std::map<std::string, int64_t> counts;
};
BOOST_DESCRIBE_STRUCT(PainAreaView, (), (code, name, counts))

struct RisingTermView {
  std::string term;
  int64_t recent = 0;
  int64_t before = 0;
  double growth = 0;
};
BOOST_DESCRIBE_STRUCT(RisingTermView, (), (term, recent, before, growth))

struct PainPointsView {
  std::string period;
  std::string from;
  std::string to;
  std::optional<AreaRef> prefecture;
  std::string level;
  int64_t texts = 0;
  int64_t with_pain_point = 0;
  std::map<std::string, int64_t> by_source;  // and "total"
  std::vector<PainCategoryView> categories;
  std::vector<std::string> months;
  std::vector<PainAreaView> areas;
  std::vector<PainAreaView> occupations;
  std::vector<RisingTermView> rising_terms;
};
BOOST_DESCRIBE_STRUCT(PainPointsView, (),
                      (period, from, to, prefecture, level, texts, with_pain_point, by_source, categories, months,
                       areas, occupations, rising_terms))

// ---- Responses: the task board ----

struct TaskFileView {
  int64_t id = 0;
  std::string name;
  std::string content_type;
  int64_t size = 0;
  std::string sha256;
  std::string department;
  std::string created_by;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(TaskFileView, (), (id, name, content_type, size, sha256, department, created_by, created_at))

struct TaskUpdateView {
  int64_t id = 0;
  std::string department;
  std::string note;
  std::optional<int64_t> progress;
  std::string status;
  std::string created_by;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(TaskUpdateView, (), (id, department, note, progress, status, created_by, created_at))

// A task; one task also carries its progress notes and files.
struct TaskView {
  int64_t id = 0;
  int measure = 0;
  std::string department;
  std::string title;
  std::optional<int64_t> target;
  std::string unit;
  std::optional<std::string> metric;
  bool automatic = false;
  std::string deadline;
  std::string owner;
  std::optional<int64_t> progress;
  std::string status;
  bool overdue = false;
  int64_t updates = 0;
  int64_t files = 0;
  std::string last_note;
  std::optional<std::string> last_update_at;
  std::string created_by;
  std::string updated_at;
  std::optional<std::vector<TaskUpdateView>> update_log;  // one task only
  std::optional<std::vector<TaskFileView>> file_list;     // one task only
};
BOOST_DESCRIBE_STRUCT(TaskView, (),
                      (id, measure, department, title, target, unit, metric, automatic, deadline, owner, progress,
                       status, overdue, updates, files, last_note, last_update_at, created_by, updated_at, update_log,
                       file_list))


struct MeasureView {
  int number = 0;
  std::string section;
  std::string title;
  std::string lead;
  std::vector<std::string> partners;
  std::vector<TaskView> tasks;
  int64_t task_count = 0;
  int64_t done = 0;
  int64_t overdue = 0;
};
BOOST_DESCRIBE_STRUCT(MeasureView, (), (number, section, title, lead, partners, tasks, task_count, done, overdue))

struct DepartmentView {
  std::string name;
  std::string en;
};
BOOST_DESCRIBE_STRUCT(DepartmentView, (), (name, en))

struct TaskTotals {
  int64_t tasks = 0;
  int64_t done = 0;
  int64_t overdue = 0;
};
BOOST_DESCRIBE_STRUCT(TaskTotals, (), (tasks, done, overdue))

struct MeasuresView {
  std::vector<MeasureView> measures;
  std::vector<DepartmentView> departments;
  std::optional<std::string> my_department;
  std::optional<std::string> department;  // the filter
  TaskTotals totals;
  std::string today;
};
BOOST_DESCRIBE_STRUCT(MeasuresView, (), (measures, departments, my_department, department, totals, today))

// ---- Responses: accounts ----

struct AccountView {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  std::optional<std::string> division_code;
  std::optional<std::string> department;
  std::optional<int64_t> enterprise_id;
  std::optional<int64_t> institution_id;
  std::optional<int64_t> worker_id;
  bool disabled = false;
  bool must_change_password = false;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(AccountView, (),
                      (id, username, display_name, role, division_code, department, enterprise_id, institution_id,
                       worker_id, disabled, must_change_password, created_at))

struct AccountPage {
  std::vector<AccountView> items;
  int64_t total = 0;
};
BOOST_DESCRIBE_STRUCT(AccountPage, (), (items, total))

// An account with its one-time password (shown once).
struct AccountWithPassword {
  AccountView account;
  std::string password;
};
BOOST_DESCRIBE_STRUCT(AccountWithPassword, (), (account, password))

struct LoginView {
  std::string at;
  std::string username;
  std::string action;
  std::string ip;
};
BOOST_DESCRIBE_STRUCT(LoginView, (), (at, username, action, ip))

struct LoginPage {
  std::vector<LoginView> items;
  int64_t total = 0;
};
BOOST_DESCRIBE_STRUCT(LoginPage, (), (items, total))

}  // namespace jz::supervision::api
