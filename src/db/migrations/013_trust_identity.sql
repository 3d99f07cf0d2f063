-- Identity stays bound, masks that do not rebuild, batches a maker can withdraw (issue 10).
--
-- The SHA-256 (hex) of a worker's photo, written with the photo; a service certificate records the digest of
-- the photo it was issued with, and the verify page shows the photo only while the two still agree.
-- Photos stored before this migration have no digest: certificates issued from now on compute it.
ALTER TABLE worker_photos ADD COLUMN sha256 TEXT;
ALTER TABLE service_certificates ADD COLUMN photo_sha256 TEXT;

-- The stored ID-number mask keeps the first 4 characters (the prefecture) and only the last 2, so that it
-- cannot be combined with the birth date and the native county to rebuild the number (docs/api.md, "Masks").
UPDATE workers SET id_number_mask = SUBSTR(id_number_mask, 1, 4) || '************' || SUBSTR(id_number_mask, 17, 2)
  WHERE LENGTH(id_number_mask) = 18;
UPDATE workers SET id_number_mask = SUBSTR(id_number_mask, 1, 4) || '*********' || SUBSTR(id_number_mask, 14, 2)
  WHERE LENGTH(id_number_mask) = 15;

-- A maker may withdraw her pending batch: it closes like a rejected one (its claims released) and records
-- when; the API shows its status as "withdrawn".
ALTER TABLE payment_batches ADD COLUMN withdrawn_at TEXT;
