-- The credit file (信用档案): every fact about a worker with its source, time and evidence, whether the
-- source is independent of the worker, its history, disputes, reviews, complaints, the computed score, and
-- the service certificates (居家上门服务证). Every module writes its facts here (training, employment …).

CREATE TABLE credit_entries (
  id {{pk}},
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  kind TEXT NOT NULL CHECK (kind IN ('identity_verification', 'background_check', 'health_check', 'training',
                                     'employment', 'review', 'complaint', 'insurance', 'competition')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disputed', 'withdrawn')),
  source_type TEXT NOT NULL CHECK (source_type IN ('self', 'enterprise', 'institution', 'hospital', 'official',
                                                   'consumer', 'platform')),
  source_id BIGINT,
  source_name TEXT NOT NULL DEFAULT '',
  independent INTEGER NOT NULL DEFAULT 0,
  recorded_by BIGINT REFERENCES users (id),
  occurred_on TEXT NOT NULL,
  valid_until TEXT,
  summary TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '{}',
  details_enc {{blob}},
  evidence TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX credit_entries_worker ON credit_entries (worker_id, kind, occurred_on);
CREATE INDEX credit_entries_expiry ON credit_entries (kind, valid_until);

-- The history of each entry: created, disputed, corrected, withdrawn, restored.
CREATE TABLE credit_entry_events (
  id {{pk}},
  entry_id BIGINT NOT NULL REFERENCES credit_entries (id),
  at TEXT NOT NULL,
  actor_user_id BIGINT REFERENCES users (id),
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX credit_entry_events_entry ON credit_entry_events (entry_id, at);

CREATE TABLE reviews (
  id {{pk}},
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  consumer_user_id BIGINT NOT NULL REFERENCES users (id),
  skill INTEGER NOT NULL CHECK (skill BETWEEN 1 AND 5),
  attitude INTEGER NOT NULL CHECK (attitude BETWEEN 1 AND 5),
  punctuality INTEGER NOT NULL CHECK (punctuality BETWEEN 1 AND 5),
  hygiene INTEGER NOT NULL CHECK (hygiene BETWEEN 1 AND 5),
  text TEXT NOT NULL DEFAULT '',
  entry_id BIGINT REFERENCES credit_entries (id),
  created_at TEXT NOT NULL
);
CREATE INDEX reviews_worker ON reviews (worker_id, created_at);

CREATE TABLE complaints (
  id {{pk}},
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  consumer_user_id BIGINT NOT NULL REFERENCES users (id),
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'investigating', 'upheld', 'rejected')),
  findings TEXT NOT NULL DEFAULT '',
  handled_by BIGINT REFERENCES users (id),
  entry_id BIGINT REFERENCES credit_entries (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX complaints_worker ON complaints (worker_id, status);

CREATE TABLE disputes (
  id {{pk}},
  entry_id BIGINT NOT NULL REFERENCES credit_entries (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
  resolution TEXT NOT NULL DEFAULT '',
  resolved_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX disputes_status ON disputes (status, created_at);

-- The score as last computed, with its components (JSON) so that a page never recomputes to explain it.
CREATE TABLE credit_scores (
  worker_id BIGINT PRIMARY KEY REFERENCES workers (id),
  score INTEGER NOT NULL,
  band TEXT NOT NULL CHECK (band IN ('A', 'B', 'C', 'D')),
  components TEXT NOT NULL,
  computed_at TEXT NOT NULL
);

CREATE TABLE service_certificates (
  id {{pk}},
  serial TEXT NOT NULL UNIQUE,
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  issued_by BIGINT REFERENCES users (id),
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  token TEXT NOT NULL,
  revoked_at TEXT,
  revoke_reason TEXT
);
CREATE INDEX service_certificates_worker ON service_certificates (worker_id);
CREATE INDEX service_certificates_expiry ON service_certificates (expires_on);
