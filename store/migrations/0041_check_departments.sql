-- The 80% report's departments kept beside its cells. The leader's report opens on the
-- departments; it read all ~10,000 team cells of a 100,000-person check (check_live_cells,
-- 0035) into Go and added them up on every view — half of the page's CPU. These tables hold
-- the same figures one level up, ~250 rows:
--   check_live_departments: an open check's, kept by triggers on check_live_cells in the same
--     transaction as every change to a cell (which 0035's triggers make with every change to
--     a snapshot row or to the closing day);
--   check_department_totals: a closed check's final figures, kept by triggers on check_totals
--     (written when the check closes), so whichever server version closes a check — an
--     older one during a rolling upgrade too — the department rows follow.
-- A department's teams are read from the cells of that department alone (the two indexes;
-- the cells' one carries the counts, else SQLite walks the check's every cell instead).
CREATE TABLE check_live_departments (
    check_id   INTEGER NOT NULL REFERENCES checks(id),
    tier       TEXT NOT NULL,
    department TEXT NOT NULL,
    result     TEXT NOT NULL,
    counted    INTEGER NOT NULL DEFAULT 0,
    left_n     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (check_id, tier, department, result)
) WITHOUT ROWID;

INSERT INTO check_live_departments (check_id, tier, department, result, counted, left_n)
SELECT check_id, tier, department, result, sum(counted), sum(left_n)
FROM check_live_cells GROUP BY check_id, tier, department, result;

CREATE TRIGGER check_live_departments_insert AFTER INSERT ON check_live_cells
BEGIN
    INSERT INTO check_live_departments (check_id, tier, department, result, counted, left_n)
    VALUES (NEW.check_id, NEW.tier, NEW.department, NEW.result, NEW.counted, NEW.left_n)
    ON CONFLICT (check_id, tier, department, result)
    DO UPDATE SET counted = counted + excluded.counted, left_n = left_n + excluded.left_n;
END;

CREATE TRIGGER check_live_departments_update AFTER UPDATE ON check_live_cells
BEGIN
    UPDATE check_live_departments SET counted = counted - OLD.counted, left_n = left_n - OLD.left_n
    WHERE check_id = OLD.check_id AND tier = OLD.tier AND department = OLD.department AND result = OLD.result;
    INSERT INTO check_live_departments (check_id, tier, department, result, counted, left_n)
    VALUES (NEW.check_id, NEW.tier, NEW.department, NEW.result, NEW.counted, NEW.left_n)
    ON CONFLICT (check_id, tier, department, result)
    DO UPDATE SET counted = counted + excluded.counted, left_n = left_n + excluded.left_n;
END;

CREATE TRIGGER check_live_departments_delete AFTER DELETE ON check_live_cells
BEGIN
    UPDATE check_live_departments SET counted = counted - OLD.counted, left_n = left_n - OLD.left_n
    WHERE check_id = OLD.check_id AND tier = OLD.tier AND department = OLD.department AND result = OLD.result;
END;

CREATE TABLE check_department_totals (
    check_id   INTEGER NOT NULL REFERENCES checks(id),
    tier       TEXT NOT NULL,
    department TEXT NOT NULL,
    counted    INTEGER NOT NULL,
    result     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (check_id, tier, department, counted, result)
);

INSERT INTO check_department_totals (check_id, tier, department, counted, result, n)
SELECT check_id, tier, department, counted, result, sum(n)
FROM check_totals GROUP BY check_id, tier, department, counted, result;

CREATE TRIGGER check_department_totals_insert AFTER INSERT ON check_totals
BEGIN
    INSERT INTO check_department_totals (check_id, tier, department, counted, result, n)
    VALUES (NEW.check_id, NEW.tier, NEW.department, NEW.counted, NEW.result, NEW.n)
    ON CONFLICT (check_id, tier, department, counted, result) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER check_department_totals_update AFTER UPDATE ON check_totals
BEGIN
    UPDATE check_department_totals SET n = n - OLD.n
    WHERE check_id = OLD.check_id AND tier = OLD.tier AND department = OLD.department
      AND counted = OLD.counted AND result = OLD.result;
    INSERT INTO check_department_totals (check_id, tier, department, counted, result, n)
    VALUES (NEW.check_id, NEW.tier, NEW.department, NEW.counted, NEW.result, NEW.n)
    ON CONFLICT (check_id, tier, department, counted, result) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER check_department_totals_delete AFTER DELETE ON check_totals
BEGIN
    UPDATE check_department_totals SET n = n - OLD.n
    WHERE check_id = OLD.check_id AND tier = OLD.tier AND department = OLD.department
      AND counted = OLD.counted AND result = OLD.result;
END;

CREATE INDEX check_live_cells_department ON check_live_cells(check_id, department, counted, left_n);
CREATE INDEX check_totals_department ON check_totals(check_id, department);
