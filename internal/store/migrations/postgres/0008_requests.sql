-- 0008_requests: matchmaking settings of a mission (the deadline for
-- answering meeting requests and how many requests one person may send) and
-- the blocks of time people mark as not available for B2B meetings
-- (PostgreSQL). Keep the same tables and columns as ../sqlite/0008_requests.sql.
-- max_requests 0 means no limit; request_deadline NULL means requests do not
-- expire.

CREATE TABLE matchmaking (
    mission_id       BIGINT PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    request_deadline TIMESTAMPTZ,
    max_requests     INTEGER NOT NULL DEFAULT 0 CHECK (max_requests >= 0),
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE availability_blocks (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id  BIGINT NOT NULL REFERENCES persons (id),
    starts_at  TIMESTAMPTZ NOT NULL,
    ends_at    TIMESTAMPTZ NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX availability_blocks_person ON availability_blocks (mission_id, person_id, starts_at);
CREATE INDEX meeting_requests_status ON meeting_requests (mission_id, status);
