-- Platform: reference data, accounts, sessions, login throttling, audit log.
-- Dialect-neutral SQL; the runner replaces {{pk}} and {{blob}} per backend. Timestamps are UTC ISO-8601
-- text ('2026-11-29T09:00:00.000Z'), which sorts correctly in both databases.

CREATE TABLE provinces (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

-- GB/T 2260 divisions. Codes change from year to year: a row keeps valid_from/valid_to instead of being
-- deleted, so a code valid at a person's registration stays resolvable.
CREATE TABLE divisions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  parent_code TEXT,
  is_key_support_county INTEGER NOT NULL DEFAULT 0,
  is_relocation_settlement INTEGER NOT NULL DEFAULT 0,
  valid_from TEXT NOT NULL DEFAULT '2023-01-01',
  valid_to TEXT
);
CREATE INDEX divisions_parent ON divisions (parent_code, code);

CREATE TABLE occupations (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  category TEXT NOT NULL,
  scarce INTEGER NOT NULL DEFAULT 0,
  emerging INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE labour_brands (
  id {{pk}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  home_division_code TEXT NOT NULL REFERENCES divisions (code),
  occupations TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
  id {{pk}},
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('province_admin', 'department', 'city_officer', 'enterprise',
                                     'institution', 'worker', 'consumer')),
  division_code TEXT REFERENCES divisions (code),
  display_name TEXT NOT NULL DEFAULT '',
  department TEXT,
  enterprise_id BIGINT,
  institution_id BIGINT,
  worker_id BIGINT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);

-- Server-side sessions: the token itself is never stored, only its keyed hash.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins per account and per address, counted over a sliding window (shared by all instances).
CREATE TABLE login_failures (
  id {{pk}},
  scope TEXT NOT NULL,
  subject TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (scope, subject, at);

-- Every write and every read of sensitive personal data. Summaries never hold plaintext personal data.
CREATE TABLE audit_log (
  id {{pk}},
  at TEXT NOT NULL,
  request_id TEXT NOT NULL DEFAULT '',
  actor_user_id BIGINT,
  actor_username TEXT NOT NULL DEFAULT '',
  actor_role TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  object_type TEXT NOT NULL DEFAULT '',
  object_id TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  sensitive INTEGER NOT NULL DEFAULT 0,
  subject_worker_id BIGINT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_username, at);
CREATE INDEX audit_log_subject ON audit_log (subject_worker_id, at);

-- @csv data/divisions/provinces.csv: INSERT INTO provinces (code, name) VALUES (?, ?)
-- @csv data/divisions/gansu.csv: INSERT INTO divisions (code, name, level, parent_code) VALUES (?, ?, ?, ?)
-- @csv data/divisions/key_support_counties.csv: UPDATE divisions SET is_key_support_county = 1 WHERE code = ? AND name = ?
-- @csv data/occupations.csv: INSERT INTO occupations (code, name_zh, name_en, category, scarce, emerging) VALUES (?, ?, ?, ?, ?, ?)
-- @csv data/labour_brands.csv: INSERT INTO labour_brands (code, name, home_division_code, occupations) VALUES (?, ?, ?, ?)
