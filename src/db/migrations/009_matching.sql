-- Supply and demand (product section 3): job postings, recruitment events, consumer service requests,
-- contact requests, labour-transfer plans; and the indexes the matching engine's change follower reads
-- (every instance polls workers.updated_at and credit_scores.computed_at to keep its in-memory index current).

CREATE TABLE recruitment_events (
  id {{pk}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('job_fair', 'campus')),
  division_code TEXT NOT NULL REFERENCES divisions (code),
  prefecture_code TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  organiser_user_id BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX recruitment_events_prefecture ON recruitment_events (prefecture_code, starts_on);

-- A job posting. The place is a Gansu county (place_division_code, prefecture_code set) or another
-- province and city (place_province_code <> '62', place_city), for East–West cooperation.
CREATE TABLE jobs (
  id {{pk}},
  enterprise_id BIGINT REFERENCES enterprises (id),
  employer TEXT NOT NULL,
  event_id BIGINT REFERENCES recruitment_events (id),
  title TEXT NOT NULL,
  occupation_code TEXT NOT NULL REFERENCES occupations (code),
  place_division_code TEXT,
  place_province_code TEXT NOT NULL,
  place_city TEXT NOT NULL DEFAULT '',
  prefecture_code TEXT NOT NULL DEFAULT '',
  live_in INTEGER NOT NULL DEFAULT 0,
  wage_min INTEGER NOT NULL DEFAULT 0,
  wage_max INTEGER NOT NULL DEFAULT 0,
  openings INTEGER NOT NULL DEFAULT 1 CHECK (openings BETWEEN 1 AND 100000),
  min_level INTEGER NOT NULL DEFAULT 1 CHECK (min_level BETWEEN 1 AND 4),
  requires_certificate INTEGER NOT NULL DEFAULT 0,
  requires_health_check INTEGER NOT NULL DEFAULT 0,
  min_experience_years INTEGER NOT NULL DEFAULT 0,
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  description TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users (id),
  created_by_role TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_feed ON jobs (status, valid_until, prefecture_code, occupation_code);
CREATE INDEX jobs_enterprise ON jobs (enterprise_id, status);
CREATE INDEX jobs_event ON jobs (event_id);

CREATE TABLE service_requests (
  id {{pk}},
  consumer_user_id BIGINT NOT NULL REFERENCES users (id),
  occupation_code TEXT NOT NULL REFERENCES occupations (code),
  county_code TEXT NOT NULL REFERENCES divisions (code),
  prefecture_code TEXT NOT NULL,
  schedule TEXT NOT NULL DEFAULT '',
  budget INTEGER NOT NULL DEFAULT 0,
  live_in INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX service_requests_consumer ON service_requests (consumer_user_id, created_at);

-- An enterprise asks to contact a candidate about a job; until she accepts, it sees her public profile only.
CREATE TABLE contact_requests (
  id {{pk}},
  job_id BIGINT NOT NULL REFERENCES jobs (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  enterprise_id BIGINT REFERENCES enterprises (id),
  status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'accepted', 'declined')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (job_id, worker_id)
);
CREATE INDEX contact_requests_worker ON contact_requests (worker_id, status);

CREATE TABLE transfer_plans (
  id {{pk}},
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
  base_id BIGINT REFERENCES transfer_bases (id),
  prefecture_code TEXT NOT NULL DEFAULT '',
  cohort TEXT NOT NULL DEFAULT '{}',
  cohort_size INTEGER NOT NULL DEFAULT 0,
  total_score DOUBLE PRECISION NOT NULL DEFAULT 0,
  greedy_score DOUBLE PRECISION NOT NULL DEFAULT 0,
  greedy_pairs INTEGER NOT NULL DEFAULT 0,
  solve_ms DOUBLE PRECISION NOT NULL DEFAULT 0,
  openings TEXT NOT NULL DEFAULT '[]',
  created_by BIGINT REFERENCES users (id),
  approved_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  approved_at TEXT
);
CREATE INDEX transfer_plans_prefecture ON transfer_plans (prefecture_code, created_at);

CREATE TABLE transfer_plan_pairs (
  plan_id BIGINT NOT NULL REFERENCES transfer_plans (id) ON DELETE CASCADE,
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  job_id BIGINT NOT NULL REFERENCES jobs (id),
  score DOUBLE PRECISION NOT NULL,
  entry_id BIGINT REFERENCES credit_entries (id),
  PRIMARY KEY (plan_id, worker_id)
);

-- The matching engine's change follower (src/matching/engine.cpp).
CREATE INDEX workers_updated ON workers (updated_at);
CREATE INDEX credit_scores_computed ON credit_scores (computed_at);
