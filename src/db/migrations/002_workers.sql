-- Market entities and workers: the start of the registry (product sections 1-2). Personal data (ID number,
-- phone) is stored only encrypted (*_enc), looked up by keyed blind index (*_bidx), listed by its mask.

CREATE TABLE enterprises (
  id {{pk}},
  uscc TEXT NOT NULL UNIQUE,
  uscc_check_ok INTEGER NOT NULL DEFAULT 1,
  name TEXT NOT NULL,
  division_code TEXT NOT NULL REFERENCES divisions (code),
  prefecture_code TEXT NOT NULL,
  model TEXT NOT NULL CHECK (model IN ('employee_based', 'intermediary', 'mixed')),
  is_leading INTEGER NOT NULL DEFAULT 0,
  listing_status TEXT NOT NULL DEFAULT 'applied' CHECK (listing_status IN ('applied', 'approved', 'suspended')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX enterprises_prefecture ON enterprises (prefecture_code);

CREATE TABLE workers (
  id {{pk}},
  public_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  id_number_enc {{blob}} NOT NULL,
  id_number_bidx {{blob}} NOT NULL UNIQUE,
  id_number_mask TEXT NOT NULL,
  phone_enc {{blob}},
  phone_bidx {{blob}},
  phone_mask TEXT,
  gender TEXT NOT NULL CHECK (gender IN ('F', 'M')),
  birth_date TEXT NOT NULL,
  native_division_code TEXT NOT NULL,
  current_division_code TEXT NOT NULL REFERENCES divisions (code),
  prefecture_code TEXT NOT NULL,
  poverty_alleviated INTEGER NOT NULL DEFAULT 0,
  monitored INTEGER NOT NULL DEFAULT 0,
  relocated INTEGER NOT NULL DEFAULT 0,
  rural_migrant INTEGER NOT NULL DEFAULT 0,
  new_entrant INTEGER NOT NULL DEFAULT 0,
  graduate INTEGER NOT NULL DEFAULT 0,
  live_in INTEGER NOT NULL DEFAULT 0,
  hours_per_week INTEGER NOT NULL DEFAULT 40,
  expected_wage INTEGER NOT NULL DEFAULT 0,
  work_scope TEXT NOT NULL DEFAULT 'in_province' CHECK (work_scope IN ('home_county', 'in_province', 'cross_province')),
  preferred_cities TEXT NOT NULL DEFAULT '',
  labour_brand_id BIGINT REFERENCES labour_brands (id),
  enterprise_id BIGINT REFERENCES enterprises (id),
  identity_status TEXT NOT NULL DEFAULT 'unverified',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX workers_prefecture ON workers (prefecture_code);
CREATE INDEX workers_enterprise ON workers (enterprise_id);
CREATE INDEX workers_phone ON workers (phone_bidx);

CREATE TABLE worker_occupations (
  worker_id BIGINT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  occupation_code TEXT NOT NULL REFERENCES occupations (code),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  PRIMARY KEY (worker_id, occupation_code)
);
