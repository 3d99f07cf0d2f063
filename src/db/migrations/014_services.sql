-- Household services (issue 11, docs/services.md): orders a household books with a listed enterprise, the
-- worker the enterprise proposes (and every replacement, as a chain), model contracts as versioned data with
-- each party's confirmation, the Gansu minimum wage as dated rows, and reviews tied to an order.

-- service_type is an occupation code: elderly_care 养老, infant_care 育幼, housekeeping 保洁,
-- maternity_care 母婴/月嫂, home_cooking 烹饪, patient_escort 病患陪护.
CREATE TABLE service_orders (
  id {{pk}},
  consumer_user_id BIGINT NOT NULL REFERENCES users (id),
  enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
  worker_id BIGINT REFERENCES workers (id),
  service_type TEXT NOT NULL REFERENCES occupations (code),
  mode TEXT NOT NULL CHECK (mode IN ('live_in', 'day', 'hourly')),
  county_code TEXT NOT NULL REFERENCES divisions (code),
  prefecture_code TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'proposed', 'accepted', 'contracted', 'in_service', 'completed', 'cancelled')),
  start_by_consumer INTEGER NOT NULL DEFAULT 0,
  start_by_enterprise INTEGER NOT NULL DEFAULT 0,
  complete_by_consumer INTEGER NOT NULL DEFAULT 0,
  complete_by_enterprise INTEGER NOT NULL DEFAULT 0,
  started_on TEXT,
  completed_on TEXT,
  cancel_reason TEXT NOT NULL DEFAULT '',
  cancelled_by_role TEXT NOT NULL DEFAULT '',
  employment_entry_id BIGINT REFERENCES credit_entries (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX service_orders_consumer ON service_orders (consumer_user_id, id);
CREATE INDEX service_orders_enterprise ON service_orders (enterprise_id, id);
CREATE INDEX service_orders_worker ON service_orders (worker_id, status);
CREATE INDEX service_orders_prefecture ON service_orders (prefecture_code, id);

-- Who was proposed for an order, and who replaced whom (换人): each row points at the one it replaces.
CREATE TABLE service_order_assignments (
  id {{pk}},
  order_id BIGINT NOT NULL REFERENCES service_orders (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined', 'replaced')),
  replaces_id BIGINT REFERENCES service_order_assignments (id),
  reason TEXT NOT NULL DEFAULT '',
  proposed_at TEXT NOT NULL,
  accepted_at TEXT,
  ended_at TEXT
);
CREATE INDEX service_order_assignments_order ON service_order_assignments (order_id, id);

-- Model contracts (商务部 2014 员工制 / 中介制): a template is versioned; each version's clauses are rows.
CREATE TABLE contract_templates (
  id {{pk}},
  code TEXT NOT NULL CHECK (code IN ('employee_based', 'intermediary')),
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  UNIQUE (code, version)
);
CREATE TABLE contract_template_clauses (
  template_code TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  heading TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (template_code, template_version, seq)
);
-- @csv data/contracts/templates.csv: INSERT INTO contract_templates (code, version, title, source, created_at) VALUES (?, ?, ?, ?, ?)
-- @csv data/contracts/clauses.csv: INSERT INTO contract_template_clauses (template_code, template_version, seq, heading, body) VALUES (?, ?, ?, ?, ?)

-- One version of an order's contract. Never edited once a party confirmed it: a change is a new version.
CREATE TABLE service_contracts (
  id {{pk}},
  order_id BIGINT NOT NULL REFERENCES service_orders (id),
  version INTEGER NOT NULL,
  template_code TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  fields TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed', 'superseded')),
  created_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  confirmed_at TEXT,
  UNIQUE (order_id, version)
);
CREATE TABLE service_contract_confirmations (
  contract_id BIGINT NOT NULL REFERENCES service_contracts (id),
  party TEXT NOT NULL CHECK (party IN ('consumer', 'enterprise', 'worker')),
  user_id BIGINT NOT NULL REFERENCES users (id),
  digest TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (contract_id, party)
);

-- The Gansu minimum wage (data/README.md names the source of every row and which are unverified).
CREATE TABLE min_wage_standards (
  tier INTEGER NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  monthly INTEGER NOT NULL,
  hourly_tenths INTEGER NOT NULL,
  source TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tier, valid_from)
);
-- @csv data/min_wage/standards.csv: INSERT INTO min_wage_standards (tier, valid_from, valid_to, monthly, hourly_tenths, source, verified) VALUES (?, ?, NULLIF(?, ''), ?, ?, ?, ?)
-- Which tier a county is in. Empty until an official text is at hand: counties without a row use the
-- highest standard in force (data/README.md).
CREATE TABLE min_wage_county_tiers (
  county_code TEXT NOT NULL REFERENCES divisions (code),
  valid_from TEXT NOT NULL,
  tier INTEGER NOT NULL,
  source TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (county_code, valid_from)
);

-- A household's review of a completed order (one per order); the credit entry it made.
CREATE TABLE service_order_reviews (
  order_id BIGINT PRIMARY KEY REFERENCES service_orders (id),
  review_id BIGINT NOT NULL REFERENCES reviews (id),
  created_at TEXT NOT NULL
);
