-- The registry around enterprises and workers (product sections 1-2): what enterprises offer, their listing
-- on the provincial integrity platform with its history, labour-brand membership, labour-transfer bases,
-- training institutions, community service points and their members, and workers' photos.
-- Contact phones are personal data: stored only encrypted (*_enc, listed in security/encrypted_columns.hpp)
-- and shown by their mask.

-- A code whose GB 32100 check character fails is accepted but held: listing waits until an official
-- approves it explicitly (some codes from the early pilots fail the check).
ALTER TABLE enterprises ADD COLUMN held_for_review INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enterprises ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX enterprises_name ON enterprises (name);

CREATE TABLE enterprise_occupations (
  enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  occupation_code TEXT NOT NULL REFERENCES occupations (code),
  PRIMARY KEY (enterprise_id, occupation_code)
);
CREATE INDEX enterprise_occupations_code ON enterprise_occupations (occupation_code, enterprise_id);

-- Enterprises that are members of a labour brand (a worker's own brand is workers.labour_brand_id).
CREATE TABLE enterprise_brands (
  enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  labour_brand_id BIGINT NOT NULL REFERENCES labour_brands (id),
  joined_at TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, labour_brand_id)
);
CREATE INDEX enterprise_brands_brand ON enterprise_brands (labour_brand_id, enterprise_id);

-- Every change of listing status, with who made it and why (the first event is the application).
CREATE TABLE enterprise_listing_events (
  id {{pk}},
  enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  from_status TEXT,
  status TEXT NOT NULL CHECK (status IN ('applied', 'approved', 'suspended')),
  reason TEXT NOT NULL DEFAULT '',
  actor_user_id BIGINT REFERENCES users (id),
  actor_username TEXT NOT NULL DEFAULT '',
  actor_role TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX enterprise_listing_events_enterprise ON enterprise_listing_events (enterprise_id, id);

-- 劳务输转基地: where cohorts of workers are recruited and sent; often run by an enterprise.
CREATE TABLE transfer_bases (
  id {{pk}},
  name TEXT NOT NULL,
  division_code TEXT NOT NULL REFERENCES divisions (code),
  prefecture_code TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone_enc {{blob}},
  contact_phone_mask TEXT,
  enterprise_id BIGINT REFERENCES enterprises (id),
  labour_brand_id BIGINT REFERENCES labour_brands (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX transfer_bases_prefecture ON transfer_bases (prefecture_code);

CREATE TABLE transfer_base_workers (
  base_id BIGINT NOT NULL REFERENCES transfer_bases (id) ON DELETE CASCADE,
  worker_id BIGINT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  joined_at TEXT NOT NULL,
  PRIMARY KEY (base_id, worker_id)
);
CREATE INDEX transfer_base_workers_worker ON transfer_base_workers (worker_id);

-- 培训机构: schools, 社会评价机构 (skill-assessment bodies) and enterprises' own training centres.
-- Their trainees are the training module's enrolments; accounts link through users.institution_id.
CREATE TABLE institutions (
  id {{pk}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'school' CHECK (kind IN ('school', 'assessment_body', 'enterprise_centre', 'other')),
  uscc TEXT,
  division_code TEXT NOT NULL REFERENCES divisions (code),
  prefecture_code TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone_enc {{blob}},
  contact_phone_mask TEXT,
  occupations TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX institutions_prefecture ON institutions (prefecture_code);

-- 社区网点: the community service points where households meet workers; often run by an enterprise.
CREATE TABLE service_points (
  id {{pk}},
  name TEXT NOT NULL,
  division_code TEXT NOT NULL REFERENCES divisions (code),
  prefecture_code TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone_enc {{blob}},
  contact_phone_mask TEXT,
  enterprise_id BIGINT REFERENCES enterprises (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX service_points_prefecture ON service_points (prefecture_code);

CREATE TABLE service_point_workers (
  point_id BIGINT NOT NULL REFERENCES service_points (id) ON DELETE CASCADE,
  worker_id BIGINT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  joined_at TEXT NOT NULL,
  PRIMARY KEY (point_id, worker_id)
);
CREATE INDEX service_point_workers_worker ON service_point_workers (worker_id);

-- One photo per worker (shown on the public verification page), JPEG or PNG, at most 2 MB.
CREATE TABLE worker_photos (
  worker_id BIGINT PRIMARY KEY REFERENCES workers (id) ON DELETE CASCADE,
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  data {{blob}} NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX workers_name ON workers (name);
CREATE INDEX workers_brand ON workers (labour_brand_id);
CREATE INDEX worker_occupations_code ON worker_occupations (occupation_code, worker_id);
