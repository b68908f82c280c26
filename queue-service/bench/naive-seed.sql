-- The naive design's own tables (schema naive), seeded with :messages queued messages over :conversations
-- conversations: messages with a status, conversations with their head and lock, and the indexes it needs —
-- the head of a free conversation by priority and age, a conversation by its lease, a conversation's queued
-- messages in order. Nothing more: no events, no counts, no delays, no worker status.
-- psql -v messages=1000000 -v conversations=100000 -f naive-seed.sql
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS naive CASCADE;
CREATE SCHEMA naive;
CREATE TABLE naive.messages (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id TEXT        NOT NULL,
    priority        SMALLINT    NOT NULL,
    status          TEXT        NOT NULL,
    attempt         INT         NOT NULL DEFAULT 0,
    lease_id        UUID,
    claimed_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    payload         JSONB       NOT NULL
);
INSERT INTO naive.messages (conversation_id, priority, status, payload)
SELECT 'conv-' || (g % :conversations), (g % 10)::smallint, 'queued',
       jsonb_build_object('kind', 'api', 'text', 'message ' || g)
FROM generate_series(1, :messages) g;
CREATE INDEX messages_queued ON naive.messages (conversation_id, seq) WHERE status = 'queued';
CREATE TABLE naive.conversations (
    conversation_id  TEXT PRIMARY KEY,
    head_seq         BIGINT,
    head_priority    SMALLINT,
    lease_id         UUID,
    lease_expires_at TIMESTAMPTZ
);
INSERT INTO naive.conversations (conversation_id, head_seq, head_priority)
SELECT conversation_id, min(seq), (array_agg(priority ORDER BY seq))[1] FROM naive.messages GROUP BY conversation_id;
CREATE INDEX conversations_claimable ON naive.conversations (head_priority DESC, head_seq)
    WHERE head_seq IS NOT NULL AND lease_id IS NULL;
CREATE UNIQUE INDEX conversations_lease ON naive.conversations (lease_id) WHERE lease_id IS NOT NULL;
VACUUM ANALYZE naive.messages;
VACUUM ANALYZE naive.conversations;
CHECKPOINT;
