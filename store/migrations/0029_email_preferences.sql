-- Which notifications a person also wants by email; a kind without a row uses its default.
CREATE TABLE email_preferences (
    person_id  INTEGER NOT NULL REFERENCES people(id),
    kind       TEXT NOT NULL,
    enabled    INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, kind)
) WITHOUT ROWID;
