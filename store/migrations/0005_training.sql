-- The question engine (store/questions.go): question sets, questions, options, attempts,
-- answers and review verdicts. Not tied to courses: a course quiz owns one set per course
-- revision; the strategy check owns its own sets. Owner tells which area reacts when an
-- attempt becomes final.
CREATE TABLE question_sets (
    id               INTEGER PRIMARY KEY,
    owner            TEXT NOT NULL DEFAULT '',          -- 'course', 'check', …
    pass_mark        INTEGER NOT NULL DEFAULT 80 CHECK (pass_mark BETWEEN 0 AND 100), -- percent
    draw_count       INTEGER NOT NULL DEFAULT 0 CHECK (draw_count >= 0), -- 0: every question
    shuffle_options  INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL DEFAULT 0 CHECK (max_attempts >= 0), -- 0: unlimited
    cooldown_minutes INTEGER NOT NULL DEFAULT 0 CHECK (cooldown_minutes >= 0),
    copied_from      INTEGER REFERENCES question_sets(id),
    created_at       TEXT NOT NULL
);

CREATE TABLE questions (
    id             INTEGER PRIMARY KEY,
    set_id         INTEGER NOT NULL REFERENCES question_sets(id) ON DELETE CASCADE,
    origin_id      INTEGER REFERENCES questions(id), -- the first version of this question (item analysis across copies)
    kind           TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'true_false', 'written')),
    partial_credit INTEGER NOT NULL DEFAULT 0,
    points         INTEGER NOT NULL DEFAULT 1 CHECK (points > 0),
    position       INTEGER NOT NULL DEFAULT 0,
    prompt_en      TEXT NOT NULL DEFAULT '',
    prompt_zh      TEXT NOT NULL DEFAULT '',
    explanation_en TEXT NOT NULL DEFAULT '',
    explanation_zh TEXT NOT NULL DEFAULT '',
    rubric_en      TEXT NOT NULL DEFAULT '',
    rubric_zh      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX questions_set ON questions(set_id, position);

CREATE TABLE question_options (
    id          INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    origin_id   INTEGER REFERENCES question_options(id),
    position    INTEGER NOT NULL DEFAULT 0,
    text_en     TEXT NOT NULL DEFAULT '',
    text_zh     TEXT NOT NULL DEFAULT '',
    correct     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX question_options_question ON question_options(question_id, position);

-- An attempt is created when the person opens the questions (token = idempotency key,
-- sent back in a hidden field) and becomes submitted exactly once.
CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY,
    set_id       INTEGER NOT NULL REFERENCES question_sets(id),
    person_id    INTEGER NOT NULL REFERENCES people(id),
    token        TEXT NOT NULL UNIQUE,
    started_at   TEXT NOT NULL,
    submitted_at TEXT,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending_review', 'scored')),
    points       REAL NOT NULL DEFAULT 0,  -- earned (reviewed and auto-scored answers)
    max_points   REAL NOT NULL DEFAULT 0,
    score        REAL,                     -- 0..1, set when status = 'scored'
    passed       INTEGER,                  -- set when status = 'scored'
    scored_at    TEXT
);
CREATE INDEX attempts_person ON attempts(person_id, set_id);
CREATE INDEX attempts_set ON attempts(set_id, status);

-- The questions an attempt presented, in order, with the option order it showed.
CREATE TABLE attempt_questions (
    attempt_id   INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question_id  INTEGER NOT NULL REFERENCES questions(id),
    position     INTEGER NOT NULL,
    option_order TEXT NOT NULL DEFAULT '[]', -- JSON array of option ids
    PRIMARY KEY (attempt_id, question_id)
);

-- One answer per presented question; credit NULL = waiting for review (written answers).
CREATE TABLE attempt_answers (
    attempt_id  INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES questions(id),
    chosen      TEXT NOT NULL DEFAULT '[]', -- JSON array of option ids
    text        TEXT NOT NULL DEFAULT '',
    credit      REAL,                       -- 0..1 of the question's points
    reviewer_id INTEGER REFERENCES people(id),
    reviewed_at TEXT,
    feedback    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX attempt_answers_pending ON attempt_answers(credit) WHERE credit IS NULL;

-- Training: courses in revisions, lessons, assignment rules, assignments, completions.
-- A course shows learners its published revision; authors edit a draft revision. Editing a
-- published course starts a new draft revision (lessons and question set copied); attempts
-- keep the question set, hence the revision, they were taken on.
CREATE TABLE courses (
    id                    INTEGER PRIMARY KEY,
    key                   TEXT UNIQUE,                   -- stable key, e.g. 'onboarding'
    department            TEXT NOT NULL DEFAULT '',      -- '' company-wide; managers author their department's
    published_revision_id INTEGER,                       -- NULL: never published (a draft)
    draft_revision_id     INTEGER,                       -- NULL: no unpublished changes
    archived_at           TEXT,
    created_by            INTEGER REFERENCES people(id),
    created_at            TEXT NOT NULL
);

CREATE TABLE course_revisions (
    id              INTEGER PRIMARY KEY,
    course_id       INTEGER NOT NULL REFERENCES courses(id),
    number          INTEGER NOT NULL,
    title_en        TEXT NOT NULL DEFAULT '',
    title_zh        TEXT NOT NULL DEFAULT '',
    summary_en      TEXT NOT NULL DEFAULT '',
    summary_zh      TEXT NOT NULL DEFAULT '',
    value_id        INTEGER REFERENCES culture_values(id),
    priority_id     INTEGER REFERENCES strategic_priorities(id),
    question_set_id INTEGER NOT NULL REFERENCES question_sets(id),
    published_at    TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (course_id, number)
);
CREATE INDEX course_revisions_set ON course_revisions(question_set_id);

CREATE TABLE lessons (
    id          INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL REFERENCES course_revisions(id) ON DELETE CASCADE,
    lesson_key  INTEGER NOT NULL DEFAULT 0,  -- the first version's id: reading survives new revisions
    position    INTEGER NOT NULL,
    title_en    TEXT NOT NULL DEFAULT '',
    title_zh    TEXT NOT NULL DEFAULT '',
    body_en     TEXT NOT NULL DEFAULT '',    -- markdown, rendered then sanitised
    body_zh     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lessons_revision ON lessons(revision_id, position);

CREATE TABLE lesson_reads (
    person_id  INTEGER NOT NULL REFERENCES people(id),
    course_id  INTEGER NOT NULL REFERENCES courses(id),
    lesson_key INTEGER NOT NULL,
    read_at    TEXT NOT NULL,
    PRIMARY KEY (person_id, lesson_key)
);
CREATE INDEX lesson_reads_course ON lesson_reads(course_id, person_id);

CREATE TABLE assignment_rules (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    kind        TEXT NOT NULL CHECK (kind IN ('new_hires', 'department', 'team', 'tier', 'people')),
    value       TEXT NOT NULL DEFAULT '',  -- the department, team or tier
    due_days    INTEGER NOT NULL DEFAULT 14 CHECK (due_days >= 0), -- new hires: after hire; others: after assignment
    due_on      TEXT,                      -- a fixed due date (groups and people) instead of due_days
    hired_since TEXT,                      -- new hires: hired on or after this day
    created_by  INTEGER REFERENCES people(id),
    created_at  TEXT NOT NULL,
    retired_at  TEXT
);
CREATE INDEX assignment_rules_course ON assignment_rules(course_id);

CREATE TABLE assignment_rule_people (
    rule_id   INTEGER NOT NULL REFERENCES assignment_rules(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (rule_id, person_id)
);

CREATE TABLE assignments (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    rule_id     INTEGER REFERENCES assignment_rules(id),
    assigned_at TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    UNIQUE (person_id, course_id)
);
CREATE INDEX assignments_course ON assignments(course_id);

-- First pass of a course: kept for the onboarding badge (recognition awards it, also retroactively).
CREATE TABLE course_completions (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    revision_id INTEGER NOT NULL REFERENCES course_revisions(id),
    attempt_id  INTEGER REFERENCES attempts(id),
    passed_at   TEXT NOT NULL,
    UNIQUE (person_id, course_id)
);
CREATE INDEX course_completions_course ON course_completions(course_id);
