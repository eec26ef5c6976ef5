-- Indexes the hot pages' plans need at the size of a large contact centre (issue 11), and
-- badge holder counts kept as they change instead of counted over every recognition on each view.

CREATE INDEX IF NOT EXISTS recognitions_badge ON recognitions(badge_id, created_at);
CREATE INDEX IF NOT EXISTS course_completions_attempt ON course_completions(attempt_id);
-- A person's checks (profile, home): without it the planner scans every snapshot row.
CREATE INDEX IF NOT EXISTS check_population_person ON check_population(person_id, check_id);

-- badges.awards: visible recognitions carrying the badge, times their recipients (what the
-- board and the badge list show). Kept by the triggers below; filled once here.
ALTER TABLE badges ADD COLUMN awards INTEGER NOT NULL DEFAULT 0;
UPDATE badges SET awards = (SELECT count(*) FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
	WHERE r.badge_id = badges.id AND r.hidden_at IS NULL);

CREATE TRIGGER badges_awards_recipient_added AFTER INSERT ON recognition_recipients BEGIN
	UPDATE badges SET awards = awards + 1
	WHERE id = (SELECT badge_id FROM recognitions WHERE id = NEW.recognition_id AND hidden_at IS NULL);
END;

CREATE TRIGGER badges_awards_recipient_removed AFTER DELETE ON recognition_recipients BEGIN
	UPDATE badges SET awards = awards - 1
	WHERE id = (SELECT badge_id FROM recognitions WHERE id = OLD.recognition_id AND hidden_at IS NULL);
END;

CREATE TRIGGER badges_awards_visibility AFTER UPDATE OF hidden_at, badge_id ON recognitions
WHEN (OLD.hidden_at IS NULL) != (NEW.hidden_at IS NULL) OR OLD.badge_id IS NOT NEW.badge_id BEGIN
	UPDATE badges SET awards = awards - (SELECT count(*) FROM recognition_recipients WHERE recognition_id = OLD.id)
	WHERE id = OLD.badge_id AND OLD.hidden_at IS NULL;
	UPDATE badges SET awards = awards + (SELECT count(*) FROM recognition_recipients WHERE recognition_id = NEW.id)
	WHERE id = NEW.badge_id AND NEW.hidden_at IS NULL;
END;
