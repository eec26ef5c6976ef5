-- goal_tree_versions: one number that moves whenever anything the goal tree's rows read may
-- have changed (store/goal_tree_kept.go): any goal, and the name of a person who owns one. A
-- server keeps the rows each tree page reads and reads them again only when this number is
-- not the one it read them under. Goals change a few times an hour (check-ins, proposals);
-- the tree is read on every view.
CREATE TABLE goal_tree_versions (
    id INTEGER PRIMARY KEY, -- always 0
    n  INTEGER NOT NULL
);

CREATE TRIGGER goal_tree_goals_added AFTER INSERT ON goals BEGIN
    INSERT INTO goal_tree_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER goal_tree_goals_changed AFTER UPDATE ON goals BEGIN
    INSERT INTO goal_tree_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER goal_tree_goals_removed AFTER DELETE ON goals BEGIN
    INSERT INTO goal_tree_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- An owner's name (or id: a writer with foreign keys off may renumber, remove or add the
-- person a goal names).
CREATE TRIGGER goal_tree_people_added AFTER INSERT ON people WHEN EXISTS (SELECT 1 FROM goals WHERE owner_id = NEW.id) BEGIN
    INSERT INTO goal_tree_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER goal_tree_people_changed AFTER UPDATE OF id, name ON people
WHEN (OLD.id != NEW.id OR OLD.name IS NOT NEW.name) AND EXISTS (SELECT 1 FROM goals WHERE owner_id IN (OLD.id, NEW.id)) BEGIN
    INSERT INTO goal_tree_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER goal_tree_people_removed AFTER DELETE ON people WHEN EXISTS (SELECT 1 FROM goals WHERE owner_id = OLD.id) BEGIN
    INSERT INTO goal_tree_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
