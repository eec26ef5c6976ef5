-- PostgreSQL's 0050 (see the common file): the organisation's report number, moved by
-- triggers as PL/pgSQL — once per statement where a statement may write many rows, and per
-- row for question-engine attempts and answers, which move it only for a check's question set.
CREATE TABLE check_report_versions (
    id BIGINT PRIMARY KEY, -- always 0
    n  BIGINT NOT NULL
);

CREATE FUNCTION check_report_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO check_report_versions AS v (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = v.n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER check_report_check_population AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON check_population
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_check_attempts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON check_attempts
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_check_interviews AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON check_interviews
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_questions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON questions
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_question_options AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON question_options
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
-- An attempt of a check's question set (a course quiz moves nothing).
CREATE FUNCTION check_report_bump_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP != 'DELETE' AND EXISTS (SELECT 1 FROM checks WHERE question_set_id = NEW.set_id))
        OR (TG_OP != 'INSERT' AND EXISTS (SELECT 1 FROM checks WHERE question_set_id = OLD.set_id)) THEN
        INSERT INTO check_report_versions AS v (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = v.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER check_report_attempts AFTER INSERT OR UPDATE OR DELETE ON attempts
FOR EACH ROW EXECUTE FUNCTION check_report_bump_attempt();
-- An answer to one (removed answers move it whatever their set: a cascade from their attempt
-- leaves none to look up).
CREATE FUNCTION check_report_bump_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
        OR EXISTS (SELECT 1 FROM attempts a JOIN checks c ON c.question_set_id = a.set_id WHERE a.id = NEW.attempt_id)
        OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM attempts a JOIN checks c ON c.question_set_id = a.set_id WHERE a.id = OLD.attempt_id)) THEN
        INSERT INTO check_report_versions AS v (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = v.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER check_report_attempt_answers AFTER INSERT OR UPDATE OR DELETE ON attempt_answers
FOR EACH ROW EXECUTE FUNCTION check_report_bump_answer();
CREATE TRIGGER check_report_truncated_attempts AFTER TRUNCATE ON attempts FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_truncated_answers AFTER TRUNCATE ON attempt_answers FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
-- A check's closing day, status or question set.
CREATE TRIGGER check_report_checks AFTER UPDATE OF closes_on, status, question_set_id ON checks
FOR EACH ROW WHEN (OLD.closes_on IS DISTINCT FROM NEW.closes_on OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.question_set_id IS DISTINCT FROM NEW.question_set_id) EXECUTE FUNCTION check_report_bump();
-- A reviewer's, recorder's or token's name.
CREATE TRIGGER check_report_people_renamed AFTER UPDATE OF name ON people
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_people_removed AFTER DELETE OR TRUNCATE ON people
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_api_tokens_renamed AFTER UPDATE OF name ON api_tokens
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_api_tokens_removed AFTER DELETE OR TRUNCATE ON api_tokens
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
