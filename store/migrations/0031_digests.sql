-- Weekly digests: one row per recipient (a manager's email, a channel's message) and ISO week,
-- written in the same transaction that queues the email or delivery, so a restart neither
-- misses a week nor sends it twice (issue 14).
CREATE TABLE digest_runs (
    kind       TEXT NOT NULL,    -- 'manager' or 'channel'
    target_id  INTEGER NOT NULL, -- the manager's person id or the channel's id
    iso_week   TEXT NOT NULL,    -- e.g. 2026-W49
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, target_id, iso_week)
);
-- Housekeeping deletes old sent deliveries and emails by age.
CREATE INDEX channel_deliveries_age ON channel_deliveries(created_at);
CREATE INDEX email_outbox_age ON email_outbox(created_at);
