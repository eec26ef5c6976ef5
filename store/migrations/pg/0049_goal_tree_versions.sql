-- PostgreSQL's 0049 (see the common file): the goal tree's number, moved by triggers as PL/pgSQL.
CREATE TABLE goal_tree_versions (
    id BIGINT PRIMARY KEY, -- always 0
    n  BIGINT NOT NULL
);

CREATE FUNCTION goal_tree_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO goal_tree_versions AS v (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = v.n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER goal_tree_goals AFTER INSERT OR UPDATE OR DELETE ON goals
FOR EACH ROW EXECUTE FUNCTION goal_tree_bump();
-- An owner renamed (foreign keys keep a goal's owner otherwise).
CREATE TRIGGER goal_tree_people AFTER UPDATE OF name ON people
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION goal_tree_bump();
-- TRUNCATE fires no row trigger.
CREATE TRIGGER goal_tree_truncated_goals AFTER TRUNCATE ON goals FOR EACH STATEMENT EXECUTE FUNCTION goal_tree_bump();
CREATE TRIGGER goal_tree_truncated_people AFTER TRUNCATE ON people FOR EACH STATEMENT EXECUTE FUNCTION goal_tree_bump();
