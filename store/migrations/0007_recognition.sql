-- Recognition board and badges (docs/recognition.md).
-- A badge in use is retired, never deleted: its history stays linked.
CREATE TABLE badges (
    id             INTEGER PRIMARY KEY,
    system_key     TEXT UNIQUE,            -- set for system badges: onboarding, strategy_understood, tenure_1, tenure_3, tenure_5
    name_en        TEXT NOT NULL DEFAULT '',
    name_zh        TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    description_zh TEXT NOT NULL DEFAULT '',
    criteria_en    TEXT NOT NULL DEFAULT '',
    criteria_zh    TEXT NOT NULL DEFAULT '',
    icon           TEXT NOT NULL,
    colour         TEXT NOT NULL,
    value_id       INTEGER REFERENCES culture_values(id),
    awarded_by     TEXT NOT NULL CHECK (awarded_by IN ('peers', 'managers', 'leaders', 'system')),
    retired_at     TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- One recognition, given to one or more people (or a whole team, expanded into recipients).
CREATE TABLE recognitions (
    id              INTEGER PRIMARY KEY,
    source          TEXT NOT NULL CHECK (source IN ('peer', 'manager', 'customer', 'qa', 'system')),
    giver_id        INTEGER REFERENCES people(id),   -- NULL for system awards
    badge_id        INTEGER REFERENCES badges(id),
    value_id        INTEGER REFERENCES culture_values(id),
    message         TEXT NOT NULL,
    team            TEXT NOT NULL DEFAULT '',         -- set when given to a whole team
    channel         TEXT NOT NULL DEFAULT '',         -- customer praise: phone, chat, email, survey
    customer_words  TEXT NOT NULL DEFAULT '',
    praised_on      TEXT,                             -- customer praise: the day the customer said it
    qa_score        INTEGER,                          -- QA commendation: 0..100
    uses_allowance  INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT UNIQUE,                      -- double submits and system occasions collapse here
    created_at      TEXT NOT NULL,
    hidden_at       TEXT,
    hidden_by       INTEGER REFERENCES people(id),
    hidden_reason   TEXT NOT NULL DEFAULT '',
    CHECK (badge_id IS NOT NULL OR value_id IS NOT NULL)
);
-- The board reads newest first by (created_at, id): keyset pagination walks this index.
CREATE INDEX recognitions_board ON recognitions(created_at, id);
CREATE INDEX recognitions_giver ON recognitions(giver_id, created_at);

CREATE TABLE recognition_recipients (
    recognition_id INTEGER NOT NULL REFERENCES recognitions(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (recognition_id, person_id)
) WITHOUT ROWID;
CREATE INDEX recognition_recipients_person ON recognition_recipients(person_id, recognition_id);

CREATE TABLE recognition_reactions (
    recognition_id INTEGER NOT NULL REFERENCES recognitions(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    created_at     TEXT NOT NULL,
    PRIMARY KEY (recognition_id, person_id)
) WITHOUT ROWID;

CREATE TABLE recognition_comments (
    id             INTEGER PRIMARY KEY,
    recognition_id INTEGER NOT NULL REFERENCES recognitions(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    hidden_at      TEXT,
    hidden_by      INTEGER REFERENCES people(id),
    hidden_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recognition_comments_recognition ON recognition_comments(recognition_id, id);

-- People who opted out of the "this month" rankings (a profile setting).
CREATE TABLE recognition_ranking_optouts (
    person_id  INTEGER PRIMARY KEY REFERENCES people(id),
    created_at TEXT NOT NULL
);

-- The built-in system badges; awarded automatically, only on success.
INSERT INTO badges (system_key, name_en, name_zh, description_en, description_zh, criteria_en, criteria_zh, icon, colour, awarded_by, created_at, updated_at) VALUES
 ('onboarding', 'Onboarding Graduate', '入职文化培训结业', 'Passed the onboarding culture training.', '通过了入职文化培训。', 'Awarded automatically on passing the onboarding course.', '通过入职课程后自动授予。', 'graduate', 'teal', 'system', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
 ('strategy_understood', 'Strategy Navigator', '战略领航者', 'Demonstrated understanding of our vision and service strategy.', '展示了对公司愿景和服务战略的理解。', 'Awarded automatically when a strategy check shows understanding.', '在战略理解度检查中表现出理解后自动授予。', 'compass', 'indigo', 'system', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
 ('tenure_1', 'One Year With Us', '入职一周年', 'One year of service.', '服务满一年。', 'Awarded automatically on the first work anniversary.', '入职满一年时自动授予。', 'calendar', 'slate', 'system', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
 ('tenure_3', 'Three Years With Us', '入职三周年', 'Three years of service.', '服务满三年。', 'Awarded automatically on the third work anniversary.', '入职满三年时自动授予。', 'calendar', 'green', 'system', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
 ('tenure_5', 'Five Years With Us', '入职五周年', 'Five years of service.', '服务满五年。', 'Awarded automatically on the fifth work anniversary.', '入职满五年时自动授予。', 'star', 'gold', 'system', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
