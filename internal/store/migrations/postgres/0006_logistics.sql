-- 0006_logistics: participants' travel and logistics, announcements,
-- individual exchange offers, match confirmations and the Commitment to
-- Quality (PostgreSQL). Keep the same tables and columns as
-- ../sqlite/0006_logistics.sql. Dietary, accessibility, the emergency
-- contact and the passport details are sensitive: the web layer shows them
-- to the person and the mission's organisers only.

CREATE TABLE logistics (
    mission_id              BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id               BIGINT NOT NULL REFERENCES persons (id),
    arrival_at              TIMESTAMPTZ,
    departure_at            TIMESTAMPTZ,
    hotel                   TEXT NOT NULL DEFAULT '',
    dietary                 TEXT NOT NULL DEFAULT '',
    accessibility           TEXT NOT NULL DEFAULT '',
    emergency_contact_name  TEXT NOT NULL DEFAULT '',
    emergency_contact_phone TEXT NOT NULL DEFAULT '',
    letter_requested        BOOLEAN NOT NULL DEFAULT FALSE,
    passport_name           TEXT NOT NULL DEFAULT '',
    nationality             TEXT NOT NULL DEFAULT '',
    updated_at              TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (mission_id, person_id),
    CHECK (departure_at > arrival_at)
);
CREATE INDEX logistics_person ON logistics (person_id);

CREATE TABLE announcements (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id       BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    author_person_id BIGINT REFERENCES persons (id),
    subject          TEXT NOT NULL CHECK (subject <> ''),
    body             TEXT NOT NULL CHECK (body <> ''),
    recipients       INTEGER NOT NULL DEFAULT 0 CHECK (recipients >= 0),
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX announcements_mission ON announcements (mission_id, id);

CREATE TABLE exchange_offers (
    mission_id     BIGINT PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    topic          TEXT NOT NULL CHECK (topic <> ''),
    learning_goals TEXT NOT NULL DEFAULT '',
    min_days       INTEGER NOT NULL CHECK (min_days >= 1),
    max_days       INTEGER NOT NULL CHECK (max_days >= min_days),
    places         INTEGER NOT NULL CHECK (places >= 1),
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE exchanges (
    application_id       BIGINT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    host_confirmed_at    TIMESTAMPTZ,
    host_confirmed_by    BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    visitor_confirmed_at TIMESTAMPTZ,
    visitor_confirmed_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    goals                TEXT NOT NULL DEFAULT '',
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE quality_signatures (
    application_id BIGINT NOT NULL REFERENCES exchanges (application_id) ON DELETE CASCADE,
    party          TEXT NOT NULL CHECK (party IN ('visitor', 'host', 'visitor_partner', 'host_partner')),
    account_id     BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    name           TEXT NOT NULL CHECK (name <> ''),
    signed_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, party)
);
