-- Values and strategic priorities are first-class records that other areas link to
-- (recognition cites a value; goals and training align to a priority or value).
-- Their current names live here; the culture hub keeps each published version's text.
CREATE TABLE culture_values (
    id          INTEGER PRIMARY KEY,
    name_en     TEXT NOT NULL DEFAULT '',
    name_zh     TEXT NOT NULL DEFAULT '',
    meaning_en  TEXT NOT NULL DEFAULT '',
    meaning_zh  TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    retired_at  TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE strategic_priorities (
    id          INTEGER PRIMARY KEY,
    name_en     TEXT NOT NULL DEFAULT '',
    name_zh     TEXT NOT NULL DEFAULT '',
    summary_en  TEXT NOT NULL DEFAULT '',
    summary_zh  TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    retired_at  TEXT,
    created_at  TEXT NOT NULL
);
