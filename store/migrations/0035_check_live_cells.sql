-- An open check's figures kept per group: for each tier, department, team and live result,
-- how many snapshot people count (still there, or leaving after the closing day) and how many
-- left on or before it. The leader's report then reads these few thousand rows instead of
-- grouping the 72,000 snapshot rows of a 100,000-person organisation on every view.
-- Triggers keep them in the same transaction as every change to a snapshot row (its live
-- result, its left_on through people_left_on_to_check_population, a new snapshot) and to a
-- check's closing day. A closed check's final figures stay in check_totals (0021).
CREATE TABLE check_live_cells (
    check_id   INTEGER NOT NULL REFERENCES checks(id),
    tier       TEXT NOT NULL,
    department TEXT NOT NULL,
    team       TEXT NOT NULL,
    result     TEXT NOT NULL,
    counted    INTEGER NOT NULL DEFAULT 0,
    left_n     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (check_id, tier, department, team, result)
) WITHOUT ROWID;

INSERT INTO check_live_cells (check_id, tier, department, team, result, counted, left_n)
SELECT cp.check_id, cp.tier, cp.department, cp.team, cp.live_result,
       sum(COALESCE(cp.left_on, '') = '' OR cp.left_on > c.closes_on),
       sum(NOT (COALESCE(cp.left_on, '') = '' OR cp.left_on > c.closes_on))
FROM check_population cp JOIN checks c ON c.id = cp.check_id
GROUP BY cp.check_id, cp.tier, cp.department, cp.team, cp.live_result;

CREATE TRIGGER check_live_cells_insert AFTER INSERT ON check_population
BEGIN
    INSERT INTO check_live_cells (check_id, tier, department, team, result, counted, left_n)
    SELECT NEW.check_id, NEW.tier, NEW.department, NEW.team, NEW.live_result, x.is_counted, 1 - x.is_counted
    FROM (SELECT (COALESCE(NEW.left_on, '') = '' OR NEW.left_on > (SELECT closes_on FROM checks WHERE id = NEW.check_id)) AS is_counted) x
    WHERE true
    ON CONFLICT (check_id, tier, department, team, result)
    DO UPDATE SET counted = counted + excluded.counted, left_n = left_n + excluded.left_n;
END;

CREATE TRIGGER check_live_cells_delete AFTER DELETE ON check_population
BEGIN
    UPDATE check_live_cells SET
        counted = counted - x.is_counted, left_n = left_n - (1 - x.is_counted)
    FROM (SELECT (COALESCE(OLD.left_on, '') = '' OR OLD.left_on > (SELECT closes_on FROM checks WHERE id = OLD.check_id)) AS is_counted) x
    WHERE check_id = OLD.check_id AND tier = OLD.tier AND department = OLD.department AND team = OLD.team AND result = OLD.live_result;
END;

CREATE TRIGGER check_live_cells_update AFTER UPDATE OF live_result, left_on, tier, department, team, check_id ON check_population
WHEN NEW.live_result IS NOT OLD.live_result OR NEW.left_on IS NOT OLD.left_on OR NEW.tier IS NOT OLD.tier
    OR NEW.department IS NOT OLD.department OR NEW.team IS NOT OLD.team OR NEW.check_id IS NOT OLD.check_id
BEGIN
    UPDATE check_live_cells SET
        counted = counted - x.is_counted, left_n = left_n - (1 - x.is_counted)
    FROM (SELECT (COALESCE(OLD.left_on, '') = '' OR OLD.left_on > (SELECT closes_on FROM checks WHERE id = OLD.check_id)) AS is_counted) x
    WHERE check_id = OLD.check_id AND tier = OLD.tier AND department = OLD.department AND team = OLD.team AND result = OLD.live_result;
    INSERT INTO check_live_cells (check_id, tier, department, team, result, counted, left_n)
    SELECT NEW.check_id, NEW.tier, NEW.department, NEW.team, NEW.live_result, x.is_counted, 1 - x.is_counted
    FROM (SELECT (COALESCE(NEW.left_on, '') = '' OR NEW.left_on > (SELECT closes_on FROM checks WHERE id = NEW.check_id)) AS is_counted) x
    WHERE true
    ON CONFLICT (check_id, tier, department, team, result)
    DO UPDATE SET counted = counted + excluded.counted, left_n = left_n + excluded.left_n;
END;

-- A new closing day moves people between counted and left: regroup that check.
CREATE TRIGGER check_live_cells_closes_on AFTER UPDATE OF closes_on ON checks
WHEN NEW.closes_on IS NOT OLD.closes_on
BEGIN
    DELETE FROM check_live_cells WHERE check_id = NEW.id;
    INSERT INTO check_live_cells (check_id, tier, department, team, result, counted, left_n)
    SELECT cp.check_id, cp.tier, cp.department, cp.team, cp.live_result,
           sum(COALESCE(cp.left_on, '') = '' OR cp.left_on > NEW.closes_on),
           sum(NOT (COALESCE(cp.left_on, '') = '' OR cp.left_on > NEW.closes_on))
    FROM check_population cp WHERE cp.check_id = NEW.id
    GROUP BY cp.check_id, cp.tier, cp.department, cp.team, cp.live_result;
END;
