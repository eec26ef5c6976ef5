-- Double-submit guard: a form that makes a secret (a reset password, an API token) carries a
-- random key; the action records its hash in the same transaction, so a second POST of the
-- same form (a browser refresh) finds it and does nothing. Housekeeping forgets old keys.
CREATE TABLE used_form_keys (
    key_hash  TEXT PRIMARY KEY,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    used_at   TEXT NOT NULL
);
CREATE INDEX used_form_keys_used_at ON used_form_keys (used_at);

-- An administrator's reset gives a temporary password: the person must choose their own at
-- the next sign-in. Set by the reset, cleared by the person's own change.
ALTER TABLE people ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
