-- 0008_requests: matchmaking settings of a mission (the deadline for
-- answering meeting requests and how many requests one person may send) and
-- the blocks of time people mark as not available for B2B meetings
-- (SQLite). Keep the same tables and columns as ../postgres/0008_requests.sql.
-- max_requests 0 means no limit; request_deadline NULL means requests do not
-- expire.

CREATE TABLE matchmaking (
    mission_id       INTEGER PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    request_deadline TEXT,
    max_requests     INTEGER NOT NULL DEFAULT 0 CHECK (max_requests >= 0),
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE availability_blocks (
    id         INTEGER PRIMARY KEY,
    mission_id INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX availability_blocks_person ON availability_blocks (mission_id, person_id, starts_at);
CREATE INDEX meeting_requests_status ON meeting_requests (mission_id, status);
