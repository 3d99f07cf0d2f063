-- Subsidies paid without application (免申预付, product section 6): policy rules as versioned data, payment
-- batches with their frozen eligible lists and evidence, and payments. The default rules (data/policies/*.toml)
-- are loaded as version 1 when the server first starts (subsidy::install_default_policies).

-- Every saved version of a rule, as its TOML source; the current rule is the highest version.
CREATE TABLE subsidy_rule_versions (
  id {{pk}},
  policy_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (policy_id, version)
);

-- Who founded which registered enterprise (the fact behind 一次性创业补贴: the registry has no legal
-- representative field). Recorded by officials; founded_on is the enterprise's registration on the platform.
CREATE TABLE subsidy_enterprise_founders (
  enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, worker_id)
);
CREATE INDEX subsidy_enterprise_founders_worker ON subsidy_enterprise_founders (worker_id);

-- A payment batch (发放批次): made by one official (maker), approved or rejected by another (checker).
-- prefecture_code '' = the whole province (province admin only). The same maker and Idempotency-Key name one
-- batch, so a retried request returns it instead of making another.
CREATE TABLE subsidy_batches (
  id {{pk}},
  policy_id TEXT NOT NULL,
  rule_version INTEGER NOT NULL,
  period TEXT NOT NULL,
  prefecture_code TEXT NOT NULL DEFAULT '',
  as_of TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  people INTEGER NOT NULL,
  total_yuan BIGINT NOT NULL,
  maker_user_id BIGINT NOT NULL REFERENCES users (id),
  maker_name TEXT NOT NULL,
  checker_user_id BIGINT REFERENCES users (id),
  checker_name TEXT,
  decided_at TEXT,
  reason TEXT,
  idempotency_key TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (maker_user_id, idempotency_key)
);
CREATE INDEX subsidy_batches_policy ON subsidy_batches (policy_id, period);

-- The eligible list as frozen when the batch was made: amount, case and the evidence (JSON: each condition,
-- the values it read and the record behind them). Never changed afterwards.
CREATE TABLE subsidy_batch_items (
  batch_id BIGINT NOT NULL REFERENCES subsidy_batches (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  prefecture_code TEXT NOT NULL,
  yuan BIGINT NOT NULL,
  case_label TEXT NOT NULL,
  employment_entry_id BIGINT,
  enterprise_id BIGINT,
  evidence TEXT NOT NULL,
  reference TEXT NOT NULL UNIQUE,
  PRIMARY KEY (batch_id, worker_id)
);

-- One payment per person, rule and period: the UNIQUE constraint is what makes a second payment impossible,
-- whatever the code does, also under concurrent batch creation. A payment is claimed when its batch is made
-- (pending), issued on approval, paid or failed from the bank's result; a rejected batch releases its claims
-- (its items stay as the record). A correction to the record behind a payment (its employment withdrawn or
-- disputed) sets review_flag instead of changing the payment.
CREATE TABLE subsidy_payments (
  id {{pk}},
  batch_id BIGINT NOT NULL REFERENCES subsidy_batches (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  policy_id TEXT NOT NULL,
  period TEXT NOT NULL,
  yuan BIGINT NOT NULL,
  reference TEXT NOT NULL UNIQUE,
  employment_entry_id BIGINT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'issued', 'paid', 'failed')),
  bank_message TEXT,
  issued_at TEXT,
  settled_at TEXT,
  review_flag INTEGER NOT NULL DEFAULT 0,
  review_reason TEXT,
  flagged_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (worker_id, policy_id, period)
);
CREATE INDEX subsidy_payments_batch ON subsidy_payments (batch_id);
CREATE INDEX subsidy_payments_policy ON subsidy_payments (policy_id, period);
CREATE INDEX subsidy_payments_entry ON subsidy_payments (employment_entry_id);
