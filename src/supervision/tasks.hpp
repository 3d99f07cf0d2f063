#pragma once
// The thirteen measures as a task board (docs/supervision.md), no HTTP.
//
// A task belongs to one measure and one of the departments the measure names. The province admin creates
// tasks for any named department; a department official creates them for her own department on the measures
// that name it. Only the owning department posts progress (notes, a figure, a status) and evidence files;
// the province admin may change a task's terms (title, target, deadline, owner). Everyone else, including
// another department, is refused (out_of_scope) — a department cannot report for, or rewrite, another's task.
// A task with a metric (measures.hpp) takes its progress from the dashboard: the province's totals for the year
// of its deadline. A task is overdue when its deadline has passed and it is not done.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "security/audit.hpp"
#include "security/roles.hpp"
#include "supervision/measures.hpp"

namespace jz::supervision {

struct TaskFile {
  int64_t id = 0, task_id = 0, size = 0;
  std::string department, name, content_type, sha256, created_by, created_at;
};

struct TaskUpdate {
  int64_t id = 0, task_id = 0;
  std::optional<int64_t> progress;
  std::string department, note, status, created_by, created_at;
};

struct Task {
  int64_t id = 0;
  int measure = 0;
  std::string department, title, unit, metric, deadline, owner, status, created_by, created_at, updated_at;
  std::optional<int64_t> target, progress;  // progress: the department's latest figure (or the metric's)
  bool automatic = false;                   // progress came from the platform's figures
  bool overdue = false;
  int64_t updates = 0, files = 0;
  std::string last_note, last_update_at;
};

struct TaskInput {  // create or change; absent fields stay as they are on change
  std::optional<std::string> department, title, unit, metric, deadline, owner;
  std::optional<int64_t> target;
  bool clear_target = false;
};

struct ProgressInput {
  std::string note;
  std::optional<int64_t> progress;
  std::optional<std::string> status;
};

struct TaskFilter {
  std::optional<int> measure;
  std::string department;  // "" every department
  bool overdue_only = false;
};

struct TaskDetail {
  Task task;
  std::vector<TaskUpdate> updates;
  std::vector<TaskFile> files;
};

// The figure a metric stands for in the year `year` (the province's totals), and the year's trainee-times
// target; supplied by the dashboard so the board never recounts.
struct MetricFigures {
  std::function<std::optional<int64_t>(Metric, int year)> value;
  std::function<std::optional<int64_t>(int year)> trainee_target;
};

inline constexpr size_t kMaxEvidenceBytes = 2 * 1024 * 1024;
// What a file's first bytes say it is: application/pdf, image/jpeg, image/png, or "" for anything else.
std::string evidence_content_type(std::string_view bytes);

class TaskBoard final {
 public:
  TaskBoard(db::Database& db, MetricFigures figures) : db_(db), figures_(std::move(figures)) {}

  Result<std::vector<Task>> list(const security::Principal& p, const TaskFilter& f);
  Result<TaskDetail> get(const security::Principal& p, int64_t id);
  Result<Task> create(const security::Principal& p, int measure, const TaskInput& in, const security::AuditActor& a);
  Result<Task> change(const security::Principal& p, int64_t id, const TaskInput& in, const security::AuditActor& a);
  Result<TaskDetail> report(const security::Principal& p, int64_t id, const ProgressInput& in,
                            const security::AuditActor& a);
  Result<TaskFile> attach(const security::Principal& p, int64_t id, const std::string& name, const std::string& bytes,
                          const security::AuditActor& a);
  // The file and its bytes.
  Result<std::pair<TaskFile, std::string>> file(const security::Principal& p, int64_t task_id, int64_t file_id);

  // The department a principal writes for: a department official's own (users.department, read per request
  // so a change of department takes effect at once), "" for anyone else.
  static std::string department_of(db::Connection& conn, const security::Principal& p);

 private:
  void fill_in(Task& t, const std::string& today) const;
  Result<Task> owned(db::Connection& conn, const security::Principal& p, int64_t id);
  db::Database& db_;
  MetricFigures figures_;
};

// Demo tasks for every measure (demo-data): one for the lead, and for some measures one for a partner, with
// deadlines around the demo's year; three of them take their figures from the platform. Kept if any exist.
void seed_demo_tasks(db::Connection& conn, const std::string& now);

}  // namespace jz::supervision
