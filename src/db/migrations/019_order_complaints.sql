-- Complaints and reviews tied to service orders (issue 11, docs/services.md "Complaints"). A complaint about an
-- order goes to the order's enterprise first (stage 'enterprise', reply due in 3 working days), then to the
-- 市州 officer of the order (stage 'officer': the enterprise missed the deadline, or the household did not accept
-- its reply), who ends it upheld or rejected through the existing status column; 'settled' when the household
-- accepted the enterprise's reply. Complaints filed before orders existed keep stage NULL and their old route.
ALTER TABLE complaints ADD COLUMN order_id BIGINT REFERENCES service_orders (id);
ALTER TABLE complaints ADD COLUMN enterprise_id BIGINT REFERENCES enterprises (id);
ALTER TABLE complaints ADD COLUMN order_prefecture TEXT;
ALTER TABLE complaints ADD COLUMN stage TEXT CHECK (stage IS NULL OR stage IN ('enterprise', 'officer', 'settled'));
ALTER TABLE complaints ADD COLUMN reply_due TEXT;
ALTER TABLE complaints ADD COLUMN enterprise_reply TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN replied_at TEXT;
ALTER TABLE complaints ADD COLUMN escalated_at TEXT;
ALTER TABLE complaints ADD COLUMN escalation TEXT NOT NULL DEFAULT '';
CREATE INDEX complaints_order ON complaints (order_id);
CREATE INDEX complaints_stage_due ON complaints (stage, reply_due);

-- The order a review is about; NULL for the reviews written before reviews needed an order (they stay on file,
-- marked "not tied to an order", and weigh less in the score: docs/credit-score.md).
ALTER TABLE reviews ADD COLUMN order_id BIGINT REFERENCES service_orders (id);
UPDATE reviews SET order_id = (SELECT s.order_id FROM service_order_reviews s WHERE s.review_id = reviews.id);
