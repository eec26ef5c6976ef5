-- People, sign-in, sessions, audit log, API tokens, HR import batches, notifications.
CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    employee_id      TEXT NOT NULL UNIQUE,
    email            TEXT UNIQUE COLLATE NOCASE,
    name             TEXT NOT NULL,
    title            TEXT NOT NULL DEFAULT '',
    department       TEXT NOT NULL DEFAULT '',
    team             TEXT NOT NULL DEFAULT '',
    manager_id       INTEGER REFERENCES people(id),
    tier             TEXT NOT NULL CHECK (tier IN ('front_line', 'middle_manager', 'senior_leader')),
    role             TEXT NOT NULL CHECK (role IN ('employee', 'manager', 'leader', 'admin')),
    employment_type  TEXT NOT NULL CHECK (employment_type IN ('permanent', 'temporary', 'contractor')),
    hired_on         TEXT NOT NULL,
    left_on          TEXT,
    language         TEXT NOT NULL DEFAULT '',
    password_hash    TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX people_department_team ON people(department, team);
CREATE INDEX people_team ON people(team);
CREATE INDEX people_manager ON people(manager_id);
CREATE INDEX people_name ON people(name);

-- scs sqlite3store's table.
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions(expiry);

-- Failed sign-ins, kept in the database so throttling works across app instances.
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    login_key TEXT NOT NULL,
    client    TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures(login_key, at);
CREATE INDEX login_failures_client ON login_failures(client, at);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor_id INTEGER REFERENCES people(id),
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   INTEGER REFERENCES people(id),
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

-- An uploaded HR file waiting for the admin to confirm its preview.
CREATE TABLE import_batches (
    id         INTEGER PRIMARY KEY,
    created_by INTEGER REFERENCES people(id),
    created_at TEXT NOT NULL,
    content    BLOB NOT NULL
);

-- In-app notifications; every area writes here, the header shows the unread count.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    kind       TEXT NOT NULL,             -- a message key, translated when shown
    args       TEXT NOT NULL DEFAULT '[]', -- JSON array of strings for the message
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_person ON notifications(person_id, read_at);

-- Small key/value settings (admin settings, the demo marker).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
