-- 0004_call: calls for applications, eligibility rule sets and what an
-- application carries through selection (SQLite). Keep the same tables and
-- columns as ../postgres/0004_call.sql.

-- rule_sets keeps every version of every rule set as its JSON document;
-- editing one adds a version, so a stored check names what it used.
CREATE TABLE rule_sets (
    id         TEXT NOT NULL CHECK (id <> ''),
    version    INTEGER NOT NULL CHECK (version >= 1),
    kind       TEXT NOT NULL CHECK (kind IN ('eligibility')),
    document   TEXT NOT NULL CHECK (document <> ''),
    created_by INTEGER REFERENCES persons (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, id, version)
) STRICT;

-- calls holds a mission's call settings; the window, capacity and quotas
-- stay on missions and mission_quotas. rule_set_version 0 follows the
-- latest version. questions and criteria are JSON arrays.
CREATE TABLE calls (
    mission_id       INTEGER PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    rule_set_id      TEXT NOT NULL CHECK (rule_set_id <> ''),
    rule_set_version INTEGER NOT NULL DEFAULT 0 CHECK (rule_set_version >= 0),
    questions        TEXT NOT NULL DEFAULT '[]',
    criteria         TEXT NOT NULL DEFAULT '[]',
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX calls_rule_set ON calls (rule_set_id);

-- answers (JSON object by question key), scores (JSON object by criterion
-- key), the partner whose quota the application counts toward, and the
-- last eligibility check with the rule set version it used.
ALTER TABLE applications ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
ALTER TABLE applications ADD COLUMN scores TEXT NOT NULL DEFAULT '{}';
ALTER TABLE applications ADD COLUMN partner_id INTEGER REFERENCES partners (id);
ALTER TABLE applications ADD COLUMN rule_set_id TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN rule_set_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN eligible INTEGER NOT NULL DEFAULT 0 CHECK (eligible IN (0, 1));
ALTER TABLE applications ADD COLUMN eligibility TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN checked_at TEXT;
CREATE INDEX applications_partner ON applications (mission_id, partner_id, status);
