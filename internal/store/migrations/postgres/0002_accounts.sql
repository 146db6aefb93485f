-- 0002_accounts: accounts, sessions, e-mailed tokens, API tokens,
-- consortium roles and the audit log (PostgreSQL). Keep the same tables and
-- columns as ../sqlite/0002_accounts.sql. Token hashes are the lower-case
-- hex of their SHA-256; the tokens themselves are never stored.

CREATE TABLE accounts (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id         BIGINT NOT NULL UNIQUE REFERENCES persons (id),
    email             TEXT NOT NULL CHECK (email <> ''),
    password_hash     TEXT,
    email_verified_at TIMESTAMPTZ,
    language          TEXT NOT NULL DEFAULT '',
    is_admin          BOOLEAN NOT NULL DEFAULT FALSE,
    disabled_at       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE auth_tokens (
    hash       TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'invite')),
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    payload    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX auth_tokens_account ON auth_tokens (account_id, purpose);

CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (name <> ''),
    hash         TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE consortium_members (
    consortium_id BIGINT NOT NULL REFERENCES consortia (id) ON DELETE CASCADE,
    person_id     BIGINT NOT NULL REFERENCES persons (id),
    role          TEXT NOT NULL CHECK (role IN ('organiser', 'viewer')),
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consortium_id, person_id, role)
);
CREATE INDEX consortium_members_person ON consortium_members (person_id);

CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    account_id  BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    action      TEXT NOT NULL CHECK (action <> ''),
    target_type TEXT NOT NULL DEFAULT '',
    target_id   BIGINT NOT NULL DEFAULT 0,
    ip          TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (id DESC);
CREATE INDEX audit_log_account ON audit_log (account_id);
