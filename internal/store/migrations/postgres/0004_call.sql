-- 0004_call: calls for applications, eligibility rule sets and what an
-- application carries through selection (PostgreSQL). Keep the same tables
-- and columns as ../sqlite/0004_call.sql.

CREATE TABLE rule_sets (
    id         TEXT NOT NULL CHECK (id <> ''),
    version    INTEGER NOT NULL CHECK (version >= 1),
    kind       TEXT NOT NULL CHECK (kind IN ('eligibility')),
    document   TEXT NOT NULL CHECK (document <> ''),
    created_by BIGINT REFERENCES persons (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, id, version)
);

CREATE TABLE calls (
    mission_id       BIGINT PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    rule_set_id      TEXT NOT NULL CHECK (rule_set_id <> ''),
    rule_set_version INTEGER NOT NULL DEFAULT 0 CHECK (rule_set_version >= 0),
    questions        TEXT NOT NULL DEFAULT '[]',
    criteria         TEXT NOT NULL DEFAULT '[]',
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX calls_rule_set ON calls (rule_set_id);

ALTER TABLE applications ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
ALTER TABLE applications ADD COLUMN scores TEXT NOT NULL DEFAULT '{}';
ALTER TABLE applications ADD COLUMN partner_id BIGINT REFERENCES partners (id);
ALTER TABLE applications ADD COLUMN rule_set_id TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN rule_set_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN eligible BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE applications ADD COLUMN eligibility TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN checked_at TIMESTAMPTZ;
CREATE INDEX applications_partner ON applications (mission_id, partner_id, status);
