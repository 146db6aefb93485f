-- 0005_signups: sign-ups to programme items that take them (first come,
-- first served, with a waitlist) and each person's private calendar feed
-- (PostgreSQL). Keep the same tables and columns as ../sqlite/0005_signups.sql.
-- A cancelled sign-up stays as a record and comes back to life when the
-- person signs up again. position orders sign-ups within an item: the
-- waitlist is promoted lowest position first. placed_by_person_id is the
-- organiser who placed the person by hand (NULL for one's own sign-up).
-- calendar_feeds keeps only the SHA-256 of the feed's secret token.

CREATE TABLE signups (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id             BIGINT NOT NULL REFERENCES programme_items (id) ON DELETE CASCADE,
    person_id           BIGINT NOT NULL REFERENCES persons (id),
    status              TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    position            INTEGER NOT NULL CHECK (position > 0),
    placed_by_person_id BIGINT REFERENCES persons (id),
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (item_id, person_id)
);
CREATE INDEX signups_person ON signups (person_id, status);
CREATE INDEX signups_item_status ON signups (item_id, status, position);

CREATE TABLE calendar_feeds (
    person_id  BIGINT PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
