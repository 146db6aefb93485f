-- 0015_outcomes_feedback: what came of each B2B meeting as each of its
-- people recorded it, the feedback survey of a mission (the organisers' own
-- open questions) with one response per person, and the consortium's KPI
-- targets beyond target_participants (SQLite). Keep the same tables and
-- columns as ../postgres/0015_outcomes_feedback.sql.

-- meeting_outcomes holds one record per person per meeting: whether it took
-- place for them and what came of it. A meeting not held has outcome none.
CREATE TABLE meeting_outcomes (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    held       INTEGER NOT NULL CHECK (held IN (0, 1)),
    outcome    TEXT NOT NULL CHECK (outcome IN ('none', 'follow_up', 'offer', 'partnership', 'contract')),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id),
    CHECK (held = 1 OR outcome = 'none')
) STRICT;
CREATE INDEX meeting_outcomes_person ON meeting_outcomes (person_id);

-- feedback_surveys holds a mission's own open questions (a JSON array of
-- texts) asked after the fixed ones; no row means none.
CREATE TABLE feedback_surveys (
    mission_id INTEGER PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    questions  TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
) STRICT;

-- feedback_responses holds one answer per person per mission: satisfaction
-- from 1 to 5, what worked, what to improve, whether they would recommend
-- it, and the answers to the mission's own questions (a JSON array of
-- {question, answer}, so an answer keeps the question it answered).
CREATE TABLE feedback_responses (
    id           INTEGER PRIMARY KEY,
    mission_id   INTEGER NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES persons (id),
    role         TEXT NOT NULL CHECK (role IN ('participant', 'local')),
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    worked       TEXT NOT NULL DEFAULT '',
    improve      TEXT NOT NULL DEFAULT '',
    recommend    INTEGER NOT NULL CHECK (recommend IN (0, 1)),
    answers      TEXT NOT NULL DEFAULT '[]',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (mission_id, person_id)
) STRICT;

-- The consortium's other KPI targets over its period (0: no target).
ALTER TABLE consortia ADD COLUMN target_smes INTEGER NOT NULL DEFAULT 0 CHECK (target_smes >= 0);
ALTER TABLE consortia ADD COLUMN target_meetings INTEGER NOT NULL DEFAULT 0 CHECK (target_meetings >= 0);
ALTER TABLE consortia ADD COLUMN target_missions INTEGER NOT NULL DEFAULT 0 CHECK (target_missions >= 0);
