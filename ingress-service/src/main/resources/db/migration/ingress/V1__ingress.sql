-- Projection of af.catalog.agents.v1: what ingress needs to know about each agent (never a secret).
CREATE TABLE catalog_agents (
    agent_key           text PRIMARY KEY,
    version             bigint      NOT NULL,
    enabled             boolean     NOT NULL,
    bot_identity        text,
    webhook_secret_hash text,
    updated_at          timestamptz NOT NULL
);

-- One-time, bot-scoped pairing codes (/start <code>).
CREATE TABLE pairing_codes (
    code               text PRIMARY KEY,
    bot_identity       text        NOT NULL,
    agent_key          text        NOT NULL,
    consumer_user_id   text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz NOT NULL,
    consumed_at        timestamptz,
    telegram_user_id   bigint,
    telegram_chat_id   bigint,
    binding_id         uuid
);
CREATE INDEX pairing_codes_expires ON pairing_codes (expires_at) WHERE consumed_at IS NULL;

-- Identity bindings: consumer user + agent <-> Telegram user/chat of one bot. Revocation is soft.
CREATE TABLE bindings (
    id                 uuid PRIMARY KEY,
    consumer_user_id   text        NOT NULL,
    agent_key          text        NOT NULL,
    bot_identity       text        NOT NULL,
    telegram_user_id   bigint      NOT NULL,
    telegram_chat_id   bigint,
    source             text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    revoked_at         timestamptz,
    revoked_by         text,
    revoke_reason      text
);
-- at most one active binding per Telegram user of a bot: the webhook's lookup key
CREATE UNIQUE INDEX bindings_active_sender ON bindings (bot_identity, telegram_user_id) WHERE revoked_at IS NULL;
CREATE INDEX bindings_consumer ON bindings (consumer_user_id, agent_key);

-- Who did what to a binding, and why.
CREATE TABLE binding_audit (
    id          bigserial PRIMARY KEY,
    binding_id  uuid        NOT NULL REFERENCES bindings (id),
    action      text        NOT NULL,
    actor       text        NOT NULL,
    reason      text,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX binding_audit_binding ON binding_audit (binding_id, id);

-- Idempotency-Key of the generic enqueue API: a repeated key answers the first outcome.
CREATE TABLE idempotency_keys (
    workspace_id     text        NOT NULL,
    idempotency_key  text        NOT NULL,
    request_hash     text        NOT NULL,
    message_id       text        NOT NULL,
    conversation_id  text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
