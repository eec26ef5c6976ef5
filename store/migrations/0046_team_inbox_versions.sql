-- team_inbox_versions: a number per manager that moves whenever something their team inbox
-- reads may have changed (store/inbox_kept.go). The team inbox is on every page a manager
-- opens and was a fifth of those pages' CPU at 100,000 people; a server keeps each manager's
-- items and reads them again only when this number (theirs plus row 0's, which moves for
-- changes that concern every team) is not the one it read them at, or when time alone can
-- change them (a new day, a member's recognition growing old). Triggers move it in the same
-- transaction as the change, whichever server or program writes.
--
-- What the team items read (store/inbox.go): the manager's direct reports still here (their
-- name, hire date, leaving day), their quiz answers waiting for review (attempts,
-- attempt_answers, course_revisions), their check answers waiting (check_attempts, checks),
-- their personal goals proposed (goals), their assignments not completed (assignments,
-- course_completions, courses) and their last recognition (recognition_last).
CREATE TABLE team_inbox_versions (
    manager_id INTEGER PRIMARY KEY, -- 0: every team
    n          INTEGER NOT NULL
);

-- The team members: who they are, whom they report to, when they came and go.
CREATE TRIGGER team_inbox_people_added AFTER INSERT ON people WHEN NEW.manager_id IS NOT NULL BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (NEW.manager_id, 1)
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_people_changed AFTER UPDATE OF manager_id, left_on, name, hired_on ON people
WHEN OLD.manager_id IS NOT NEW.manager_id OR OLD.left_on IS NOT NEW.left_on OR OLD.name IS NOT NEW.name
    OR OLD.hired_on IS NOT NEW.hired_on BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT m, 1 FROM (SELECT OLD.manager_id AS m UNION SELECT NEW.manager_id) WHERE m IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_people_removed AFTER DELETE ON people WHEN OLD.manager_id IS NOT NULL BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (OLD.manager_id, 1)
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;

-- Quiz answers waiting for review: an attempt submitted, moved or removed (its answers go
-- with it, after it, when the attempt can no longer be read); an answer without credit added,
-- credited (or credit taken back), moved or removed. A new attempt has no answers yet.
CREATE TRIGGER team_inbox_attempts_changed AFTER UPDATE OF submitted_at, person_id, set_id ON attempts
WHEN OLD.submitted_at IS NOT NEW.submitted_at OR OLD.person_id != NEW.person_id OR OLD.set_id != NEW.set_id BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id IN (OLD.person_id, NEW.person_id) AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_attempts_removed AFTER DELETE ON attempts BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = OLD.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_answers_added AFTER INSERT ON attempt_answers WHEN NEW.credit IS NULL BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT p.manager_id, 1 FROM attempts a JOIN people p ON p.id = a.person_id
    WHERE a.id = NEW.attempt_id AND p.manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_answers_changed AFTER UPDATE OF credit, attempt_id ON attempt_answers
WHEN (OLD.credit IS NULL) != (NEW.credit IS NULL) OR OLD.attempt_id != NEW.attempt_id BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT p.manager_id, 1 FROM attempts a JOIN people p ON p.id = a.person_id
    WHERE a.id IN (OLD.attempt_id, NEW.attempt_id) AND p.manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_answers_removed AFTER DELETE ON attempt_answers WHEN OLD.credit IS NULL BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT p.manager_id, 1 FROM attempts a JOIN people p ON p.id = a.person_id
    WHERE a.id = OLD.attempt_id AND p.manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
-- Which question sets are courses' (a check's are not): every team.
CREATE TRIGGER team_inbox_revisions_added AFTER INSERT ON course_revisions BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_revisions_changed AFTER UPDATE OF question_set_id ON course_revisions
WHEN OLD.question_set_id != NEW.question_set_id BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_revisions_removed AFTER DELETE ON course_revisions BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;

-- Check answers waiting for review, and checks opening, added, renumbered or deleted (every
-- team; foreign keys keep a check with answers, and its answers come after it, but a writer
-- may have them off, as the sqlite3 shell does; so for courses below).
CREATE TRIGGER team_inbox_check_attempts_added AFTER INSERT ON check_attempts WHEN NEW.written_status = 'pending' BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = NEW.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_check_attempts_changed AFTER UPDATE OF written_status, person_id, check_id, submitted_at ON check_attempts
WHEN OLD.written_status = 'pending' OR NEW.written_status = 'pending' BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id IN (OLD.person_id, NEW.person_id) AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_check_attempts_removed AFTER DELETE ON check_attempts WHEN OLD.written_status = 'pending' BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = OLD.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_checks_added AFTER INSERT ON checks BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_checks_changed AFTER UPDATE OF id, status ON checks WHEN OLD.id != NEW.id OR OLD.status != NEW.status BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_checks_removed AFTER DELETE ON checks BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;

-- Personal goals proposed and not returned: one entering or leaving that state, or moving.
CREATE TRIGGER team_inbox_goals_added AFTER INSERT ON goals
WHEN NEW.level = 'person' AND NEW.state = 'proposed' AND NEW.returned_at IS NULL BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = NEW.owner_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_goals_changed AFTER UPDATE ON goals
WHEN (OLD.level = 'person' AND OLD.state = 'proposed' AND OLD.returned_at IS NULL)
    OR (NEW.level = 'person' AND NEW.state = 'proposed' AND NEW.returned_at IS NULL) BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id IN (OLD.owner_id, NEW.owner_id) AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_goals_removed AFTER DELETE ON goals
WHEN OLD.level = 'person' AND OLD.state = 'proposed' AND OLD.returned_at IS NULL BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = OLD.owner_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;

-- Training: assignments and completions (due dates passing are time's), and courses
-- added, published, archived, renumbered or deleted (every team).
CREATE TRIGGER team_inbox_assignments_added AFTER INSERT ON assignments BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = NEW.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_assignments_changed AFTER UPDATE OF person_id, course_id, due_on ON assignments
WHEN OLD.person_id != NEW.person_id OR OLD.course_id != NEW.course_id OR OLD.due_on != NEW.due_on BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id IN (OLD.person_id, NEW.person_id) AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_assignments_removed AFTER DELETE ON assignments BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = OLD.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_completions_added AFTER INSERT ON course_completions BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = NEW.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_completions_changed AFTER UPDATE OF person_id, course_id ON course_completions
WHEN OLD.person_id != NEW.person_id OR OLD.course_id != NEW.course_id BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id IN (OLD.person_id, NEW.person_id) AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_completions_removed AFTER DELETE ON course_completions BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = OLD.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_courses_added AFTER INSERT ON courses BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_courses_changed AFTER UPDATE OF id, published_revision_id, archived_at ON courses
WHEN OLD.id != NEW.id OR OLD.published_revision_id IS NOT NEW.published_revision_id OR OLD.archived_at IS NOT NEW.archived_at BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_courses_removed AFTER DELETE ON courses BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) VALUES (0, 1) ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;

-- The last recognition (the deserts): any change of it. (Skipping awards less than 59 days
-- after the previous one, which cannot end a desert when dated now, saved nothing measurable
-- in the award bench, and a recognition written with an older date would have been missed.)
-- Time putting members into a desert is the kept items' own expiry, not a trigger's.
CREATE TRIGGER team_inbox_last_added AFTER INSERT ON recognition_last BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = NEW.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_last_changed AFTER UPDATE ON recognition_last
WHEN NEW.at IS NOT OLD.at OR NEW.person_id != OLD.person_id BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id IN (OLD.person_id, NEW.person_id) AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER team_inbox_last_removed AFTER DELETE ON recognition_last BEGIN
    INSERT INTO team_inbox_versions (manager_id, n) SELECT manager_id, 1 FROM people WHERE id = OLD.person_id AND manager_id IS NOT NULL
    ON CONFLICT (manager_id) DO UPDATE SET n = n + 1;
END;
