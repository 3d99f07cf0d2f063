-- Provenance (issue 10): every credit entry and household flag says who asserted it — account, role and
-- organisation as they were at the time — and whether that assertion counts as independent, by the one table
-- in src/credit/provenance.cpp (docs/credit-score.md). Issuers: health-check providers (体检机构) and insurers
-- (保险机构), registered by officials, with their health checks and insurance policies.
--
-- The role lists of users.role and credit_entries.source_type gain the issuers (@check-in, src/db/migrate.hpp):
-- @check-in users.role: 'province_admin', 'department', 'city_officer', 'enterprise', 'institution', 'worker', 'consumer', 'health_provider', 'insurer'
-- @check-in credit_entries.source_type: 'self', 'enterprise', 'institution', 'hospital', 'official', 'consumer', 'platform', 'insurer'

CREATE TABLE issuers (
  id {{pk}},
  type TEXT NOT NULL CHECK (type IN ('health_provider', 'insurer')),
  name TEXT NOT NULL,
  uscc TEXT NOT NULL DEFAULT '',
  division_code TEXT NOT NULL REFERENCES divisions (code),
  registered_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  UNIQUE (type, name)
);

ALTER TABLE users ADD COLUMN issuer_id BIGINT REFERENCES issuers (id);

-- Who asserted an entry: the role and organisation of the recording account when it was written ('' when
-- unknown, e.g. entries written before this migration by a process rather than a person).
ALTER TABLE credit_entries ADD COLUMN asserted_role TEXT NOT NULL DEFAULT '';
ALTER TABLE credit_entries ADD COLUMN asserted_organisation TEXT NOT NULL DEFAULT '';
UPDATE credit_entries SET asserted_role = COALESCE((SELECT u.role FROM users u WHERE u.id = credit_entries.recorded_by), '');
UPDATE credit_entries SET asserted_role = 'worker' WHERE asserted_role = '' AND source_type = 'self';
-- Existing rows under the new table: an enterprise's (or an unknown asserter's) word on a health check or an
-- insurance policy is a claim, and so is an enterprise's record of a job outside its own 市州 province-wide
-- (out of province).
UPDATE credit_entries SET independent = 0
  WHERE kind IN ('health_check', 'insurance') AND asserted_role NOT IN ('province_admin', 'city_officer');
UPDATE credit_entries SET independent = 0
  WHERE kind = 'employment' AND asserted_role IN ('enterprise', '') AND details LIKE '%"cross_province":true%';
UPDATE employments SET independent = (SELECT ce.independent FROM credit_entries ce WHERE ce.id = employments.entry_id);

-- Household flags (脱贫人口, 监测帮扶对象): whether the flag as it stands was asserted independently (a 市州
-- officer of her 市州, a province official, or the monitoring list imported by an official). Existing flags
-- have no known asserter: claims until an official confirms them.
ALTER TABLE workers ADD COLUMN poverty_alleviated_verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN monitored_verified INTEGER NOT NULL DEFAULT 0;
CREATE TABLE worker_flag_assertions (
  id {{pk}},
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  flag TEXT NOT NULL CHECK (flag IN ('poverty_alleviated', 'monitored')),
  value INTEGER NOT NULL,
  independent INTEGER NOT NULL,
  asserted_by BIGINT REFERENCES users (id),
  asserted_role TEXT NOT NULL DEFAULT '',
  asserted_organisation TEXT NOT NULL DEFAULT '',
  via TEXT NOT NULL DEFAULT 'form' CHECK (via IN ('form', 'import', 'confirm', 'migration')),
  evidence TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX worker_flag_assertions_worker ON worker_flag_assertions (worker_id, flag, id);

-- Health checks as the provider records them (level after 商服贸规函〔2020〕191号). No lab values: the result
-- (pass / fail / recheck) is health data and lives only encrypted in the credit entry's details_enc.
CREATE TABLE health_checks (
  id {{pk}},
  issuer_id BIGINT NOT NULL REFERENCES issuers (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  level TEXT NOT NULL CHECK (level IN ('general', 'home', 'elderly_care', 'maternity')),
  checked_on TEXT NOT NULL,
  valid_until TEXT,
  report_no TEXT NOT NULL DEFAULT '',
  entry_id BIGINT NOT NULL REFERENCES credit_entries (id),
  recorded_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  UNIQUE (issuer_id, report_no, worker_id)
);
CREATE INDEX health_checks_worker ON health_checks (worker_id, checked_on);

-- Insurance policies as the insurer records them; insured persons change only by endorsement (批改).
CREATE TABLE insurance_policies (
  id {{pk}},
  issuer_id BIGINT NOT NULL REFERENCES issuers (id),
  policy_no TEXT NOT NULL,
  product TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('accident', 'liability', 'employer_liability', 'work_injury')),
  limit_per_person INTEGER NOT NULL,
  premium INTEGER NOT NULL,
  paid_by TEXT NOT NULL CHECK (paid_by IN ('enterprise', 'worker', 'government', 'other')),
  payer_name TEXT NOT NULL DEFAULT '',
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  recorded_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (issuer_id, policy_no)
);
CREATE TABLE insured_persons (
  id {{pk}},
  policy_id BIGINT NOT NULL REFERENCES insurance_policies (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  covered_from TEXT NOT NULL,
  covered_until TEXT NOT NULL,
  entry_id BIGINT NOT NULL REFERENCES credit_entries (id),
  removed_by_endorsement BIGINT
);
CREATE INDEX insured_persons_policy ON insured_persons (policy_id, worker_id);
CREATE INDEX insured_persons_worker ON insured_persons (worker_id);
CREATE TABLE policy_endorsements (
  id {{pk}},
  policy_id BIGINT NOT NULL REFERENCES insurance_policies (id),
  endorsement_no TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  removed_worker_id BIGINT REFERENCES workers (id),
  added_worker_id BIGINT REFERENCES workers (id),
  recorded_by BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL,
  UNIQUE (policy_id, endorsement_no)
);
