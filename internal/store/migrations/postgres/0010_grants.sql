-- 0010_grants: grant rule sets, the rule set a mission's grants follow, and
-- one grant per confirmed application with the figures it was computed
-- from (PostgreSQL). Keep the same tables and columns as
-- ../sqlite/0010_grants.sql.

-- grant_rule_sets keeps every version of every grant rule set (lump sum,
-- distance bands, per-day allowance) as its JSON document; editing one adds
-- a version, so a grant names exactly what it was computed under.
CREATE TABLE grant_rule_sets (
    id         TEXT NOT NULL CHECK (id <> ''),
    version    INTEGER NOT NULL CHECK (version >= 1),
    kind       TEXT NOT NULL CHECK (kind IN ('lump_sum', 'distance_band', 'per_day')),
    document   TEXT NOT NULL CHECK (document <> ''),
    created_by BIGINT REFERENCES persons (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (id, version)
);

-- mission_grant_rule_sets is the grant rule set a mission picked;
-- rule_set_version 0 follows the latest version.
CREATE TABLE mission_grant_rule_sets (
    mission_id       BIGINT PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    rule_set_id      TEXT NOT NULL CHECK (rule_set_id <> ''),
    rule_set_version INTEGER NOT NULL DEFAULT 0 CHECK (rule_set_version >= 0),
    updated_at       TIMESTAMPTZ NOT NULL
);

-- grants holds the travel support of one exchange (a confirmed
-- application), paid from one partner's travel budget. amount_cents is
-- committed while status is committed or claimed, spent once paid, and
-- frees the budget when cancelled. explanation is the engine's
-- entitlement as JSON; the coordinates are those the distance used.
CREATE TABLE grants (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id       BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    application_id   BIGINT NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    partner_id       BIGINT NOT NULL REFERENCES partners (id),
    rule_set_id      TEXT NOT NULL CHECK (rule_set_id <> ''),
    rule_set_version INTEGER NOT NULL CHECK (rule_set_version >= 1),
    amount_cents     BIGINT NOT NULL CHECK (amount_cents >= 0),
    currency         TEXT NOT NULL DEFAULT 'EUR',
    distance_km      INTEGER NOT NULL DEFAULT 0 CHECK (distance_km >= 0),
    computed_km      INTEGER NOT NULL DEFAULT 0 CHECK (computed_km >= 0),
    visitor_lat      DOUBLE PRECISION,
    visitor_lon      DOUBLE PRECISION,
    host_lat         DOUBLE PRECISION,
    host_lon         DOUBLE PRECISION,
    explanation      TEXT NOT NULL DEFAULT '{}',
    override_km      INTEGER CHECK (override_km >= 0),
    override_reason  TEXT NOT NULL DEFAULT '',
    override_by      BIGINT REFERENCES persons (id),
    override_at      TIMESTAMPTZ,
    status           TEXT NOT NULL CHECK (status IN ('committed', 'claimed', 'paid', 'cancelled')),
    committed_by     BIGINT REFERENCES persons (id),
    committed_at     TIMESTAMPTZ NOT NULL,
    claimed_at       TIMESTAMPTZ,
    paid_at          TIMESTAMPTZ,
    cancelled_at     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL,
    CHECK (override_km IS NULL OR override_reason <> '')
);
CREATE INDEX grants_mission ON grants (mission_id);
CREATE INDEX grants_partner ON grants (partner_id, status);
