-- The thirteen measures as a task board (docs/supervision.md). The measures and their departments are the
-- plan's (src/supervision/measures.cpp); a task belongs to one measure and to one department the measure names
-- (department: the plan's name, as in users.department). A task with a metric takes its progress from the
-- dashboard; the others from the department's latest update. Only the owning department writes updates and
-- evidence; the province admin creates tasks and may change their terms.
CREATE TABLE measure_tasks (
  id {{pk}},
  measure INTEGER NOT NULL CHECK (measure BETWEEN 1 AND 13),
  department TEXT NOT NULL,
  title TEXT NOT NULL,
  target BIGINT,
  unit TEXT NOT NULL DEFAULT '',
  metric TEXT NOT NULL DEFAULT '' CHECK (metric IN ('', 'trainee_times', 'enterprises_listed', 'subsidies_paid_yuan',
                                                    'identity_verified', 'certified')),
  deadline TEXT NOT NULL,
  owner TEXT NOT NULL,
  progress BIGINT,
  status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX measure_tasks_measure ON measure_tasks (measure);
CREATE INDEX measure_tasks_department ON measure_tasks (department);

-- A department's progress note on its task (what it reported, when, by whom).
CREATE TABLE measure_task_updates (
  id {{pk}},
  task_id BIGINT NOT NULL REFERENCES measure_tasks (id) ON DELETE CASCADE,
  department TEXT NOT NULL,
  note TEXT NOT NULL,
  progress BIGINT,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX measure_task_updates_task ON measure_task_updates (task_id);

-- Evidence files (PDF, JPEG, PNG up to 2 MB), stored like worker photos: the bytes in the database with their
-- SHA-256, the type read from the file itself.
CREATE TABLE measure_task_files (
  id {{pk}},
  task_id BIGINT NOT NULL REFERENCES measure_tasks (id) ON DELETE CASCADE,
  department TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data {{blob}} NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX measure_task_files_task ON measure_task_files (task_id);
