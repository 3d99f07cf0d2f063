-- Gansu's minimum wage by county tier (issue 11, data/README.md "min_wage"). The four-tier standard of
-- 甘政办发〔2023〕83号 is now checked against the notice (from 2023-11-01, not the placeholder 2021-01-01 that
-- migration 014 loaded), so the standards are reloaded from the corrected file; and the counties' tiers of that
-- notice are loaded with the period they hold for. A tier list belongs to one standard (the three-tier standard
-- reported from 2025-12-01 groups counties differently), hence valid_to: a county without a row for the day
-- falls back to the highest standard in force (services::Store::min_wage).
DELETE FROM min_wage_standards;
ALTER TABLE min_wage_county_tiers ADD COLUMN valid_to TEXT;
-- @csv data/min_wage/standards.csv: INSERT INTO min_wage_standards (tier, valid_from, valid_to, monthly, hourly_tenths, source, verified) VALUES (?, ?, NULLIF(?, ''), ?, ?, ?, ?)
-- @csv data/min_wage/county_tiers.csv: INSERT INTO min_wage_county_tiers (county_code, valid_from, valid_to, tier, source, verified) VALUES (?, ?, NULLIF(?, ''), ?, ?, ?)
