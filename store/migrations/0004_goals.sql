-- Goals (balanced scorecard): each goal belongs to the company, a department, a team or a
-- person, may sit under a parent goal one level up, and may align to a strategic priority.
-- Progress and status are derived from the check-ins, never stored.
CREATE TABLE goals (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    perspective  TEXT NOT NULL CHECK (perspective IN ('financial', 'customer', 'internal', 'learning')),
    kpi          TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    direction    TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    baseline     REAL NOT NULL,
    target       REAL NOT NULL,
    start_on     TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('company', 'department', 'team', 'person')),
    department   TEXT NOT NULL DEFAULT '',           -- department and team goals
    team         TEXT NOT NULL DEFAULT '',           -- team goals
    owner_id     INTEGER REFERENCES people(id),      -- personal goals
    parent_id    INTEGER REFERENCES goals(id),
    priority_id  INTEGER REFERENCES strategic_priorities(id),
    weight       REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
    state        TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('proposed', 'active')),
    created_by   INTEGER REFERENCES people(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX goals_parent ON goals(parent_id);
CREATE INDEX goals_owner ON goals(owner_id);
CREATE INDEX goals_unit ON goals(level, department, team);

CREATE TABLE goal_checkins (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER NOT NULL REFERENCES goals(id),
    value       REAL NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    on_date     TEXT NOT NULL,
    by_id       INTEGER REFERENCES people(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX goal_checkins_goal ON goal_checkins(goal_id, on_date);
