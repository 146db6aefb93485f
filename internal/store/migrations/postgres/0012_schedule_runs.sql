-- 0012_schedule_runs: the B2B schedule of a mission (PostgreSQL). Keep the same
-- tables and columns as ../sqlite/0012_schedule_runs.sql.
-- docs/adr/0024-schedule-runs-and-jobs.md explains the choices.

-- b2b_settings: a mission's scheduling settings: the address that online
-- meetings' video links start with, the solver's time limit and the
-- fairness bound d (max − min breaks; -1 for none).
CREATE TABLE b2b_settings (
    mission_id         BIGINT PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    video_base_url     TEXT NOT NULL DEFAULT 'https://meet.jit.si/',
    time_limit_seconds INTEGER NOT NULL DEFAULT 20 CHECK (time_limit_seconds BETWEEN 1 AND 600),
    fairness           INTEGER NOT NULL DEFAULT 2 CHECK (fairness >= -1),
    updated_at         TIMESTAMPTZ NOT NULL
);

-- b2b_tables: the named or pinned tables of a b2b_session item (the item's
-- tables column says how many; tables without a row are "Table N").
CREATE TABLE b2b_tables (
    item_id          BIGINT NOT NULL REFERENCES programme_items (id) ON DELETE CASCADE,
    number           INTEGER NOT NULL CHECK (number >= 1),
    name             TEXT NOT NULL DEFAULT '',
    pinned_person_id BIGINT REFERENCES persons (id) ON DELETE SET NULL,
    PRIMARY KEY (item_id, number)
);

-- b2b_breaks: pauses inside a b2b_session item (a coffee break) that hold
-- no meeting slot.
CREATE TABLE b2b_breaks (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id   BIGINT NOT NULL REFERENCES programme_items (id) ON DELETE CASCADE,
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at   TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX b2b_breaks_item ON b2b_breaks (item_id, starts_at);

-- b2b_online: people who attend a mission's B2B meetings remotely; their
-- meetings are online, with a video link instead of a table.
CREATE TABLE b2b_online (
    mission_id BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id  BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    PRIMARY KEY (mission_id, person_id)
);

-- jobs: background work any node may take. A worker claims a queued job,
-- or a running one whose lease (locked_until) expired because its node
-- died, and extends the lease while it works.
CREATE TABLE jobs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind <> ''),
    mission_id   BIGINT REFERENCES missions (id) ON DELETE CASCADE,
    payload      TEXT NOT NULL DEFAULT '{}',
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    run_after    TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ,
    locked_by    TEXT NOT NULL DEFAULT '',
    progress     TEXT NOT NULL DEFAULT '{}',
    last_error   TEXT NOT NULL DEFAULT '',
    result_id    BIGINT,
    created_by   INTEGER REFERENCES persons (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX jobs_due ON jobs (status, run_after);
CREATE INDEX jobs_mission ON jobs (mission_id, id);

-- schedule_runs: a plan the scheduler made (generate) or re-made after
-- changes (repair), as JSON (the problem, the plan and the database ids it
-- maps to); a preview until an organiser publishes it into meetings.
-- version grows with every manual change.
CREATE TABLE schedule_runs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id   BIGINT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    job_id       BIGINT REFERENCES jobs (id) ON DELETE SET NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('generate', 'repair')),
    status       TEXT NOT NULL CHECK (status IN ('preview', 'published', 'superseded')),
    base_run_id  BIGINT REFERENCES schedule_runs (id) ON DELETE SET NULL,
    data         TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ,
    published_by INTEGER REFERENCES persons (id) ON DELETE SET NULL
);
CREATE INDEX schedule_runs_mission ON schedule_runs (mission_id, id);
