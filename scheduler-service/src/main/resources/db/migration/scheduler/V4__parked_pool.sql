-- The pool of parked workers: idle machines suspended instead of destroyed, resumed before new ones are created.
ALTER TABLE workers DROP CONSTRAINT workers_status_check;
ALTER TABLE workers ADD CONSTRAINT workers_status_check
    CHECK (status IN ('active', 'draining', 'stopping', 'stopped', 'parking', 'parked'));

-- One park cycle per park; suspend and resume commands are retried in rounds within a cycle.
ALTER TABLE workers
    ADD COLUMN park_cycle           int NOT NULL DEFAULT 0,
    ADD COLUMN suspend_round        int NOT NULL DEFAULT 0,
    ADD COLUMN suspend_sent_at      timestamptz,
    ADD COLUMN suspend_confirmed_at timestamptz,
    ADD COLUMN resumed_at           timestamptz,
    ADD COLUMN resume_round         int NOT NULL DEFAULT 0,
    ADD COLUMN resume_sent_at       timestamptz,
    ADD COLUMN resume_confirmed_at  timestamptz;
