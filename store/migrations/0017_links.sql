-- A one-time link exists to give someone a password. Once they have one some other way (an
-- admin's reset, their own change, another link), their open links stop working, in the
-- same transaction as the new password. UseLink marks its own link used first.
CREATE TRIGGER people_password_revokes_links AFTER UPDATE OF password_hash ON people
WHEN NEW.password_hash IS NOT OLD.password_hash
BEGIN
    UPDATE one_time_links SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE person_id = NEW.id AND used_at IS NULL AND revoked_at IS NULL;
END;

-- An email carrying a link remembers it (link_id), so that when the link is used, withdrawn
-- or expires, its email still waiting (queued or failed) is cancelled and its body — which
-- holds a working token — cleared. Rebuilt to allow the 'cancelled' status.
CREATE TABLE email_outbox_new (
    id              INTEGER PRIMARY KEY,
    to_address      TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    link_id         INTEGER REFERENCES one_time_links(id)
);
INSERT INTO email_outbox_new (id, to_address, language, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, created_at, sent_at)
    SELECT id, to_address, language, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, created_at, sent_at FROM email_outbox;
DROP TABLE email_outbox;
ALTER TABLE email_outbox_new RENAME TO email_outbox;
CREATE INDEX email_outbox_due ON email_outbox(status, next_attempt_at);
CREATE INDEX email_outbox_link ON email_outbox(link_id);

CREATE TRIGGER link_closed_cancels_email AFTER UPDATE OF used_at, revoked_at ON one_time_links
WHEN NEW.used_at IS NOT NULL OR NEW.revoked_at IS NOT NULL
BEGIN
    UPDATE email_outbox SET status = 'cancelled', text_body = '', html_body = ''
    WHERE link_id = NEW.id AND status IN ('queued', 'failed');
END;
