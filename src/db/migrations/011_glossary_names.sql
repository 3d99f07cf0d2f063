-- Table names as the glossary (../shared/docs/glossary.md) names the things: 摸底调查 is a willingness survey,
-- 发放批次 a payment batch. Renamed rather than re-created so databases made with 008/010 keep their rows.
ALTER TABLE training_surveys RENAME TO willingness_surveys;
ALTER TABLE subsidy_batches RENAME TO payment_batches;
ALTER TABLE subsidy_batch_items RENAME TO payment_batch_items;
