-- 0010_grants: grant rule sets, the rule set a mission's grants follow, and
-- one grant per confirmed application with the figures it was computed
-- from (SQLite). Keep the same tables and columns as
-- ../postgres/0010_grants.sql.

-- grant_rule_sets keeps every version of every grant rule set (lump sum,
-- distance bands, per-day allowance) as its JSON document; editing one adds
-- a version, so a grant names exactly what it was computed under.
CREATE TABLE grant_rule_sets (
    id         TEXT NOT NULL CHECK (id <> ''),
    version    INTEGER NOT NULL CHECK (version >= 1),
    kind       TEXT NOT NULL CHECK (kind IN ('lump_sum', 'distance_band', 'per_day')),
    document   TEXT NOT NULL CHECK (document <> ''),
    created_by INTEGER REFERENCES persons (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (id, version)
) STRICT;

-- mission_grant_rule_sets is the grant rule set a mission picked;
-- rule_set_version 0 follows the latest version.
CREATE TABLE mission_grant_rule_sets (
    mission_id       INTEGER PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    rule_set_id      TEXT NOT NULL CHECK (rule_set_id <> ''),
    rule_set_version INTEGER NOT NULL DEFAULT 0 CHECK (rule_set_version >= 0),
    updated_at       TEXT NOT NULL
) STRICT;

-- grants holds the travel support of one exchange (a confirmed
-- application), paid from one partner's travel budget. amount_cents is
-- committed while status is committed or claimed, spent once paid, and
-- frees the budget when cancelled. explanation is the engine's
-- entitlement as JSON; the coordinates are those the distance used.
CREATE TABLE grants (
    id               INTEGER PRIMARY KEY,
    mission_id       INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    application_id   INTEGER NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    partner_id       INTEGER NOT NULL REFERENCES partners (id),
    rule_set_id      TEXT NOT NULL CHECK (rule_set_id <> ''),
    rule_set_version INTEGER NOT NULL CHECK (rule_set_version >= 1),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents >= 0),
    currency         TEXT NOT NULL DEFAULT 'EUR',
    distance_km      INTEGER NOT NULL DEFAULT 0 CHECK (distance_km >= 0),
    computed_km      INTEGER NOT NULL DEFAULT 0 CHECK (computed_km >= 0),
    visitor_lat      REAL,
    visitor_lon      REAL,
    host_lat         REAL,
    host_lon         REAL,
    explanation      TEXT NOT NULL DEFAULT '{}',
    override_km      INTEGER CHECK (override_km >= 0),
    override_reason  TEXT NOT NULL DEFAULT '',
    override_by      INTEGER REFERENCES persons (id),
    override_at      TEXT,
    status           TEXT NOT NULL CHECK (status IN ('committed', 'claimed', 'paid', 'cancelled')),
    committed_by     INTEGER REFERENCES persons (id),
    committed_at     TEXT NOT NULL,
    claimed_at       TEXT,
    paid_at          TEXT,
    cancelled_at     TEXT,
    updated_at       TEXT NOT NULL,
    CHECK (override_km IS NULL OR override_reason <> '')
) STRICT;
CREATE INDEX grants_mission ON grants (mission_id);
CREATE INDEX grants_partner ON grants (partner_id, status);
