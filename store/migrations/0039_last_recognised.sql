-- Each person's last visible recognition: the newest created_at among the recognitions they
-- received that are not hidden and not system awards (the recognition-desert rule). The
-- manager's inbox shows its deserts on every page; without this row it read each team
-- member's recognitions (~74 random reads into a million rows per view at 100,000 people).
-- A person with no such recognition has no row. Triggers keep it in the same transaction as
-- every change to what it sums up: a recipient added or removed, a recognition hidden, shown
-- again, re-dated, re-sourced or deleted.
CREATE TABLE recognition_last (
    person_id INTEGER PRIMARY KEY,
    at        TEXT NOT NULL
);

INSERT INTO recognition_last (person_id, at)
SELECT rr.person_id, max(r.created_at)
FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
WHERE r.hidden_at IS NULL AND r.source != 'system'
GROUP BY rr.person_id;

-- A new recipient: only ever moves the date forward.
CREATE TRIGGER recognition_last_added AFTER INSERT ON recognition_recipients BEGIN
	INSERT INTO recognition_last (person_id, at)
	SELECT NEW.person_id, created_at FROM recognitions
	WHERE id = NEW.recognition_id AND hidden_at IS NULL AND source != 'system'
	ON CONFLICT (person_id) DO UPDATE SET at = max(at, excluded.at);
END;

-- A recipient removed: read that person's recognitions again.
CREATE TRIGGER recognition_last_removed AFTER DELETE ON recognition_recipients BEGIN
	DELETE FROM recognition_last WHERE person_id = OLD.person_id;
	INSERT INTO recognition_last (person_id, at)
	SELECT OLD.person_id, max(r.created_at) FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
	WHERE rr.person_id = OLD.person_id AND r.hidden_at IS NULL AND r.source != 'system'
	HAVING max(r.created_at) IS NOT NULL;
END;

-- A recognition hidden, shown again, re-dated or re-sourced: read its recipients' again.
CREATE TRIGGER recognition_last_changed AFTER UPDATE OF hidden_at, created_at, source ON recognitions
WHEN (OLD.hidden_at IS NULL) != (NEW.hidden_at IS NULL) OR OLD.created_at != NEW.created_at OR OLD.source != NEW.source BEGIN
	DELETE FROM recognition_last WHERE person_id IN (SELECT person_id FROM recognition_recipients WHERE recognition_id = NEW.id);
	INSERT INTO recognition_last (person_id, at)
	SELECT x.person_id, max(r.created_at) FROM recognition_recipients x
		JOIN recognition_recipients rr ON rr.person_id = x.person_id JOIN recognitions r ON r.id = rr.recognition_id
	WHERE x.recognition_id = NEW.id AND r.hidden_at IS NULL AND r.source != 'system'
	GROUP BY x.person_id;
END;

-- A recognition deleted (its recipients still listed): read their recognitions again.
CREATE TRIGGER recognition_last_deleted AFTER DELETE ON recognitions BEGIN
	DELETE FROM recognition_last WHERE person_id IN (SELECT person_id FROM recognition_recipients WHERE recognition_id = OLD.id);
	INSERT INTO recognition_last (person_id, at)
	SELECT x.person_id, max(r.created_at) FROM recognition_recipients x
		JOIN recognition_recipients rr ON rr.person_id = x.person_id JOIN recognitions r ON r.id = rr.recognition_id
	WHERE x.recognition_id = OLD.id AND r.hidden_at IS NULL AND r.source != 'system'
	GROUP BY x.person_id;
END;
