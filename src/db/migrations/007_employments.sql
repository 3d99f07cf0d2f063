-- Employment records as rows (a projection of the credit file's employment entries): the subsidy rules, the
-- matching engine's experience and the labour-transfer statistics read these columns instead of parsing each
-- entry's details. Written in the same transaction as the entry (credit::Store::insert_entry and the demo bulk
-- writer); its status follows the entry's (active / disputed / withdrawn), so a withdrawn job stops counting
-- and anything paid on it can be flagged. Never edited on its own.
CREATE TABLE employments (
  entry_id BIGINT PRIMARY KEY REFERENCES credit_entries (id),
  worker_id BIGINT NOT NULL REFERENCES workers (id),
  employer_enterprise_id BIGINT REFERENCES enterprises (id),
  employer TEXT NOT NULL,
  occupation_code TEXT NOT NULL,
  -- In Gansu: the division (county or 市州) and province '62'. Elsewhere: place_other as written and the
  -- province it names ('61' 陕西, '64' 宁夏 …), or '' when it names none.
  place_division_code TEXT,
  place_province_code TEXT NOT NULL DEFAULT '',
  place_other TEXT,
  start_date TEXT NOT NULL,
  end_date TEXT,
  monthly_wage INTEGER,
  independent INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disputed', 'withdrawn')),
  updated_at TEXT NOT NULL
);
CREATE INDEX employments_worker ON employments (worker_id, start_date);
CREATE INDEX employments_start ON employments (start_date);
CREATE INDEX employments_updated ON employments (updated_at);
