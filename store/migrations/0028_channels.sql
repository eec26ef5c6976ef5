-- Team chat channels (WeCom, DingTalk, Slack, Teams, generic JSON) and the durable outbox of
-- their deliveries: a delivery row exists exactly when what caused it does, and a background
-- worker sends it with retries.
CREATE TABLE channels (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('wecom', 'dingtalk', 'slack', 'teams', 'generic')),
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,            -- write-only after saving; sealed with LODESTAR_SECRET_KEY when set
    secret      TEXT NOT NULL DEFAULT '', -- DingTalk signing secret / generic HMAC key; write-only, sealed
    events      TEXT NOT NULL DEFAULT '[]', -- JSON array of event keys it receives
    department  TEXT NOT NULL DEFAULT '', -- only events about this department ('' any)
    team        TEXT NOT NULL DEFAULT '', -- only events about this team ('' any)
    language    TEXT NOT NULL DEFAULT 'en',
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE channel_deliveries (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES channels(id),
    event_key       TEXT NOT NULL,            -- what it tells ('test' for a test message)
    event_id        INTEGER,                  -- the event it came from, when one
    subject_kind    TEXT NOT NULL DEFAULT '', -- checked again before sending: a hidden recognition is dropped
    subject_id      INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT NOT NULL UNIQUE,     -- one delivery per channel and event, sent to generic receivers
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,            -- plain lines; each kind formats them natively
    link            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    give_up_at      TEXT NOT NULL,
    last_code       INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX channel_deliveries_due ON channel_deliveries(status, next_attempt_at);
CREATE INDEX channel_deliveries_log ON channel_deliveries(channel_id, id);
CREATE INDEX channel_deliveries_sent ON channel_deliveries(channel_id, sent_at) WHERE status = 'sent';
