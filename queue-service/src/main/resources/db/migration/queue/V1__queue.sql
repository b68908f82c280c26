-- Queue state. The event log (platform V0_1) holds the history; these tables are the current state.

-- Every accepted message. seq is the ingest order: FIFO within a conversation, age across conversations.
CREATE TABLE messages (
    seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id        TEXT        NOT NULL UNIQUE,
    workspace_id      TEXT        NOT NULL,
    agent_key         TEXT        NOT NULL,
    conversation_id   TEXT        NOT NULL,
    priority          SMALLINT    NOT NULL,
    -- queued: waiting (head or behind it); leased: the head, held by a worker; done; dead (dead letter)
    status            TEXT        NOT NULL CHECK (status IN ('queued', 'leased', 'done', 'dead')),
    attempt           INT         NOT NULL DEFAULT 0,
    available_at      TIMESTAMPTZ NOT NULL,
    -- the last retry delay, the base of the next decorrelated-jitter delay
    backoff_ms        BIGINT      NOT NULL DEFAULT 0,
    lease_id          UUID,
    worker_id         TEXT,
    last_error        TEXT,
    origin            TEXT        NOT NULL,
    received_at       TIMESTAMPTZ,
    consumer_user_id  TEXT,
    payload           JSONB       NOT NULL,
    enqueued_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ
);
-- the next head of a conversation: its oldest queued message
CREATE INDEX messages_queued_by_conversation ON messages (conversation_id, seq) WHERE status = 'queued';
CREATE INDEX messages_dead ON messages (workspace_id, seq) WHERE status = 'dead';
CREATE INDEX messages_leased ON messages (claimed_at) WHERE status = 'leased';
CREATE INDEX messages_queued_by_workspace ON messages (workspace_id, available_at) WHERE status = 'queued';

-- One row per conversation: its head (the oldest unfinished message) and its lock (the lease on the head).
-- A claim picks one free conversation with a claimable head and writes this row and the head message.
CREATE TABLE conversations (
    conversation_id    TEXT        PRIMARY KEY,
    workspace_id       TEXT        NOT NULL,
    agent_key          TEXT        NOT NULL,
    head_seq           BIGINT,
    head_priority      SMALLINT,
    head_available_at  TIMESTAMPTZ,
    -- the highest seq ever enqueued here: lets a completion notice a message its snapshot could not see
    tail_seq           BIGINT      NOT NULL,
    lease_id           UUID,
    worker_id          TEXT,
    lease_expires_at   TIMESTAMPTZ,
    hydration          JSONB       NOT NULL DEFAULT '{}'::jsonb,
    CHECK (lease_id IS NULL OR head_seq IS NOT NULL)
);
-- the claim: free conversations with a head, highest priority first, then oldest
CREATE INDEX conversations_claimable ON conversations (head_priority DESC, head_seq)
    WHERE head_seq IS NOT NULL AND lease_id IS NULL;
CREATE UNIQUE INDEX conversations_lease ON conversations (lease_id) WHERE lease_id IS NOT NULL;
CREATE INDEX conversations_lease_expiry ON conversations (lease_expires_at) WHERE lease_id IS NOT NULL;
-- every claim and completion rewrites a conversation row: vacuum early so the claim index stays free of dead entries
ALTER TABLE conversations SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0);

-- Projection of af.scheduler.fleet.v1 plus this service's view of each worker's activity.
CREATE TABLE workers (
    worker_id        TEXT        PRIMARY KEY,
    status           TEXT        NOT NULL DEFAULT 'active',
    reason           TEXT,
    status_changed_at TIMESTAMPTZ,
    first_claim_at   TIMESTAMPTZ,
    last_claim_at    TIMESTAMPTZ,
    idle_since       TIMESTAMPTZ,
    idle_reported    BOOLEAN     NOT NULL DEFAULT false
);

-- Snapshots of a worker's /data for exactly one workspace + agent + conversation.
CREATE TABLE snapshots (
    snapshot_id      UUID        PRIMARY KEY,
    workspace_id     TEXT        NOT NULL,
    agent_key        TEXT        NOT NULL,
    conversation_id  TEXT        NOT NULL,
    size_bytes       BIGINT      NOT NULL,
    sha256           TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('uploading', 'uploaded', 'ready', 'failed')),
    error            TEXT,
    created_by       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    finalized_at     TIMESTAMPTZ
);
CREATE INDEX snapshots_latest_ready ON snapshots (workspace_id, agent_key, conversation_id, finalized_at DESC)
    WHERE status = 'ready';

-- A message's history is its lifecycle events in the event log.
CREATE INDEX event_log_lifecycle_message ON event_log ((envelope -> 'data' ->> 'messageId'), id)
    WHERE topic = 'af.queue.lifecycle.v1';

-- RFC 7386 JSON merge patch: objects merge recursively, null removes a key, anything else replaces.
CREATE FUNCTION jsonb_merge_patch(target JSONB, patch JSONB) RETURNS JSONB
    LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
    SELECT CASE
        WHEN jsonb_typeof(patch) <> 'object' THEN patch
        ELSE (
            SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM (
                SELECT t.key, t.value FROM jsonb_each(CASE WHEN jsonb_typeof(target) = 'object' THEN target ELSE '{}'::jsonb END) t
                WHERE NOT patch ? t.key
                UNION ALL
                SELECT p.key, jsonb_merge_patch(CASE WHEN jsonb_typeof(target) = 'object' THEN target -> p.key END, p.value)
                FROM jsonb_each(patch) p WHERE jsonb_typeof(p.value) <> 'null'
            ) merged
        )
    END
$$;
