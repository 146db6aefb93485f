-- 0002_accounts: accounts, sessions, e-mailed tokens, API tokens,
-- consortium roles and the audit log (SQLite). Keep the same tables and
-- columns as ../postgres/0002_accounts.sql. Token hashes are the lower-case
-- hex of their SHA-256; the tokens themselves are never stored.

CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY,
    person_id         INTEGER NOT NULL UNIQUE REFERENCES persons (id),
    email             TEXT NOT NULL CHECK (email <> ''),
    password_hash     TEXT,
    email_verified_at TEXT,
    language          TEXT NOT NULL DEFAULT '',
    is_admin          INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    disabled_at       TEXT,
    created_at        TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE auth_tokens (
    hash       TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'invite')),
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    payload    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX auth_tokens_account ON auth_tokens (account_id, purpose);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (name <> ''),
    hash         TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE consortium_members (
    consortium_id INTEGER NOT NULL REFERENCES consortia (id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES persons (id),
    role          TEXT NOT NULL CHECK (role IN ('organiser', 'viewer')),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (consortium_id, person_id, role)
) STRICT;
CREATE INDEX consortium_members_person ON consortium_members (person_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    account_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    action      TEXT NOT NULL CHECK (action <> ''),
    target_type TEXT NOT NULL DEFAULT '',
    target_id   INTEGER NOT NULL DEFAULT 0,
    ip          TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log (id DESC);
CREATE INDEX audit_log_account ON audit_log (account_id);
