-- 0001_init: the whole domain of internal/mission (SQLite).
-- Keep the same tables and columns as ../postgres/0001_init.sql. Tables are
-- STRICT; timestamps are TEXT '2006-01-02T15:04:05.000000Z' (UTC, microseconds)
-- and dates TEXT '2006-01-02', so both sort as text; booleans are 0 or 1.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL CHECK (kind IN ('cluster', 'sme', 'large_company', 'support_org', 'public_body')),
    country     TEXT NOT NULL CHECK (length(country) = 2),
    region      TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    lat         REAL NOT NULL DEFAULT 0 CHECK (lat BETWEEN -90 AND 90),
    lon         REAL NOT NULL DEFAULT 0 CHECK (lon BETWEEN -180 AND 180),
    staff       INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
    website     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX organisations_kind ON organisations (kind);
CREATE INDEX organisations_country ON organisations (country);

CREATE TABLE organisation_ecosystems (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    ecosystem       TEXT NOT NULL CHECK (ecosystem <> ''),
    sort_order      INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, ecosystem)
) STRICT;
CREATE INDEX organisation_ecosystems_ecosystem ON organisation_ecosystems (ecosystem, organisation_id);

CREATE TABLE cluster_memberships (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    cluster_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    sort_order      INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, cluster_id)
) STRICT;
CREATE INDEX cluster_memberships_cluster ON cluster_memberships (cluster_id);

CREATE TABLE persons (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL CHECK (name <> ''),
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    job_title       TEXT NOT NULL DEFAULT '',
    languages       TEXT NOT NULL DEFAULT '',
    bio             TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX persons_email ON persons (lower(email)) WHERE email <> '';
CREATE INDEX persons_organisation ON persons (organisation_id);

CREATE TABLE consortia (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL CHECK (name <> ''),
    acronym             TEXT NOT NULL DEFAULT '',
    starts_on           TEXT,
    ends_on             TEXT,
    target_participants INTEGER NOT NULL DEFAULT 0 CHECK (target_participants >= 0),
    description         TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;

CREATE TABLE partners (
    id                  INTEGER PRIMARY KEY,
    consortium_id       INTEGER NOT NULL REFERENCES consortia (id) ON DELETE CASCADE,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id),
    role                TEXT NOT NULL CHECK (role IN ('coordinator', 'partner')),
    travel_budget_cents INTEGER NOT NULL DEFAULT 0 CHECK (travel_budget_cents >= 0),
    UNIQUE (consortium_id, organisation_id)
) STRICT;
CREATE INDEX partners_organisation ON partners (organisation_id);

CREATE TABLE regions (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL DEFAULT '',
    name    TEXT NOT NULL CHECK (name <> ''),
    country TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX regions_code ON regions (code) WHERE code <> '';

CREATE TABLE region_figures (
    region_id  INTEGER NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    sort_order INTEGER NOT NULL,
    label      TEXT NOT NULL CHECK (label <> ''),
    value      REAL NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (region_id, sort_order)
) STRICT;

CREATE TABLE missions (
    id                   INTEGER PRIMARY KEY,
    consortium_id        INTEGER REFERENCES consortia (id),
    title                TEXT NOT NULL CHECK (title <> ''),
    kind                 TEXT NOT NULL CHECK (kind IN ('delegation', 'exchange', 'study_visit')),
    status               TEXT NOT NULL CHECK (status IN ('draft', 'call_open', 'selection', 'confirmed', 'running', 'closed', 'reported')),
    published            INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    summary              TEXT NOT NULL DEFAULT '',
    host_organisation_id INTEGER REFERENCES organisations (id),
    host_city            TEXT NOT NULL,
    host_country         TEXT NOT NULL CHECK (length(host_country) = 2),
    region_id            INTEGER REFERENCES regions (id),
    venue                TEXT NOT NULL DEFAULT '',
    time_zone            TEXT NOT NULL DEFAULT 'UTC',
    starts_on            TEXT NOT NULL,
    ends_on              TEXT NOT NULL,
    arrival_on           TEXT,
    departure_on         TEXT,
    capacity             INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    call_opens_on        TEXT,
    call_closes_on       TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;
CREATE INDEX missions_consortium ON missions (consortium_id);
CREATE INDEX missions_host_organisation ON missions (host_organisation_id);
CREATE INDEX missions_status ON missions (status);

CREATE TABLE mission_themes (
    mission_id INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    theme      TEXT NOT NULL CHECK (theme <> ''),
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (mission_id, theme)
) STRICT;
CREATE INDEX mission_themes_theme ON mission_themes (theme);

CREATE TABLE mission_keywords (
    mission_id INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    keyword    TEXT NOT NULL CHECK (keyword <> ''),
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (mission_id, keyword)
) STRICT;

CREATE TABLE mission_quotas (
    mission_id INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    places     INTEGER NOT NULL CHECK (places >= 0),
    PRIMARY KEY (mission_id, partner_id)
) STRICT;

CREATE TABLE mission_members (
    mission_id INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    role       TEXT NOT NULL CHECK (role IN ('organiser', 'host', 'participant', 'local', 'viewer')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (mission_id, person_id, role)
) STRICT;
CREATE INDEX mission_members_person ON mission_members (person_id);

CREATE TABLE programme_items (
    id              INTEGER PRIMARY KEY,
    mission_id      INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('b2b_session', 'company_visit', 'site_visit', 'presentation', 'showcase', 'exhibition', 'conference', 'networking', 'travel')),
    title           TEXT NOT NULL CHECK (title <> ''),
    description     TEXT NOT NULL DEFAULT '',
    venue           TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    starts_at       TEXT NOT NULL,
    ends_at         TEXT NOT NULL,
    capacity        INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    signup_required INTEGER NOT NULL DEFAULT 0 CHECK (signup_required IN (0, 1)),
    slot_minutes    INTEGER NOT NULL DEFAULT 0 CHECK (slot_minutes >= 0),
    tables          INTEGER NOT NULL DEFAULT 0 CHECK (tables >= 0),
    created_at      TEXT NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX programme_items_mission ON programme_items (mission_id, starts_at);

CREATE TABLE applications (
    id           INTEGER PRIMARY KEY,
    mission_id   INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES persons (id),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'eligible', 'ineligible', 'shortlisted', 'accepted', 'waitlisted', 'rejected', 'confirmed', 'withdrawn')),
    motivation   TEXT NOT NULL DEFAULT '',
    score        REAL NOT NULL DEFAULT 0,
    submitted_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (mission_id, person_id)
) STRICT;
CREATE INDEX applications_person ON applications (person_id);
CREATE INDEX applications_mission_status ON applications (mission_id, status);

CREATE TABLE application_transitions (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    from_status    TEXT NOT NULL CHECK (from_status IN ('draft', 'submitted', 'eligible', 'ineligible', 'shortlisted', 'accepted', 'waitlisted', 'rejected', 'confirmed', 'withdrawn')),
    to_status      TEXT NOT NULL CHECK (to_status IN ('draft', 'submitted', 'eligible', 'ineligible', 'shortlisted', 'accepted', 'waitlisted', 'rejected', 'confirmed', 'withdrawn')),
    by_person_id   INTEGER REFERENCES persons (id),
    reason         TEXT NOT NULL DEFAULT '',
    at             TEXT NOT NULL
) STRICT;
CREATE INDEX application_transitions_application ON application_transitions (application_id, id);

CREATE TABLE marketplace_items (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    side            TEXT NOT NULL CHECK (side IN ('offer', 'request')),
    category        TEXT NOT NULL CHECK (category IN ('technology', 'product', 'service', 'rd_partnership', 'investment', 'supplier', 'customer', 'other')),
    title           TEXT NOT NULL CHECK (title <> ''),
    description     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX marketplace_items_organisation ON marketplace_items (organisation_id);

CREATE TABLE marketplace_item_ecosystems (
    marketplace_item_id INTEGER NOT NULL REFERENCES marketplace_items (id) ON DELETE CASCADE,
    ecosystem           TEXT NOT NULL CHECK (ecosystem <> ''),
    sort_order          INTEGER NOT NULL,
    PRIMARY KEY (marketplace_item_id, ecosystem)
) STRICT;
CREATE INDEX marketplace_item_ecosystems_ecosystem ON marketplace_item_ecosystems (ecosystem);

CREATE TABLE marketplace_item_keywords (
    marketplace_item_id INTEGER NOT NULL REFERENCES marketplace_items (id) ON DELETE CASCADE,
    keyword             TEXT NOT NULL CHECK (keyword <> ''),
    sort_order          INTEGER NOT NULL,
    PRIMARY KEY (marketplace_item_id, keyword)
) STRICT;

CREATE TABLE meeting_requests (
    id             INTEGER PRIMARY KEY,
    mission_id     INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    from_person_id INTEGER NOT NULL REFERENCES persons (id),
    to_person_id   INTEGER NOT NULL REFERENCES persons (id),
    message        TEXT NOT NULL DEFAULT '',
    priority       TEXT NOT NULL CHECK (priority IN ('must', 'should', 'could')),
    status         TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'cancelled')),
    reason         TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    answered_at    TEXT,
    CHECK (from_person_id <> to_person_id),
    UNIQUE (mission_id, from_person_id, to_person_id)
) STRICT;
CREATE INDEX meeting_requests_to ON meeting_requests (mission_id, to_person_id);

CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    mission_id      INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    request_id      INTEGER REFERENCES meeting_requests (id) ON DELETE SET NULL,
    session_item_id INTEGER REFERENCES programme_items (id) ON DELETE SET NULL,
    starts_at       TEXT NOT NULL,
    ends_at         TEXT NOT NULL,
    table_name      TEXT NOT NULL DEFAULT '',
    online          INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    video_url       TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX meetings_mission ON meetings (mission_id, starts_at);
CREATE INDEX meetings_session_item ON meetings (session_item_id);

CREATE TABLE meeting_participants (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    PRIMARY KEY (meeting_id, person_id)
) STRICT;
CREATE INDEX meeting_participants_person ON meeting_participants (person_id);
