-- Training and certification (product section 4, issue 5): courses of training institutions with their units
-- and quiz questions, enrolments, progress per unit from server-timed study sessions, assessments,
-- training certificates, the trainee-times facts the target counts, targets per 市州, the willingness
-- survey (摸底调查) of 脱贫人口, and skill competitions.

-- Working-age population per 市州, the default split of the province's target (docs/training.md).
CREATE TABLE training_population (
  prefecture_code TEXT PRIMARY KEY,
  resident_population BIGINT NOT NULL,
  working_age_population BIGINT NOT NULL
);
-- @csv data/training/working_age_population.csv: INSERT INTO training_population (prefecture_code, resident_population, working_age_population) VALUES (?, CAST(? AS BIGINT), CAST(? AS BIGINT))

CREATE TABLE training_courses (
  id {{pk}},
  title TEXT NOT NULL,
  occupation_code TEXT NOT NULL REFERENCES occupations (code),
  level INTEGER NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 4),
  institution_id BIGINT NOT NULL REFERENCES institutions (id),
  mode TEXT NOT NULL CHECK (mode IN ('online', 'offline')),
  hours INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 2000),
  pass_mark INTEGER CHECK (pass_mark BETWEEN 0 AND 100),
  has_certificate INTEGER NOT NULL DEFAULT 0,
  certificate_name TEXT NOT NULL DEFAULT '',
  division_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX training_courses_occupation ON training_courses (occupation_code, status);
CREATE INDEX training_courses_institution ON training_courses (institution_id);

-- Units in order; an online unit is studied in the unit player, an offline one is attended and recorded by
-- the institution.
CREATE TABLE training_units (
  id {{pk}},
  course_id BIGINT NOT NULL REFERENCES training_courses (id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 6000),
  content TEXT NOT NULL DEFAULT '',
  UNIQUE (course_id, position)
);

-- The online quiz. `answer` (index into the JSON array `options`) never leaves the server.
CREATE TABLE training_questions (
  id {{pk}},
  course_id BIGINT NOT NULL REFERENCES training_courses (id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  options TEXT NOT NULL,
  answer INTEGER NOT NULL,
  UNIQUE (course_id, position)
);

-- One enrolment per worker and course: a completed course counts once however often it is reported.
CREATE TABLE training_enrolments (
  id {{pk}},
  course_id BIGINT NOT NULL REFERENCES training_courses (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  enrolled_by BIGINT REFERENCES users (id),
  enrolled_via TEXT NOT NULL CHECK (enrolled_via IN ('self', 'enterprise', 'official')),
  cohort TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'completed', 'passed', 'failed')),
  enrolled_at TEXT NOT NULL,
  completed_on TEXT,
  score INTEGER,
  assessed_on TEXT,
  assessed_by BIGINT REFERENCES users (id),
  quiz_attempts INTEGER NOT NULL DEFAULT 0,
  UNIQUE (course_id, worker_id)
);
CREATE INDEX training_enrolments_worker ON training_enrolments (worker_id);

CREATE TABLE training_unit_progress (
  enrolment_id BIGINT NOT NULL REFERENCES training_enrolments (id),
  unit_id BIGINT NOT NULL REFERENCES training_units (id),
  seconds INTEGER NOT NULL DEFAULT 0,
  done_at TEXT,
  recorded_by BIGINT REFERENCES users (id),
  PRIMARY KEY (enrolment_id, unit_id)
);

-- Study sessions of online units, timed by the server's clock (milliseconds since the epoch). A worker has
-- at most one active session: opening a unit ends her others, so no two sessions ever overlap.
CREATE TABLE training_sessions (
  id {{pk}},
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  enrolment_id BIGINT NOT NULL REFERENCES training_enrolments (id),
  unit_id BIGINT NOT NULL REFERENCES training_units (id),
  opened_ms BIGINT NOT NULL,
  last_beat_ms BIGINT NOT NULL,
  credited_seconds INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX training_sessions_worker ON training_sessions (worker_id, active);

-- One certificate per enrolment, signed with the service certificates' Ed25519 key.
CREATE TABLE training_certificates (
  id {{pk}},
  serial TEXT NOT NULL UNIQUE,
  enrolment_id BIGINT NOT NULL UNIQUE REFERENCES training_enrolments (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  course_id BIGINT NOT NULL REFERENCES training_courses (id),
  issued_on TEXT NOT NULL,
  token TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX training_certificates_worker ON training_certificates (worker_id);

-- Trainee-times (人次): one row per completed enrolment, with the facts the target is counted by as they were
-- on the day of completion (where she lived, her brand, sex, household flags). Append-only, so the progress
-- figures can be kept in memory and refreshed by id. Written only from an enrolment in the same transaction
-- (store::complete_enrolment); no foreign key, so the benchmark can fill it with 10 million rows alone.
CREATE TABLE training_completions (
  id {{pk}},
  enrolment_id BIGINT NOT NULL UNIQUE,
  worker_id BIGINT NOT NULL,
  course_id BIGINT NOT NULL,
  completed_day INTEGER NOT NULL,
  county_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  occupation_code TEXT NOT NULL,
  labour_brand_id BIGINT,
  woman INTEGER NOT NULL,
  poverty_alleviated INTEGER NOT NULL
);
CREATE INDEX training_completions_day ON training_completions (completed_day);

-- Targets per 市州 and period set by a province admin; without a row the default split applies.
CREATE TABLE training_targets (
  period TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  target INTEGER NOT NULL CHECK (target >= 0),
  set_by BIGINT REFERENCES users (id),
  set_at TEXT NOT NULL,
  PRIMARY KEY (period, prefecture_code)
);

-- 摸底调查: one current answer per worker (a later survey replaces it).
CREATE TABLE training_surveys (
  id {{pk}},
  worker_id BIGINT NOT NULL UNIQUE REFERENCES workers (id),
  prefecture_code TEXT NOT NULL,
  county_code TEXT NOT NULL,
  willing INTEGER NOT NULL,
  occupations TEXT NOT NULL DEFAULT '',
  can_leave_home INTEGER NOT NULL DEFAULT 0,
  available_from TEXT,
  prior_training TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  surveyed_by BIGINT REFERENCES users (id),
  surveyed_at TEXT NOT NULL
);
CREATE INDEX training_surveys_prefecture ON training_surveys (prefecture_code, willing);

CREATE TABLE training_competitions (
  id {{pk}},
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'city', 'county')),
  occupation_code TEXT REFERENCES occupations (code),
  held_on TEXT NOT NULL,
  prefecture_code TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL
);

CREATE TABLE training_competition_entrants (
  competition_id BIGINT NOT NULL REFERENCES training_competitions (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  award TEXT,
  entry_id BIGINT REFERENCES credit_entries (id),
  PRIMARY KEY (competition_id, worker_id)
);
