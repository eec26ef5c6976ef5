-- check_report_versions: one number that moves whenever anything an organisation-wide 80%
-- report reads may have changed (store/check_report_kept.go): the snapshot rows (results,
-- leavers, names), the evidence (attempts, interviews, reviews), the names of reviewers,
-- recorders and API tokens, and the answers and questions the item analysis counts. A server
-- keeps what a leader's report page reads and reads it again only when this number is not
-- the one it read it under. Evidence arrives a few times a minute; a leader's report is read
-- far more often and at 100,000 people is the organisation's largest page.
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
CREATE TRIGGER check_report_attempts_added AFTER INSERT ON attempts BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempts_changed AFTER UPDATE ON attempts BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempts_removed AFTER DELETE ON attempts BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempt_answers_added AFTER INSERT ON attempt_answers BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempt_answers_changed AFTER UPDATE ON attempt_answers BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_attempt_answers_removed AFTER DELETE ON attempt_answers BEGIN
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
-- A reviewer's, recorder's or token's name (or id: a writer with foreign keys off may renumber them).
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
