-- The culture hub: one editable draft and numbered, immutable published versions.
-- A version's content is a JSON document (vision, mission, strategy, priorities, values,
-- each text in English and Chinese, markdown source). Values and priorities inside it
-- carry the ids of culture_values / strategic_priorities, which publishing keeps in sync.
CREATE TABLE culture_versions (
    id           INTEGER PRIMARY KEY,
    number       INTEGER UNIQUE,           -- NULL while a draft
    content      TEXT NOT NULL,            -- JSON CultureDoc
    updated_by   INTEGER REFERENCES people(id),
    updated_at   TEXT NOT NULL,
    published_by INTEGER REFERENCES people(id),
    published_at TEXT                      -- NULL while a draft
);
-- At most one draft at a time.
CREATE UNIQUE INDEX culture_versions_one_draft ON culture_versions((number IS NULL)) WHERE number IS NULL;

-- "I have read this version".
CREATE TABLE culture_acknowledgements (
    version_id INTEGER NOT NULL REFERENCES culture_versions(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    at         TEXT NOT NULL,
    PRIMARY KEY (version_id, person_id)
);
CREATE INDEX culture_acknowledgements_person ON culture_acknowledgements(person_id, version_id);
