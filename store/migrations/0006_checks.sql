-- The 80% check: strategy-understanding checks, the eligible population snapshot taken at
-- opening (with the frozen per-person result written at closing), attempts and interviews.
CREATE TABLE checks (
    id                INTEGER PRIMARY KEY,
    title             TEXT NOT NULL,
    opens_on          TEXT NOT NULL,
    closes_on         TEXT NOT NULL,
    target_pct        INTEGER NOT NULL DEFAULT 80 CHECK (target_pct BETWEEN 1 AND 100),
    min_tenure_days   INTEGER NOT NULL DEFAULT 90 CHECK (min_tenure_days >= 0),
    employment_types  TEXT NOT NULL DEFAULT 'permanent', -- comma-separated list
    pass_mark         REAL NOT NULL DEFAULT 70,            -- percent score an attempt needs
    culture_version   INTEGER,                             -- the culture version tested, if known
    retakes           INTEGER NOT NULL DEFAULT 0 CHECK (retakes >= 0),
    status            TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'open', 'closed')),
    opened_at         TEXT,
    closed_at         TEXT,
    created_by        INTEGER REFERENCES people(id),
    created_at        TEXT NOT NULL
);
CREATE INDEX checks_status ON checks(status, opens_on);

-- Who was eligible when the check opened, as they were then. Never rewritten by HR changes.
-- The final_* columns are written once, when the check closes; after that the report reads them.
CREATE TABLE check_population (
    check_id          INTEGER NOT NULL REFERENCES checks(id),
    person_id         INTEGER NOT NULL REFERENCES people(id),
    employee_id       TEXT NOT NULL,
    name              TEXT NOT NULL,
    tier              TEXT NOT NULL,
    department        TEXT NOT NULL,
    team              TEXT NOT NULL,
    manager_id        INTEGER,
    final_counted     INTEGER,          -- 1 counted, 0 left before closing; NULL while open
    final_result      TEXT,
    final_method      TEXT,
    final_score       REAL,
    final_evidence_on TEXT,
    final_reviewer    TEXT,
    final_reviewed_at TEXT,
    final_left_on     TEXT,
    PRIMARY KEY (check_id, person_id)
);
CREATE INDEX check_population_manager ON check_population(check_id, manager_id);

CREATE TABLE check_attempts (
    id             INTEGER PRIMARY KEY,
    check_id       INTEGER NOT NULL REFERENCES checks(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    submitted_at   TEXT NOT NULL,
    score          REAL NOT NULL,
    passed_mark    INTEGER NOT NULL,    -- score >= the check's pass mark
    written_status TEXT NOT NULL CHECK (written_status IN ('none', 'pending', 'accepted', 'rejected')),
    reviewer_id    INTEGER REFERENCES people(id),
    reviewed_at    TEXT,
    feedback       TEXT NOT NULL DEFAULT '',
    practice       INTEGER NOT NULL DEFAULT 0 -- 1: the person was not eligible; never counted
);
CREATE INDEX check_attempts_person ON check_attempts(check_id, person_id);
CREATE INDEX check_attempts_pending ON check_attempts(check_id, written_status);

CREATE TABLE check_interviews (
    id             INTEGER PRIMARY KEY,
    check_id       INTEGER NOT NULL REFERENCES checks(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    interviewed_on TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',
    verdict        TEXT NOT NULL CHECK (verdict IN ('understood', 'not_understood')),
    recorded_by    INTEGER REFERENCES people(id),
    recorded_at    TEXT NOT NULL
);
CREATE INDEX check_interviews_person ON check_interviews(check_id, person_id);
