-- Shared by every service, created in the service's own schema (Flyway's default schema).

-- The append-only event log: every state change a service makes is appended here in the same transaction
-- as the change itself; the relay publishes it to Kafka in order. Rows are never updated or deleted by the
-- relay: its progress is a cursor (relay_position), so the log stays a faithful history to rebuild from.
CREATE TABLE event_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the writing transaction; rows are published in (txid, id) order and only once every older
    -- transaction has finished, so a slow transaction can never be skipped by the cursor
    txid         XID8        NOT NULL DEFAULT pg_current_xact_id(),
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    event_key    TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    envelope     JSONB       NOT NULL,
    appended_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX event_log_publish_order ON event_log (txid, id);

CREATE TABLE relay_position (
    relay       TEXT   PRIMARY KEY,
    last_txid   XID8   NOT NULL,
    last_id     BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Idempotent consumers remember what they applied, in the same transaction as the effect.
CREATE TABLE processed_events (
    consumer      TEXT        NOT NULL,
    event_id      TEXT        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Wake the relay when a transaction that appended events commits (NOTIFY is delivered on commit and
-- collapsed within a transaction, so a batch insert costs one notification).
CREATE FUNCTION notify_event_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('af_event_log_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END $$;

CREATE TRIGGER event_log_appended AFTER INSERT ON event_log
    FOR EACH STATEMENT EXECUTE FUNCTION notify_event_log();
