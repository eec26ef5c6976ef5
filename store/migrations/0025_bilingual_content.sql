-- Bilingual content (issue 15): the Chinese beside the English. Either may be empty (not
-- both for titles); the reader sees their language and falls back to the other.
ALTER TABLE goals ADD COLUMN title_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN kpi_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE checks ADD COLUMN title_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN title_zh TEXT NOT NULL DEFAULT '';

-- Departments and teams are names stored on people, goals and check snapshots; their
-- Chinese names live once here, keyed by the stored name, so renaming the Chinese does not
-- rewrite thousands of rows and every place that shows a unit finds it the same way.
CREATE TABLE org_unit_names (
    kind    TEXT NOT NULL CHECK (kind IN ('department', 'team')),
    name    TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;
