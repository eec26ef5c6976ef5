-- PostgreSQL's 0039 (see the common file for why): each person's last visible recognition,
-- with the triggers as PL/pgSQL.
CREATE TABLE recognition_last (
    person_id BIGINT PRIMARY KEY,
    at        TEXT NOT NULL
);

INSERT INTO recognition_last (person_id, at)
SELECT rr.person_id, max(r.created_at)
FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
WHERE r.hidden_at IS NULL AND r.source != 'system'
GROUP BY rr.person_id;

-- recognition_last_reread reads the people of one recognition (or one person) again.
CREATE FUNCTION recognition_last_reread(p_recognition BIGINT, p_person BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM recognition_last WHERE person_id = p_person
		OR person_id IN (SELECT person_id FROM recognition_recipients WHERE recognition_id = p_recognition);
	INSERT INTO recognition_last (person_id, at)
	SELECT x.person_id, max(r.created_at)
	FROM (SELECT person_id FROM recognition_recipients WHERE recognition_id = p_recognition
		UNION SELECT p_person WHERE p_person IS NOT NULL) x
		JOIN recognition_recipients rr ON rr.person_id = x.person_id JOIN recognitions r ON r.id = rr.recognition_id
	WHERE r.hidden_at IS NULL AND r.source != 'system'
	GROUP BY x.person_id;
END $$;

CREATE FUNCTION recognition_last_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO recognition_last AS l (person_id, at)
	SELECT NEW.person_id, created_at FROM recognitions
	WHERE id = NEW.recognition_id AND hidden_at IS NULL AND source != 'system'
	ON CONFLICT (person_id) DO UPDATE SET at = GREATEST(l.at, excluded.at);
	RETURN NULL;
END $$;
CREATE TRIGGER recognition_last_added AFTER INSERT ON recognition_recipients
FOR EACH ROW EXECUTE FUNCTION recognition_last_added();

CREATE FUNCTION recognition_last_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM recognition_last_reread(NULL, OLD.person_id);
	RETURN NULL;
END $$;
CREATE TRIGGER recognition_last_removed AFTER DELETE ON recognition_recipients
FOR EACH ROW EXECUTE FUNCTION recognition_last_removed();

CREATE FUNCTION recognition_last_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM recognition_last_reread(NEW.id, NULL);
	RETURN NULL;
END $$;
CREATE TRIGGER recognition_last_changed AFTER UPDATE OF hidden_at, created_at, source ON recognitions
FOR EACH ROW WHEN ((OLD.hidden_at IS NULL) != (NEW.hidden_at IS NULL) OR OLD.created_at != NEW.created_at OR OLD.source != NEW.source)
EXECUTE FUNCTION recognition_last_changed();

CREATE FUNCTION recognition_last_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM recognition_last_reread(OLD.id, NULL);
	RETURN NULL;
END $$;
CREATE TRIGGER recognition_last_deleted AFTER DELETE ON recognitions
FOR EACH ROW EXECUTE FUNCTION recognition_last_deleted();
