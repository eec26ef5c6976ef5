-- board_versions: one number that moves whenever anything the recognition board reads may
-- have changed (store/recognition_kept.go): a recognition, its recipients, reactions and
-- comments; the names, teams, departments and leaving days of the people it names; badges
-- (their holder counts too), values and who opted out of the month's strip. A server keeps
-- each board page it read (the same for every viewer but their own reactions, read apart),
-- the month strip and the badge and value lists, and reads them again only when this number
-- is not the one it read them under. Recognitions arrive a few times a minute in a busy
-- centre; the board is read far more often.
--
-- PostgreSQL spreads the number over several rows (their sum is the number) so that
-- concurrent awards do not queue behind one row's lock; SQLite writes one at a time and
-- keeps one row.
CREATE TABLE board_versions (
    id INTEGER PRIMARY KEY, -- always 0 here
    n  INTEGER NOT NULL
);

CREATE TRIGGER board_recognitions_added AFTER INSERT ON recognitions BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognitions_changed AFTER UPDATE ON recognitions BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognitions_removed AFTER DELETE ON recognitions BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_recipients_added AFTER INSERT ON recognition_recipients BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_recipients_changed AFTER UPDATE ON recognition_recipients BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_recipients_removed AFTER DELETE ON recognition_recipients BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_reactions_added AFTER INSERT ON recognition_reactions BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_reactions_changed AFTER UPDATE ON recognition_reactions BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_reactions_removed AFTER DELETE ON recognition_reactions BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- Comments: the board shows how many are visible.
CREATE TRIGGER board_recognition_comments_added AFTER INSERT ON recognition_comments BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_comments_changed AFTER UPDATE OF id, recognition_id, hidden_at ON recognition_comments
WHEN OLD.id != NEW.id OR OLD.recognition_id != NEW.recognition_id OR OLD.hidden_at IS NOT NEW.hidden_at BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_comments_removed AFTER DELETE ON recognition_comments BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_ranking_optouts_added AFTER INSERT ON recognition_ranking_optouts BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_ranking_optouts_changed AFTER UPDATE ON recognition_ranking_optouts BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_recognition_ranking_optouts_removed AFTER DELETE ON recognition_ranking_optouts BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_badges_added AFTER INSERT ON badges BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_badges_changed AFTER UPDATE ON badges BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_badges_removed AFTER DELETE ON badges BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_culture_values_added AFTER INSERT ON culture_values BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_culture_values_changed AFTER UPDATE ON culture_values BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_culture_values_removed AFTER DELETE ON culture_values BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- A giver's or recipient's name, employee id, team or department (the board's filters), or
-- leaving day (the strip leaves out who left); or their id, or a person added under an id a
-- recognition names (a writer with foreign keys off may renumber, remove or re-add them).
CREATE TRIGGER board_people_added AFTER INSERT ON people
WHEN EXISTS (SELECT 1 FROM recognition_recipients WHERE person_id = NEW.id) OR EXISTS (SELECT 1 FROM recognitions WHERE giver_id = NEW.id) BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_people_changed AFTER UPDATE OF id, employee_id, name, team, department, left_on ON people
WHEN OLD.id != NEW.id OR OLD.employee_id IS NOT NEW.employee_id OR OLD.name IS NOT NEW.name OR OLD.team IS NOT NEW.team
    OR OLD.department IS NOT NEW.department OR OLD.left_on IS NOT NEW.left_on BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER board_people_removed AFTER DELETE ON people BEGIN
    INSERT INTO board_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
