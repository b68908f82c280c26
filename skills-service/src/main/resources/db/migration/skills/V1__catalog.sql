-- skills-service: agent catalog, encrypted secrets, global skills.

-- One row per secret ref: which version is active. Updating it row-locks the ref, so concurrent imports
-- of one ref get consecutive versions.
CREATE TABLE secret_refs (
    ref             TEXT        PRIMARY KEY,
    active_version  INT         NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every version ever imported, encrypted with AES-256-GCM: a random 12-byte nonce per value, the
-- ref and version as additional authenticated data, and the id of the master key that sealed it.
-- Plaintext never reaches this table.
CREATE TABLE secret_versions (
    ref         TEXT        NOT NULL REFERENCES secret_refs (ref) ON DELETE CASCADE,
    version     INT         NOT NULL,
    key_id      TEXT        NOT NULL,
    nonce       BYTEA       NOT NULL,
    ciphertext  BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (ref, version)
);

CREATE TABLE agents (
    agent_key            TEXT        PRIMARY KEY,
    revision             BIGINT      NOT NULL,
    enabled              BOOLEAN     NOT NULL,
    secrets_ref          TEXT[]      NOT NULL,
    bridge_config        JSONB       NOT NULL,
    bot_identity         TEXT,
    bot_username         TEXT,
    webhook_url          TEXT,
    webhook_secret_hash  TEXT,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- a bot belongs to one agent: the receiving bot is the first discriminator of the Telegram flow
CREATE UNIQUE INDEX agents_bot_identity ON agents (bot_identity) WHERE bot_identity IS NOT NULL;
CREATE UNIQUE INDEX agents_webhook_secret_hash ON agents (webhook_secret_hash) WHERE webhook_secret_hash IS NOT NULL;

CREATE TABLE skills (
    slug        TEXT        PRIMARY KEY,
    status      TEXT        NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Immutable: a version is written once and never updated.
CREATE TABLE skill_versions (
    slug           TEXT        NOT NULL REFERENCES skills (slug) ON DELETE CASCADE,
    version        TEXT        NOT NULL,
    seq            INT         NOT NULL,
    module_format  TEXT        NOT NULL CHECK (module_format IN ('esm', 'cjs')),
    bundle_digest  TEXT        NOT NULL,
    file_count     INT         NOT NULL,
    total_bytes    INT         NOT NULL,
    files          JSONB       NOT NULL, -- [{path, content, sha256}] sorted by path
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (slug, version),
    UNIQUE (slug, seq)
);

CREATE TABLE skill_releases (
    slug         TEXT        NOT NULL REFERENCES skills (slug) ON DELETE CASCADE,
    channel      TEXT        NOT NULL CHECK (channel IN ('stable', 'canary')),
    version      TEXT        NOT NULL,
    released_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (slug, channel),
    FOREIGN KEY (slug, version) REFERENCES skill_versions (slug, version) ON DELETE CASCADE
);

-- Bumped in every transaction that changes what a manifest serves; replicas poll it to drop stale caches.
CREATE TABLE manifest_generation (
    id          INT    PRIMARY KEY CHECK (id = 1),
    generation  BIGINT NOT NULL
);
INSERT INTO manifest_generation (id, generation) VALUES (1, 0);
