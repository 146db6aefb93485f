-- 0013_checkins: on-site check-in (PostgreSQL). Keep the same tables and columns
-- as ../sqlite/0013_checkins.sql.
-- checkin_tokens holds each member's check-in code for one mission: 16
-- random characters of Crockford's base32 (80 bits), made on first use, that
-- the agenda, the agenda PDF and the badge print as a QR code. It says
-- nothing about the person; it is kept as it is (not hashed) because the
-- agenda shows it again and again, and it lets nobody do anything: only the
-- mission's organisers and hosts, signed in, check people in with it.
-- checkins records who was checked in to the mission itself (item_id NULL,
-- at the registration desk) or to one programme item or B2B session, when,
-- by whom and how (a scanned or typed code, or a name search); each person
-- is checked in once per mission and once per item (the partial unique
-- indexes), so checking in again changes nothing.

CREATE TABLE checkin_tokens (
    mission_id BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id  BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    token      TEXT NOT NULL UNIQUE CHECK (length(token) = 16),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (mission_id, person_id)
);

CREATE TABLE checkins (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id    BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id     BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    item_id       BIGINT REFERENCES programme_items (id) ON DELETE CASCADE,
    checked_in_at TIMESTAMPTZ NOT NULL,
    by_person_id  BIGINT REFERENCES persons (id) ON DELETE SET NULL,
    method        TEXT NOT NULL CHECK (method IN ('code', 'search'))
);
CREATE UNIQUE INDEX checkins_mission_person ON checkins (mission_id, person_id) WHERE item_id IS NULL;
CREATE UNIQUE INDEX checkins_item_person ON checkins (item_id, person_id) WHERE item_id IS NOT NULL;
CREATE INDEX checkins_mission ON checkins (mission_id, checked_in_at);
