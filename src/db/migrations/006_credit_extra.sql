-- Indexes for the credit file's workflows (schema in 004_credit.sql):
--   a dispute's entry history, the one-review-per-30-days check, complaint queues by status.
CREATE INDEX disputes_entry ON disputes (entry_id, id);
CREATE INDEX reviews_consumer ON reviews (worker_id, consumer_user_id, created_at);
CREATE INDEX complaints_status ON complaints (status, created_at);
