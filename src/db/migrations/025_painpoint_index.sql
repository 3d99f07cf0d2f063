-- Supervision (docs/supervision.md): the pain points' in-memory index follows survey answers by the time they
-- were last written; this keeps each refresh to the answers written since the last one.
CREATE INDEX willingness_surveys_surveyed ON willingness_surveys (surveyed_at);
