-- The own number (own_inbox_versions, 0047) moves for what a person's own cards read too, so
-- a server keeps them under it as it keeps the own inbox items (store/inbox_kept.go): the
-- home page's recognition card (badge shelf, counts received and given, allowance used),
-- personal goals card (with the names shown beside each goal) and training card (my
-- training). They were ~40% of the home page's CPU at 100,000 people, read afresh on every
-- view though they change a few times a day. The number is read once per page already.
--
-- What the cards read:
-- - recognition (store/recognition.go, profileRecognitionSQL and allowance): the person's
--   recognitions received (recognition_recipients, recognitions: hidden, badge) and given
--   (recognitions.giver_id), the badges' names, icons and colours, the ranking opt-out, the
--   allowance used this month (allowance_counts) and its limit (settings);
-- - goals (GoalsOwnedBy): the personal goals (0047 moves them already), their owner's and
--   returner's names (people), their priority's and value's names;
-- - training (MyTraining): the published courses (courses, course_revisions), the person's
--   lessons read, assignments, attempts (and the points of answers waiting for review:
--   attempt_answers, questions; the pass mark: question_sets) and completions.

-- Recognition, received and given.
CREATE TRIGGER own_cards_recipients_added AFTER INSERT ON recognition_recipients BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_recipients_changed AFTER UPDATE ON recognition_recipients BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_recipients_removed AFTER DELETE ON recognition_recipients BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
-- A recognition's giver, and its recipients already there (a writer with foreign keys off may
-- add them first).
CREATE TRIGGER own_cards_recognitions_added AFTER INSERT ON recognitions BEGIN
    INSERT INTO own_inbox_versions (person_id, n)
        SELECT NEW.giver_id, 1 WHERE NEW.giver_id IS NOT NULL
        UNION SELECT person_id, 1 FROM recognition_recipients WHERE recognition_id = NEW.id
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_recognitions_changed AFTER UPDATE OF id, giver_id, badge_id, hidden_at ON recognitions
WHEN OLD.id != NEW.id OR OLD.giver_id IS NOT NEW.giver_id OR OLD.badge_id IS NOT NEW.badge_id OR OLD.hidden_at IS NOT NEW.hidden_at BEGIN
    INSERT INTO own_inbox_versions (person_id, n)
        SELECT p, 1 FROM (SELECT OLD.giver_id AS p UNION SELECT NEW.giver_id) WHERE p IS NOT NULL
        UNION SELECT person_id, 1 FROM recognition_recipients WHERE recognition_id IN (OLD.id, NEW.id)
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_recognitions_removed AFTER DELETE ON recognitions BEGIN
    INSERT INTO own_inbox_versions (person_id, n)
        SELECT OLD.giver_id, 1 WHERE OLD.giver_id IS NOT NULL
        UNION SELECT person_id, 1 FROM recognition_recipients WHERE recognition_id = OLD.id
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
-- Badges are on everyone's shelf.
CREATE TRIGGER own_cards_badges_added AFTER INSERT ON badges BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_badges_changed AFTER UPDATE OF id, name_en, name_zh, icon, colour ON badges
WHEN OLD.id != NEW.id OR OLD.name_en IS NOT NEW.name_en OR OLD.name_zh IS NOT NEW.name_zh OR OLD.icon IS NOT NEW.icon
    OR OLD.colour IS NOT NEW.colour BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_badges_removed AFTER DELETE ON badges BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_optouts_added AFTER INSERT ON recognition_ranking_optouts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_optouts_changed AFTER UPDATE OF person_id ON recognition_ranking_optouts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_optouts_removed AFTER DELETE ON recognition_ranking_optouts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
-- The allowance: used this month (kept per person and month, 0023), and its limit.
CREATE TRIGGER own_cards_allowance_added AFTER INSERT ON allowance_counts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_allowance_changed AFTER UPDATE ON allowance_counts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_allowance_removed AFTER DELETE ON allowance_counts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_settings_added AFTER INSERT ON settings WHEN NEW.key = 'recognition.monthly_allowance' BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_settings_changed AFTER UPDATE ON settings
WHEN OLD.key = 'recognition.monthly_allowance' OR NEW.key = 'recognition.monthly_allowance' BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_settings_removed AFTER DELETE ON settings WHEN OLD.key = 'recognition.monthly_allowance' BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;

-- Goals: the names beside a personal goal — its owner's (the person, or whoever a writer
-- with foreign keys off gives the id to), the name of whoever returned it, its priority's and
-- value's.
CREATE INDEX goals_returned_by ON goals(returned_by) WHERE returned_by IS NOT NULL;
CREATE TRIGGER own_cards_people_added AFTER INSERT ON people BEGIN
    INSERT INTO own_inbox_versions (person_id, n)
        SELECT owner_id, 1 FROM goals WHERE owner_id = NEW.id AND level = 'person'
        UNION SELECT owner_id, 1 FROM goals WHERE returned_by = NEW.id AND level = 'person' AND owner_id IS NOT NULL
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_people_changed AFTER UPDATE OF id, name, employee_id ON people
WHEN OLD.id != NEW.id OR OLD.name IS NOT NEW.name OR OLD.employee_id IS NOT NEW.employee_id BEGIN
    INSERT INTO own_inbox_versions (person_id, n)
        SELECT owner_id, 1 FROM goals WHERE owner_id IN (OLD.id, NEW.id) AND level = 'person'
        UNION SELECT owner_id, 1 FROM goals WHERE returned_by IN (OLD.id, NEW.id) AND level = 'person' AND owner_id IS NOT NULL
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_people_removed AFTER DELETE ON people BEGIN
    INSERT INTO own_inbox_versions (person_id, n)
        SELECT owner_id, 1 FROM goals WHERE owner_id = OLD.id AND level = 'person'
        UNION SELECT owner_id, 1 FROM goals WHERE returned_by = OLD.id AND level = 'person' AND owner_id IS NOT NULL
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_priorities_added AFTER INSERT ON strategic_priorities BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_priorities_changed AFTER UPDATE OF id, name_en, name_zh ON strategic_priorities
WHEN OLD.id != NEW.id OR OLD.name_en IS NOT NEW.name_en OR OLD.name_zh IS NOT NEW.name_zh BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_priorities_removed AFTER DELETE ON strategic_priorities BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_values_added AFTER INSERT ON culture_values BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_values_changed AFTER UPDATE OF id, name_en, name_zh ON culture_values
WHEN OLD.id != NEW.id OR OLD.name_en IS NOT NEW.name_en OR OLD.name_zh IS NOT NEW.name_zh BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_values_removed AFTER DELETE ON culture_values BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;

-- Training: the published courses (which revision, archived, key, department, a draft
-- waiting) and their revisions' question sets are everyone's.
CREATE TRIGGER own_cards_courses_added AFTER INSERT ON courses BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_courses_changed AFTER UPDATE OF id, key, department, published_revision_id, draft_revision_id, archived_at ON courses
WHEN OLD.id != NEW.id OR OLD.key IS NOT NEW.key OR OLD.department IS NOT NEW.department
    OR OLD.published_revision_id IS NOT NEW.published_revision_id OR OLD.draft_revision_id IS NOT NEW.draft_revision_id
    OR OLD.archived_at IS NOT NEW.archived_at BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_courses_removed AFTER DELETE ON courses BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_revisions_added AFTER INSERT ON course_revisions BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_revisions_changed AFTER UPDATE OF id, course_id, question_set_id ON course_revisions
WHEN OLD.id != NEW.id OR OLD.course_id != NEW.course_id OR OLD.question_set_id != NEW.question_set_id BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_revisions_removed AFTER DELETE ON course_revisions BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
-- The person's lessons read, assignments, attempts and completions: any change.
CREATE TRIGGER own_cards_lesson_reads_added AFTER INSERT ON lesson_reads BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_lesson_reads_changed AFTER UPDATE ON lesson_reads BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_lesson_reads_removed AFTER DELETE ON lesson_reads BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_assignments_added AFTER INSERT ON assignments BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_assignments_changed AFTER UPDATE ON assignments BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_assignments_removed AFTER DELETE ON assignments BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_attempts_added AFTER INSERT ON attempts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_attempts_changed AFTER UPDATE ON attempts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_attempts_removed AFTER DELETE ON attempts BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_completions_added AFTER INSERT ON course_completions BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_completions_changed AFTER UPDATE ON course_completions BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_completions_removed AFTER DELETE ON course_completions BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
-- The points still waiting for review in an attempt: its answers without credit (an answer
-- deleted with its attempt, after it, moved the number with the attempt), and those
-- answers' questions' points; the pass mark of an attempt's question set (an attempt whose
-- set is gone or renumbered cannot be read at all).
CREATE TRIGGER own_cards_answers_added AFTER INSERT ON attempt_answers BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT person_id, 1 FROM attempts WHERE id = NEW.attempt_id
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_answers_changed AFTER UPDATE OF attempt_id, question_id, credit ON attempt_answers
WHEN OLD.attempt_id != NEW.attempt_id OR OLD.question_id != NEW.question_id OR OLD.credit IS NOT NEW.credit BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT DISTINCT person_id, 1 FROM attempts WHERE id IN (OLD.attempt_id, NEW.attempt_id)
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_answers_removed AFTER DELETE ON attempt_answers BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT person_id, 1 FROM attempts WHERE id = OLD.attempt_id
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_questions_added AFTER INSERT ON questions BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT DISTINCT a.person_id, 1 FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id
        WHERE aa.credit IS NULL AND aa.question_id = NEW.id
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_questions_changed AFTER UPDATE OF id, points ON questions
WHEN OLD.id != NEW.id OR OLD.points != NEW.points BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT DISTINCT a.person_id, 1 FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id
        WHERE aa.credit IS NULL AND aa.question_id IN (OLD.id, NEW.id)
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_questions_removed AFTER DELETE ON questions BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT DISTINCT a.person_id, 1 FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id
        WHERE aa.credit IS NULL AND aa.question_id = OLD.id
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_cards_sets_changed AFTER UPDATE OF pass_mark ON question_sets WHEN OLD.pass_mark != NEW.pass_mark BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT DISTINCT person_id, 1 FROM attempts WHERE set_id = NEW.id
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
