-- PostgreSQL's 0050 (see the common file): the organisation's report number, moved by
-- triggers as PL/pgSQL, once per statement where a statement may write many rows.
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
CREATE TRIGGER check_report_attempts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attempts
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_attempt_answers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attempt_answers
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_questions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON questions
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_question_options AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON question_options
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
-- A reviewer's, recorder's or token's name.
CREATE TRIGGER check_report_people_renamed AFTER UPDATE OF name ON people
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_people_removed AFTER DELETE OR TRUNCATE ON people
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_api_tokens_renamed AFTER UPDATE OF name ON api_tokens
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_api_tokens_removed AFTER DELETE OR TRUNCATE ON api_tokens
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
