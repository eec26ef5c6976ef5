-- Events are data (issue 12 §1): every change records one typed event; the audit log and the
-- notifications are renderings of this table, read by id. Notifications become per-recipient
-- rows pointing at an event. The old English-sentence rows are moved over as "legacy" events
-- whose arguments keep the stored text (views render them without parsing).
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    key          TEXT NOT NULL,                 -- a store.EventKey constant
    actor_id     INTEGER REFERENCES people(id), -- NULL: the system (scheduler, import)
    subject_kind TEXT NOT NULL DEFAULT '',      -- a store.RefKind ("goal", "check", …)
    subject_id   INTEGER NOT NULL DEFAULT 0,
    args         TEXT NOT NULL DEFAULT '[]'     -- JSON array of store.Arg
);
CREATE INDEX events_subject ON events(subject_kind, subject_id);

-- The legacy rows in time order, so their new ids follow time as ids do in use.
CREATE TEMP TABLE legacy_rows (
    new_id INTEGER PRIMARY KEY,
    src    TEXT NOT NULL,
    old_id INTEGER NOT NULL
);
INSERT INTO legacy_rows (src, old_id)
SELECT src, id FROM (
    SELECT 'audit' AS src, id, at FROM audit_log
    UNION ALL
    SELECT 'notification', id, created_at FROM notifications
) ORDER BY at, src, id;

INSERT INTO events (id, at, key, actor_id, args)
SELECT l.new_id, a.at, 'legacy.audit', a.actor_id,
       json_array(json_object('k', 'code', 'key', 'audit.', 's', a.action),
                  json_object('k', 'plain', 's', a.subject),
                  json_object('k', 'plain', 's', a.detail))
FROM legacy_rows l JOIN audit_log a ON l.src = 'audit' AND a.id = l.old_id;

-- A legacy notification keeps its message (notify.<kind>) and its text arguments; the
-- subject comes from its link so it still leads where it did.
INSERT INTO events (id, at, key, subject_kind, subject_id, args)
SELECT l.new_id, n.created_at, 'legacy.notification',
       CASE WHEN n.link LIKE '/recognition/%' THEN 'recognition'
            WHEN n.link LIKE '/goals/%' THEN 'goal'
            WHEN n.link LIKE '/checks/%' THEN 'check'
            WHEN n.link LIKE '/training/attempts/%' THEN 'attempt'
            ELSE '' END,
       CAST(CASE WHEN n.link LIKE '/recognition/%' THEN substr(n.link, 14)
                 WHEN n.link LIKE '/goals/%' THEN substr(n.link, 8)
                 WHEN n.link LIKE '/checks/%' THEN substr(n.link, 9)
                 WHEN n.link LIKE '/training/attempts/%' THEN substr(n.link, 20)
                 ELSE '0' END AS INTEGER),
       json_array(json_object('k', 'msg', 'key', 'notify.' || n.kind,
           'l', json((SELECT json_group_array(json_object('k', 'legacy', 's', value)) FROM json_each(n.args)))))
FROM legacy_rows l JOIN notifications n ON l.src = 'notification' AND n.id = l.old_id;

CREATE TABLE notifications_new (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    event_id  INTEGER NOT NULL REFERENCES events(id),
    reason    TEXT NOT NULL DEFAULT '', -- why this reader is told ("team": a manager), picks the wording
    read_at   TEXT
);
INSERT INTO notifications_new (person_id, event_id, read_at)
SELECT n.person_id, l.new_id, n.read_at
FROM legacy_rows l JOIN notifications n ON l.src = 'notification' AND n.id = l.old_id
ORDER BY l.new_id;

DROP TABLE legacy_rows;
DROP TABLE notifications;
DROP TABLE audit_log;
ALTER TABLE notifications_new RENAME TO notifications;
-- The page reads a person's newest first; the header counts the unread.
CREATE INDEX notifications_person ON notifications(person_id, id);
CREATE INDEX notifications_unread ON notifications(person_id) WHERE read_at IS NULL;
