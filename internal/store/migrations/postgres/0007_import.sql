-- 0007_import: files uploaded for import, kept between the preview and the
-- organiser's confirmation (PostgreSQL). Keep the same tables and columns as
-- ../sqlite/0007_import.sql. A row expires at expires_at (an hour after
-- the upload); applied_at and the counts say what the confirmed import did.
-- Expired rows are deleted at the next upload.

CREATE TABLE imports (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id     BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    account_id     BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    file_name      TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL CHECK (role IN ('participant', 'local')),
    content        BYTEA NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    applied_at     TIMESTAMPTZ,
    new_rows       INTEGER NOT NULL DEFAULT 0 CHECK (new_rows >= 0),
    updated_rows   INTEGER NOT NULL DEFAULT 0 CHECK (updated_rows >= 0),
    unchanged_rows INTEGER NOT NULL DEFAULT 0 CHECK (unchanged_rows >= 0),
    error_rows     INTEGER NOT NULL DEFAULT 0 CHECK (error_rows >= 0)
);
CREATE INDEX imports_expires ON imports (expires_at);
CREATE INDEX imports_mission ON imports (mission_id);
