#pragma once
// SQL of the task board (tasks.hpp): measure_tasks, their updates and evidence files (migration 020).
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "supervision/tasks.hpp"

namespace jz::supervision::tasks_store {

// Tasks of `f` (measure, department) ordered by measure, deadline, id; with their update/file counts and the
// latest note. Overdue and automatic progress are filled in by the service.
std::vector<Task> tasks(db::Connection& conn, const TaskFilter& f);
std::optional<Task> task(db::Connection& conn, int64_t id);
int64_t insert_task(db::Connection& conn, int measure, const Task& t, const std::string& now);
void update_terms(db::Connection& conn, int64_t id, const Task& t, const std::string& now);
void insert_update(db::Connection& conn, const TaskUpdate& u);
// Sets the task's reported progress and status.
void set_progress(db::Connection& conn, int64_t id, const std::optional<int64_t>& progress, const std::string& status,
                  const std::string& now);
std::vector<TaskUpdate> updates(db::Connection& conn, int64_t task_id);
std::vector<TaskFile> files(db::Connection& conn, int64_t task_id);
int64_t insert_file(db::Connection& conn, const TaskFile& f, const std::string& bytes);
std::optional<std::pair<TaskFile, std::string>> file(db::Connection& conn, int64_t task_id, int64_t file_id);
// users.department of the account (empty when none).
std::string user_department(db::Connection& conn, int64_t user_id);
int64_t count_tasks(db::Connection& conn);

}  // namespace jz::supervision::tasks_store
