-- An operator's retried POST /v1/broadcasts (same Idempotency-Key) answers the first broadcast instead of sending again.
ALTER TABLE broadcasts ADD COLUMN idempotency_key text UNIQUE;
