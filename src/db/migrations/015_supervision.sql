-- Supervision (docs/supervision.md): the dashboard's in-memory figures index follows each source table by the
-- time its rows last changed; these indexes keep each refresh to the rows changed since the last one.
CREATE INDEX enterprises_updated ON enterprises (updated_at);
CREATE INDEX credit_entries_updated ON credit_entries (updated_at);
CREATE INDEX complaints_updated ON complaints (updated_at);
CREATE INDEX subsidy_payments_settled ON subsidy_payments (settled_at);
CREATE INDEX service_certificates_revoked ON service_certificates (revoked_at);

-- Account management: when an official last set a one-time password for the account (created with one, or
-- reset). While password_changed_at is not later, the user must set her own before anything else.
ALTER TABLE users ADD COLUMN password_reset_at TEXT;
