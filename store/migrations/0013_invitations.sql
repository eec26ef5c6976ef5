-- One-time links: an invitation (first password) or a password reset. Only the SHA-256 of
-- the link's token is kept, so a copy of the database signs nobody in. code is a short
-- reference printed on the card (to match a card to a person), not a credential.
CREATE TABLE one_time_links (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    kind       TEXT NOT NULL CHECK (kind IN ('invitation', 'password_reset')),
    token_hash TEXT NOT NULL UNIQUE,
    code       TEXT NOT NULL,
    created_by INTEGER REFERENCES people(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    revoked_at TEXT
);
CREATE INDEX one_time_links_person ON one_time_links(person_id);

-- A person who leaves loses every open link, whichever path wrote the leaving date.
CREATE TRIGGER people_leaving_revokes_links AFTER UPDATE OF left_on ON people
WHEN NEW.left_on IS NOT NULL AND NEW.left_on IS NOT OLD.left_on
BEGIN
    UPDATE one_time_links SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE person_id = NEW.id AND used_at IS NULL AND revoked_at IS NULL;
END;

-- Forgot-password requests, counted per address and per client to throttle them.
CREATE TABLE password_reset_requests (
    id      INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    client  TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX password_reset_requests_address ON password_reset_requests(address, at);
CREATE INDEX password_reset_requests_client ON password_reset_requests(client, at);

-- Email waiting to be sent, written in the same transaction as what causes it; a worker
-- sends it with retries. Bodies are cleared once sent (they may hold a one-time link).
CREATE TABLE email_outbox (
    id              INTEGER PRIMARY KEY,
    to_address      TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX email_outbox_due ON email_outbox(status, next_attempt_at);
