-- 0003_outbox: e-mail waiting to be sent, being sent, sent or given up
-- (PostgreSQL). Keep the same tables and columns as ../sqlite/0003_outbox.sql.
-- A row is pending while sent_at and failed_at are both NULL; a sender owns
-- it while locked_until lies in the future (a lease that expires when the
-- sender dies). last_error holds the failure's class and reply, never the
-- body.

CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address      TEXT NOT NULL CHECK (to_address <> ''),
    to_name         TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL CHECK (subject <> ''),
    text_body       TEXT NOT NULL CHECK (text_body <> ''),
    html_body       TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT '',
    headers         TEXT NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ NOT NULL,
    locked_until    TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    failed_at       TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
