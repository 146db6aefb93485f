-- 0016_stories: the public story of a mission and each person's consent to
-- be named in public stories (postgres). Keep the same tables and columns as
-- ../sqlite/0016_stories.sql (docs/adr/0028-mission-stories.md).

-- stories holds one story per mission: the text its organisers drafted and
-- edited, in one language, and whether (since when, by whom) it is
-- published. Who published or withdrew it when is kept in audit_log.
CREATE TABLE stories (
    mission_id   BIGINT PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
    language     TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 8),
    title        TEXT NOT NULL CHECK (title <> ''),
    lead         TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMPTZ,
    published_by BIGINT REFERENCES persons (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_by   BIGINT REFERENCES persons (id) ON DELETE SET NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- public_mention_consents lists the people who agreed to be named, with
-- their organisation, in public stories about missions; no row means no.
CREATE TABLE public_mention_consents (
    person_id BIGINT PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    given_at  TIMESTAMPTZ NOT NULL
);
