-- PostgreSQL's 0011 (see the common file for why): the badge-count triggers as PL/pgSQL.
CREATE INDEX IF NOT EXISTS recognitions_badge ON recognitions(badge_id, created_at);
CREATE INDEX IF NOT EXISTS course_completions_attempt ON course_completions(attempt_id);
CREATE INDEX IF NOT EXISTS check_population_person ON check_population(person_id, check_id);

ALTER TABLE badges ADD COLUMN awards BIGINT NOT NULL DEFAULT 0;
UPDATE badges SET awards = (SELECT count(*) FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
	WHERE r.badge_id = badges.id AND r.hidden_at IS NULL);

CREATE FUNCTION badges_awards_recipient_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE badges SET awards = awards + 1
	WHERE id = (SELECT badge_id FROM recognitions WHERE id = NEW.recognition_id AND hidden_at IS NULL);
	RETURN NULL;
END $$;
CREATE TRIGGER badges_awards_recipient_added AFTER INSERT ON recognition_recipients
FOR EACH ROW EXECUTE FUNCTION badges_awards_recipient_added();

CREATE FUNCTION badges_awards_recipient_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE badges SET awards = awards - 1
	WHERE id = (SELECT badge_id FROM recognitions WHERE id = OLD.recognition_id AND hidden_at IS NULL);
	RETURN NULL;
END $$;
CREATE TRIGGER badges_awards_recipient_removed AFTER DELETE ON recognition_recipients
FOR EACH ROW EXECUTE FUNCTION badges_awards_recipient_removed();

CREATE FUNCTION badges_awards_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE badges SET awards = awards - (SELECT count(*) FROM recognition_recipients WHERE recognition_id = OLD.id)
	WHERE id = OLD.badge_id AND OLD.hidden_at IS NULL;
	UPDATE badges SET awards = awards + (SELECT count(*) FROM recognition_recipients WHERE recognition_id = NEW.id)
	WHERE id = NEW.badge_id AND NEW.hidden_at IS NULL;
	RETURN NULL;
END $$;
CREATE TRIGGER badges_awards_visibility AFTER UPDATE OF hidden_at, badge_id ON recognitions
FOR EACH ROW WHEN ((OLD.hidden_at IS NULL) != (NEW.hidden_at IS NULL) OR OLD.badge_id IS DISTINCT FROM NEW.badge_id)
EXECUTE FUNCTION badges_awards_visibility();
