-- PostgreSQL's 0051 (see the common file): the recognition board's number, moved by triggers
-- as PL/pgSQL, once per statement where a statement may write many rows. The number is the
-- sum of eight rows, each transaction moving the one its id picks: one row would make every
-- award wait for the award before it to commit (the row's lock is held until then).
CREATE TABLE board_versions (
    id BIGINT PRIMARY KEY, -- 0 to 7
    n  BIGINT NOT NULL
);

CREATE FUNCTION board_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_versions AS v (id, n) VALUES (txid_current() % 8, 1) ON CONFLICT (id) DO UPDATE SET n = v.n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER board_recognitions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recognitions
FOR EACH STATEMENT EXECUTE FUNCTION board_bump();
CREATE TRIGGER board_recognition_recipients AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recognition_recipients
FOR EACH STATEMENT EXECUTE FUNCTION board_bump();
CREATE TRIGGER board_recognition_reactions AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recognition_reactions
FOR EACH STATEMENT EXECUTE FUNCTION board_bump();
CREATE TRIGGER board_recognition_comments AFTER INSERT OR DELETE OR TRUNCATE ON recognition_comments
FOR EACH STATEMENT EXECUTE FUNCTION board_bump();
CREATE TRIGGER board_recognition_comments_changed AFTER UPDATE OF recognition_id, hidden_at ON recognition_comments
FOR EACH ROW WHEN (OLD.recognition_id IS DISTINCT FROM NEW.recognition_id OR OLD.hidden_at IS DISTINCT FROM NEW.hidden_at)
EXECUTE FUNCTION board_bump();
CREATE TRIGGER board_recognition_ranking_optouts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recognition_ranking_optouts
FOR EACH STATEMENT EXECUTE FUNCTION board_bump();
CREATE TRIGGER board_badges AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON badges
FOR EACH STATEMENT EXECUTE FUNCTION board_bump();
CREATE TRIGGER board_culture_values AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON culture_values
FOR EACH STATEMENT EXECUTE FUNCTION board_bump();
-- A giver's or recipient's name, employee id, team, department or leaving day (foreign keys
-- keep who a recognition names otherwise).
CREATE TRIGGER board_people_changed AFTER UPDATE OF employee_id, name, team, department, left_on ON people
FOR EACH ROW WHEN (OLD.employee_id IS DISTINCT FROM NEW.employee_id OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.team IS DISTINCT FROM NEW.team OR OLD.department IS DISTINCT FROM NEW.department
    OR OLD.left_on IS DISTINCT FROM NEW.left_on) EXECUTE FUNCTION board_bump();
CREATE TRIGGER board_people_removed AFTER DELETE OR TRUNCATE ON people
FOR EACH STATEMENT EXECUTE FUNCTION board_bump();
