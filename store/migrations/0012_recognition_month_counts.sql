-- The praise board's "this month" strip: recognitions per month, value and recipient, kept by
-- triggers as recognitions are given, hidden, shown again or re-dated, so the board reads the
-- top few per value from an index instead of aggregating the month's recognitions on every
-- view (28,000 of them at the end of a month at 100,000 people).
CREATE TABLE recognition_month_counts (
    month     TEXT NOT NULL,    -- 'YYYY-MM' of the recognition's created_at (UTC)
    value_id  INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (month, value_id, person_id)
) WITHOUT ROWID;
CREATE INDEX recognition_month_counts_top ON recognition_month_counts(month, value_id, n);

INSERT INTO recognition_month_counts (month, value_id, person_id, n)
SELECT substr(r.created_at, 1, 7), r.value_id, rr.person_id, count(*)
FROM recognitions r JOIN recognition_recipients rr ON rr.recognition_id = r.id
WHERE r.hidden_at IS NULL AND r.value_id IS NOT NULL
GROUP BY 1, 2, 3;

CREATE TRIGGER recognition_month_counts_added AFTER INSERT ON recognition_recipients BEGIN
	INSERT INTO recognition_month_counts (month, value_id, person_id, n)
	SELECT substr(created_at, 1, 7), value_id, NEW.person_id, 1 FROM recognitions
	WHERE id = NEW.recognition_id AND hidden_at IS NULL AND value_id IS NOT NULL
	ON CONFLICT (month, value_id, person_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER recognition_month_counts_removed AFTER DELETE ON recognition_recipients BEGIN
	UPDATE recognition_month_counts SET n = n - 1
	WHERE person_id = OLD.person_id AND (month, value_id) = (SELECT substr(created_at, 1, 7), value_id FROM recognitions
		WHERE id = OLD.recognition_id AND hidden_at IS NULL AND value_id IS NOT NULL);
END;

CREATE TRIGGER recognition_month_counts_changed AFTER UPDATE OF hidden_at, value_id, created_at ON recognitions
WHEN (OLD.hidden_at IS NULL) != (NEW.hidden_at IS NULL) OR OLD.value_id IS NOT NEW.value_id
	OR substr(OLD.created_at, 1, 7) != substr(NEW.created_at, 1, 7) BEGIN
	UPDATE recognition_month_counts SET n = n - 1
	WHERE OLD.hidden_at IS NULL AND OLD.value_id IS NOT NULL AND month = substr(OLD.created_at, 1, 7)
		AND value_id = OLD.value_id AND person_id IN (SELECT person_id FROM recognition_recipients WHERE recognition_id = OLD.id);
	INSERT INTO recognition_month_counts (month, value_id, person_id, n)
	SELECT substr(NEW.created_at, 1, 7), NEW.value_id, person_id, 1 FROM recognition_recipients
	WHERE recognition_id = NEW.id AND NEW.hidden_at IS NULL AND NEW.value_id IS NOT NULL
	ON CONFLICT (month, value_id, person_id) DO UPDATE SET n = n + 1;
END;
