-- 0014_reminders: when each participant was last reminded by e-mail of a
-- missing closing report or evidence (postgres). Keep the same tables and
-- columns as ../sqlite/0014_reminders.sql. One row per exchange (a
-- confirmed application), so a restart or a second node never reminds twice
-- in one period (docs/adr/0026-claims-pages-payments-reminders.md).
CREATE TABLE claim_reminders (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    sent_count     INTEGER NOT NULL CHECK (sent_count >= 1),
    last_missing   TEXT NOT NULL CHECK (last_missing IN ('report', 'evidence')),
    last_sent_at   TIMESTAMPTZ NOT NULL
);
