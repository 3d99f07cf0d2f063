-- Forged-token verifications counted per hour instead of one audit row each (issue 13: 310,462 requests
-- with forged tokens added 310,471 audit rows in 10 s). The first forged verification of each hour and
-- channel is still written to audit_log; this row counts all of them.
CREATE TABLE verification_counts (
  hour TEXT NOT NULL,             -- UTC hour, 2026-12-04T22
  object_id TEXT NOT NULL,        -- the serial asked for ('' when a token was scanned)
  summary TEXT NOT NULL,          -- result=forged via=token|page|serial
  views BIGINT NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (hour, object_id, summary)
);
