-- Parts of a unit (issue 16): what a worker studies in one sitting on her phone, at most 15 minutes each —
-- text, a picture, an optional video. A unit's length is the sum of its parts, a course's hours the sum of its
-- units. Parts are studied in order; part k is done once the unit's credited seconds reach its end. A unit
-- stored before parts existed has none: it is read as split evenly into parts of at most 15 minutes
-- (training/parts.hpp).
CREATE TABLE training_unit_parts (
  id {{pk}},
  unit_id BIGINT NOT NULL REFERENCES training_units (id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 15),
  body TEXT NOT NULL DEFAULT '',
  image TEXT NOT NULL DEFAULT '',
  image_alt TEXT NOT NULL DEFAULT '',
  video_url TEXT NOT NULL DEFAULT '',
  UNIQUE (unit_id, position)
);

-- The part a study session is for (1-based): its heartbeats are credited up to that part's end only.
ALTER TABLE training_sessions ADD COLUMN part INTEGER NOT NULL DEFAULT 1;
