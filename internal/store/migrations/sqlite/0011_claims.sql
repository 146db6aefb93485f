-- 0011_claims: closing reports, their evidence files, participants' bank
-- accounts and each consortium's claim settings (sqlite). Keep the same tables
-- and columns as ../postgres/0011_claims.sql. Evidence bytes live in the
-- database (docs/adr/0022-claims-evidence-in-database.md).

-- closing_reports holds one report per exchange (a confirmed application):
-- what was achieved, the meetings that mattered and next steps; organisers
-- send it back with a reason or approve it, fixing the amount paid.
CREATE TABLE closing_reports (
    id                     INTEGER PRIMARY KEY,
    application_id         INTEGER NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    achieved               TEXT NOT NULL DEFAULT '',
    meetings_that_mattered TEXT NOT NULL DEFAULT '',
    next_steps             TEXT NOT NULL DEFAULT '',
    status                 TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'sent_back', 'approved')),
    reason                 TEXT NOT NULL DEFAULT '',
    approved_amount_cents  INTEGER NOT NULL DEFAULT 0 CHECK (approved_amount_cents >= 0),
    submitted_at           TEXT,
    reviewed_by            INTEGER REFERENCES persons (id),
    reviewed_at            TEXT,
    paid_by                INTEGER REFERENCES persons (id),
    paid_at                TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK (status <> 'sent_back' OR reason <> ''),
    CHECK (paid_at IS NULL OR status = 'approved')
) STRICT;

-- evidence_files keeps each uploaded file with its sniffed content type,
-- size and SHA-256; delete_after is when the consortium's retention ends.
CREATE TABLE evidence_files (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES closing_reports (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('boarding_pass', 'invoice', 'other')),
    filename     TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    content      BLOB NOT NULL,
    uploaded_by  INTEGER REFERENCES persons (id),
    uploaded_at  TEXT NOT NULL,
    delete_after TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_files_report ON evidence_files (report_id);
CREATE INDEX evidence_files_delete_after ON evidence_files (delete_after);

-- payee_accounts is the bank account a person's grants are paid to
-- (sensitive: the person and the paying partner's organisers only).
CREATE TABLE payee_accounts (
    person_id      INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    account_holder TEXT NOT NULL CHECK (account_holder <> ''),
    iban           TEXT NOT NULL CHECK (iban <> ''),
    bic            TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL
) STRICT;

-- claim_settings is a consortium's evidence retention and the account
-- that pays its grants.
CREATE TABLE claim_settings (
    consortium_id  INTEGER PRIMARY KEY REFERENCES consortia (id) ON DELETE CASCADE,
    retention_days INTEGER NOT NULL CHECK (retention_days >= 1),
    payer_name     TEXT NOT NULL DEFAULT '',
    payer_iban     TEXT NOT NULL DEFAULT '',
    payer_bic      TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL
) STRICT;
