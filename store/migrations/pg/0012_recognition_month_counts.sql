-- PostgreSQL's 0012 (see the common file for why): the month-count triggers as PL/pgSQL.
CREATE TABLE recognition_month_counts (
    month     TEXT NOT NULL,
    value_id  BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (month, value_id, person_id)
);
CREATE INDEX recognition_month_counts_top ON recognition_month_counts(month, value_id, n);

INSERT INTO recognition_month_counts (month, value_id, person_id, n)
SELECT substr(r.created_at, 1, 7), r.value_id, rr.person_id, count(*)
FROM recognitions r JOIN recognition_recipients rr ON rr.recognition_id = r.id
WHERE r.hidden_at IS NULL AND r.value_id IS NOT NULL
GROUP BY 1, 2, 3;

CREATE FUNCTION recognition_month_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO recognition_month_counts AS c (month, value_id, person_id, n)
	SELECT substr(created_at, 1, 7), value_id, NEW.person_id, 1 FROM recognitions
	WHERE id = NEW.recognition_id AND hidden_at IS NULL AND value_id IS NOT NULL
	ON CONFLICT (month, value_id, person_id) DO UPDATE SET n = c.n + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER recognition_month_counts_added AFTER INSERT ON recognition_recipients
FOR EACH ROW EXECUTE FUNCTION recognition_month_counts_added();

CREATE FUNCTION recognition_month_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE recognition_month_counts SET n = n - 1
	WHERE person_id = OLD.person_id AND (month, value_id) = (SELECT substr(created_at, 1, 7), value_id FROM recognitions
		WHERE id = OLD.recognition_id AND hidden_at IS NULL AND value_id IS NOT NULL);
	RETURN NULL;
END $$;
CREATE TRIGGER recognition_month_counts_removed AFTER DELETE ON recognition_recipients
FOR EACH ROW EXECUTE FUNCTION recognition_month_counts_removed();

CREATE FUNCTION recognition_month_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE recognition_month_counts SET n = n - 1
	WHERE OLD.hidden_at IS NULL AND OLD.value_id IS NOT NULL AND month = substr(OLD.created_at, 1, 7)
		AND value_id = OLD.value_id AND person_id IN (SELECT person_id FROM recognition_recipients WHERE recognition_id = OLD.id);
	INSERT INTO recognition_month_counts AS c (month, value_id, person_id, n)
	SELECT substr(NEW.created_at, 1, 7), NEW.value_id, person_id, 1 FROM recognition_recipients
	WHERE recognition_id = NEW.id AND NEW.hidden_at IS NULL AND NEW.value_id IS NOT NULL
	ON CONFLICT (month, value_id, person_id) DO UPDATE SET n = c.n + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER recognition_month_counts_changed AFTER UPDATE OF hidden_at, value_id, created_at ON recognitions
FOR EACH ROW WHEN ((OLD.hidden_at IS NULL) != (NEW.hidden_at IS NULL) OR OLD.value_id IS DISTINCT FROM NEW.value_id
	OR substr(OLD.created_at, 1, 7) != substr(NEW.created_at, 1, 7))
EXECUTE FUNCTION recognition_month_counts_changed();
