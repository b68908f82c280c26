-- Provider commands are event-sourced: command_events is the append-only history, commands its projection.
CREATE TABLE command_events (
    id              BIGSERIAL PRIMARY KEY,
    command_id      TEXT        NOT NULL,
    status          TEXT        NOT NULL,  -- requested | running | volume-created | succeeded | retrying | failed
    attempt         INT         NOT NULL,
    machine_id      TEXT,
    volume_id       TEXT,
    error           TEXT,
    error_code      TEXT,
    next_attempt_at TIMESTAMPTZ,
    at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX command_events_by_command ON command_events (command_id, id);

CREATE TABLE commands (
    command_id      TEXT PRIMARY KEY,
    action          TEXT        NOT NULL,
    app_name        TEXT        NOT NULL,
    worker_id       TEXT,
    request         JSONB       NOT NULL,  -- the command's data as received
    status          TEXT        NOT NULL,
    attempt         INT         NOT NULL DEFAULT 0,
    machine_id      TEXT,
    volume_id       TEXT,
    last_error      TEXT,
    error_code      TEXT,
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- the recovery sweep looks for unfinished commands that are due
CREATE INDEX commands_unfinished ON commands (next_attempt_at) WHERE status IN ('requested', 'running', 'retrying');

-- Last observed provider state, so inventory sync publishes changes only.
CREATE TABLE machines (
    machine_id  TEXT PRIMARY KEY,
    app_name    TEXT        NOT NULL,
    state       TEXT        NOT NULL,
    worker_id   TEXT,
    command_id  TEXT,
    volume_id   TEXT,
    region      TEXT,
    instance_id TEXT,
    observed_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE volumes (
    volume_id           TEXT PRIMARY KEY,
    app_name            TEXT        NOT NULL,
    name                TEXT,
    state               TEXT        NOT NULL,
    size_gb             INT,
    attached_machine_id TEXT,
    observed_at         TIMESTAMPTZ NOT NULL
);

-- Projection of worker.status-changed (af.scheduler.fleet.v1): which workers should have a machine.
CREATE TABLE workers (
    worker_id  TEXT PRIMARY KEY,
    status     TEXT        NOT NULL,
    machine_id TEXT,
    app_name   TEXT,
    changed_at TIMESTAMPTZ NOT NULL
);

-- Orphans already reported, so each is reported once until it resolves.
CREATE TABLE orphans (
    kind        TEXT        NOT NULL,
    ref         TEXT        NOT NULL,
    detected_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, ref)
);
