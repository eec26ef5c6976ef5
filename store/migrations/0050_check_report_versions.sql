-- check_report_versions: one number that moves whenever anything an organisation-wide 80%
-- report reads may have changed (store/check_report_kept.go): the snapshot rows (results,
-- leavers, names), the evidence (attempts, interviews, reviews), the names of reviewers,
-- recorders and API tokens, the answers and questions the item analysis counts (those of a
-- check's question set: a course quiz moves nothing), and a check's closing day, status and
-- question set. A server keeps what a leader's report page reads and reads it again only
-- when this number is not the one it read it under. Evidence arrives a few times a minute at
-- most while a check is open; a leader's report is read far more often and at 100,000 people
-- is the organisation's largest page.
CREATE TABLE check_report_versions (
    id INTEGER PRIMARY KEY, -- always 0
    n  INTEGER NOT NULL
);

CREATE TRIGGER check_report_check_population_added AFTER INSERT ON check_population BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_check_population_changed AFTER UPDATE ON check_population BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_check_population_removed AFTER DELETE ON check_population BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_check_attempts_added AFTER INSERT ON check_attempts BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_check_attempts_changed AFTER UPDATE ON check_attempts BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_check_attempts_removed AFTER DELETE ON check_attempts BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_check_interviews_added AFTER INSERT ON check_interviews BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_check_interviews_changed AFTER UPDATE ON check_interviews BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_check_interviews_removed AFTER DELETE ON check_interviews BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_questions_added AFTER INSERT ON questions BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_questions_changed AFTER UPDATE ON questions BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_questions_removed AFTER DELETE ON questions BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_question_options_added AFTER INSERT ON question_options BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_question_options_changed AFTER UPDATE ON question_options BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_question_options_removed AFTER DELETE ON question_options BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- Question-engine attempts and their answers, of a check's question set only.
CREATE TRIGGER check_report_attempts_added AFTER INSERT ON attempts
WHEN EXISTS (SELECT 1 FROM checks WHERE question_set_id = NEW.set_id) BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempts_changed AFTER UPDATE ON attempts
WHEN EXISTS (SELECT 1 FROM checks WHERE question_set_id = OLD.set_id) OR EXISTS (SELECT 1 FROM checks WHERE question_set_id = NEW.set_id) BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempts_removed AFTER DELETE ON attempts
WHEN EXISTS (SELECT 1 FROM checks WHERE question_set_id = OLD.set_id) BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempt_answers_added AFTER INSERT ON attempt_answers
WHEN EXISTS (SELECT 1 FROM attempts a JOIN checks c ON c.question_set_id = a.set_id WHERE a.id = NEW.attempt_id) BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempt_answers_changed AFTER UPDATE ON attempt_answers
WHEN EXISTS (SELECT 1 FROM attempts a JOIN checks c ON c.question_set_id = a.set_id WHERE a.id = OLD.attempt_id) OR EXISTS (SELECT 1 FROM attempts a JOIN checks c ON c.question_set_id = a.set_id WHERE a.id = NEW.attempt_id) BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- (Removed answers move it whatever their set: a cascade from their attempt leaves none to look up.)
CREATE TRIGGER check_report_attempt_answers_removed AFTER DELETE ON attempt_answers BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- A check's closing day (who counts), status (live or final figures) or question set.
CREATE TRIGGER check_report_checks_changed AFTER UPDATE OF closes_on, status, question_set_id ON checks
WHEN OLD.closes_on IS NOT NEW.closes_on OR OLD.status IS NOT NEW.status OR OLD.question_set_id IS NOT NEW.question_set_id BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- A reviewer's, recorder's or token's name (or id: a writer with foreign keys off may renumber
-- them); a token added under the id of one an interview names.
CREATE TRIGGER check_report_people_changed AFTER UPDATE OF id, name ON people
WHEN OLD.id != NEW.id OR OLD.name IS NOT NEW.name BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_people_removed AFTER DELETE ON people BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_api_tokens_changed AFTER UPDATE OF id, name ON api_tokens
WHEN OLD.id != NEW.id OR OLD.name IS NOT NEW.name BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_api_tokens_removed AFTER DELETE ON api_tokens BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_api_tokens_added AFTER INSERT ON api_tokens
WHEN EXISTS (SELECT 1 FROM check_interviews WHERE recorded_by_token = NEW.id) BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
