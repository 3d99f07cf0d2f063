#include "supervision/tasks_store.hpp"

#include "db/query.hpp"

namespace jz::supervision::tasks_store {
namespace {

constexpr const char* kTaskColumns =
    "t.id, t.measure, t.department, t.title, t.target, t.unit, t.metric, t.deadline, t.owner, t.progress, t.status, "
    "t.created_by, t.created_at, t.updated_at, "
    "(SELECT COUNT(*) FROM measure_task_updates u WHERE u.task_id = t.id), "
    "(SELECT COUNT(*) FROM measure_task_files f WHERE f.task_id = t.id), "
    "(SELECT u.note FROM measure_task_updates u WHERE u.task_id = t.id ORDER BY u.id DESC LIMIT 1), "
    "(SELECT MAX(u.created_at) FROM measure_task_updates u WHERE u.task_id = t.id)";

Task read_task(const db::Row& r) {
  Task t;
  t.id = r.get_int(0);
  t.measure = static_cast<int>(r.get_int(1));
  t.department = r.get_text(2);
  t.title = r.get_text(3);
  t.target = r.opt_int(4);
  t.unit = r.get_text(5);
  t.metric = r.get_text(6);
  t.deadline = r.get_text(7);
  t.owner = r.get_text(8);
  t.progress = r.opt_int(9);
  t.status = r.get_text(10);
  t.created_by = r.get_text(11);
  t.created_at = r.get_text(12);
  t.updated_at = r.get_text(13);
  t.updates = r.get_int(14);
  t.files = r.get_int(15);
  if (!r.is_null(16)) t.last_note = r.get_text(16);
  if (!r.is_null(17)) t.last_update_at = r.get_text(17);
  return t;
}

constexpr const char* kFileColumns = "id, task_id, department, name, content_type, size, sha256, created_by, created_at";

TaskFile read_file(const db::Row& r) {
  return TaskFile{r.get_int(0), r.get_int(1), r.get_int(5), r.get_text(2), r.get_text(3), r.get_text(4),
                  r.get_text(6),  r.get_text(7), r.get_text(8)};
}

}  // namespace

std::vector<Task> tasks(db::Connection& conn, const TaskFilter& f) {
  std::string sql = std::string("SELECT ") + kTaskColumns + " FROM measure_tasks t WHERE 1 = 1";
  db::Params params;
  if (f.measure) {
    sql += " AND t.measure = ?";
    params.emplace_back(static_cast<int64_t>(*f.measure));
  }
  if (!f.department.empty()) {
    sql += " AND t.department = ?";
    params.emplace_back(f.department);
  }
  sql += " ORDER BY t.measure, t.deadline, t.id";
  std::vector<Task> out;
  for (const auto& r : conn.query(sql, params)) out.push_back(read_task(r));
  return out;
}

std::optional<Task> task(db::Connection& conn, int64_t id) {
  auto rows = conn.query(std::string("SELECT ") + kTaskColumns + " FROM measure_tasks t WHERE t.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return read_task(rows[0]);
}

int64_t insert_task(db::Connection& conn, int measure, const Task& t, const std::string& now) {
  return conn.insert(
      "INSERT INTO measure_tasks (measure, department, title, target, unit, metric, deadline, owner, progress, status, "
      "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {static_cast<int64_t>(measure), t.department, t.title, db::opt(t.target), t.unit, t.metric, t.deadline, t.owner,
       db::opt(t.progress), t.status.empty() ? std::string("not_started") : t.status, t.created_by, now, now});
}

void update_terms(db::Connection& conn, int64_t id, const Task& t, const std::string& now) {
  conn.exec(
      "UPDATE measure_tasks SET department = ?, title = ?, target = ?, unit = ?, metric = ?, deadline = ?, owner = ?, "
      "updated_at = ? WHERE id = ?",
      {t.department, t.title, db::opt(t.target), t.unit, t.metric, t.deadline, t.owner, now, id});
}

void insert_update(db::Connection& conn, const TaskUpdate& u) {
  conn.insert(
      "INSERT INTO measure_task_updates (task_id, department, note, progress, status, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {u.task_id, u.department, u.note, db::opt(u.progress), u.status, u.created_by, u.created_at});
}

void set_progress(db::Connection& conn, int64_t id, const std::optional<int64_t>& progress, const std::string& status,
                  const std::string& now) {
  conn.exec("UPDATE measure_tasks SET progress = ?, status = ?, updated_at = ? WHERE id = ?",
            {db::opt(progress), status, now, id});
}

std::vector<TaskUpdate> updates(db::Connection& conn, int64_t task_id) {
  std::vector<TaskUpdate> out;
  for (const auto& r : conn.query("SELECT id, task_id, department, note, progress, status, created_by, created_at "
                                  "FROM measure_task_updates WHERE task_id = ? ORDER BY id DESC",
                                  {task_id})) {
    TaskUpdate u;
    u.id = r.get_int(0);
    u.task_id = r.get_int(1);
    u.department = r.get_text(2);
    u.note = r.get_text(3);
    u.progress = r.opt_int(4);
    u.status = r.get_text(5);
    u.created_by = r.get_text(6);
    u.created_at = r.get_text(7);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<TaskFile> files(db::Connection& conn, int64_t task_id) {
  std::vector<TaskFile> out;
  for (const auto& r : conn.query(std::string("SELECT ") + kFileColumns +
                                      " FROM measure_task_files WHERE task_id = ? ORDER BY id",
                                  {task_id}))
    out.push_back(read_file(r));
  return out;
}

int64_t insert_file(db::Connection& conn, const TaskFile& f, const std::string& bytes) {
  return conn.insert(
      "INSERT INTO measure_task_files (task_id, department, name, content_type, size, sha256, data, created_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {f.task_id, f.department, f.name, f.content_type, f.size, f.sha256, db::Blob(bytes.begin(), bytes.end()),
       f.created_by, f.created_at});
}

std::optional<std::pair<TaskFile, std::string>> file(db::Connection& conn, int64_t task_id, int64_t file_id) {
  auto rows = conn.query(std::string("SELECT ") + kFileColumns +
                             ", data FROM measure_task_files WHERE task_id = ? AND id = ?",
                         {task_id, file_id});
  if (rows.empty()) return std::nullopt;
  auto blob = rows[0].get_blob(9);
  return std::pair{read_file(rows[0]), std::string(blob.begin(), blob.end())};
}

std::string user_department(db::Connection& conn, int64_t user_id) {
  auto rows = conn.query("SELECT department FROM users WHERE id = ?", {user_id});
  return rows.empty() || rows[0].is_null(0) ? std::string() : rows[0].get_text(0);
}

int64_t count_tasks(db::Connection& conn) {
  auto rows = conn.query("SELECT COUNT(*) FROM measure_tasks");
  return rows.empty() ? 0 : rows[0].get_int(0);
}

}  // namespace jz::supervision::tasks_store
