-- Scaling policy set through PUT /v1/scaling-policy; absent = the configuration defaults.
CREATE TABLE scaling_policy (
    id         int PRIMARY KEY CHECK (id = 1),
    policy     jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Projection of af.queue.depth.v1: the latest figures per workspace.
CREATE TABLE depth (
    workspace_id        text PRIMARY KEY,
    ready_messages      int         NOT NULL,
    ready_conversations int         NOT NULL,
    busy_conversations  int         NOT NULL,
    delayed_messages    int         NOT NULL,
    dead_letters        int         NOT NULL,
    oldest_ready_age_ms bigint      NOT NULL,
    measured_at         timestamptz NOT NULL
);

-- The fleet: one row per worker slot the scheduler allocated. Status only moves forward.
CREATE TABLE workers (
    worker_id            text PRIMARY KEY,
    status               text        NOT NULL CHECK (status IN ('active', 'draining', 'stopping', 'stopped')),
    reason               text        NOT NULL,
    status_changed_at    timestamptz NOT NULL,
    spawned_at           timestamptz NOT NULL,
    app_name             text        NOT NULL,
    secret_stored_at     timestamptz,
    create_requested_at  timestamptz,
    create_confirmed_at  timestamptz,
    create_failed_at     timestamptz,
    machine_id           text,
    machine_state        text,
    machine_observed_at  timestamptz,
    first_claim_at       timestamptz,
    last_claim_at        timestamptz,
    busy                 boolean     NOT NULL DEFAULT false,
    activity_at          timestamptz,
    idle_since           timestamptz,
    last_heartbeat_at    timestamptz,
    heartbeat_stale_at   timestamptz,
    stop_round           int         NOT NULL DEFAULT 0,
    stop_sent_at         timestamptz,
    stop_confirmed_at    timestamptz,
    destroy_round        int         NOT NULL DEFAULT 0,
    destroy_sent_at      timestamptz,
    destroy_confirmed_at timestamptz
);
CREATE INDEX workers_live ON workers (status) WHERE status <> 'stopped';
CREATE INDEX workers_machine ON workers (machine_id) WHERE machine_id IS NOT NULL;

-- Ledger of every provider command emitted: a commandId is appended to the outbox at most once.
CREATE TABLE provider_commands (
    command_id   text PRIMARY KEY,
    worker_id    text        NOT NULL,
    action       text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX provider_commands_worker ON provider_commands (worker_id);

-- Every reconcile decision, for GET /v1/capacity and audits.
CREATE TABLE decisions (
    id         bigserial PRIMARY KEY,
    decided_at timestamptz NOT NULL,
    trigger    text        NOT NULL,
    desired    int         NOT NULL,
    demand     jsonb       NOT NULL,
    fleet      jsonb       NOT NULL,
    actions    jsonb       NOT NULL,
    reason     text        NOT NULL
);

-- Projection of af.catalog.agents.v1 (broadcast targets).
CREATE TABLE agents (
    agent_key  text PRIMARY KEY,
    version    bigint      NOT NULL,
    enabled    boolean     NOT NULL,
    deleted    boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL
);

CREATE TABLE push_jobs (
    job_id           text PRIMARY KEY,
    agent_key        text        NOT NULL,
    workspace_id     text        NOT NULL,
    conversation_id  text        NOT NULL,
    consumer_user_id text,
    text             text        NOT NULL,
    data             jsonb,
    slot_time        text        NOT NULL,
    time_zone        text        NOT NULL,
    weekdays         int[]       NOT NULL,
    days_of_month    int[]       NOT NULL,
    enabled          boolean     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX push_jobs_agent ON push_jobs (agent_key);

-- One row per (job, slot): the primary key is what makes a rerun or a second dispatcher a no-op.
CREATE TABLE push_dispatches (
    job_id          text        NOT NULL,
    slot_at         timestamptz NOT NULL,
    agent_key       text        NOT NULL,
    message_id      text        NOT NULL,
    conversation_id text        NOT NULL,
    trigger         text        NOT NULL,
    dispatched_at   timestamptz NOT NULL,
    PRIMARY KEY (job_id, slot_at)
);
CREATE INDEX push_dispatches_agent ON push_dispatches (agent_key, dispatched_at DESC);

CREATE TABLE broadcasts (
    broadcast_id     text PRIMARY KEY,
    text             text        NOT NULL,
    requested_at     timestamptz NOT NULL,
    agents_known     int         NOT NULL,
    targets          int         NOT NULL,
    enqueued         int         NOT NULL,
    skipped_disabled int         NOT NULL,
    agent_keys       jsonb       NOT NULL
);
