-- PostgreSQL's 0053 (see the common file): the training matrix's number, moved by triggers
-- as PL/pgSQL once per statement. The number is the sum of eight rows, each transaction
-- moving the one its id picks, so concurrent writers do not wait for each other's commit.
CREATE TABLE training_versions (
    id BIGINT PRIMARY KEY, -- 0 to 7
    n  BIGINT NOT NULL
);

CREATE FUNCTION training_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO training_versions AS v (id, n) VALUES (txid_current() % 8, 1) ON CONFLICT (id) DO UPDATE SET n = v.n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER training_people AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_org_unit_names AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON org_unit_names
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_courses AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON courses
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_course_revisions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON course_revisions
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_lessons AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lessons
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_question_sets AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON question_sets
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_questions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON questions
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_assignments AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assignments
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_lesson_reads AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lesson_reads
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_attempts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attempts
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_attempt_answers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attempt_answers
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
CREATE TRIGGER training_course_completions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON course_completions
FOR EACH STATEMENT EXECUTE FUNCTION training_bump();
