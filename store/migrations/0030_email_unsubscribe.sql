-- A notification email carries its one-click unsubscribe address (List-Unsubscribe header).
ALTER TABLE email_outbox ADD COLUMN unsubscribe_url TEXT NOT NULL DEFAULT '';
