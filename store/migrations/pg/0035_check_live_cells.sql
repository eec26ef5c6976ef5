-- PostgreSQL's 0035 (see the common file for why): the open check's kept per-group counts,
-- with the triggers as PL/pgSQL.
CREATE TABLE check_live_cells (
    check_id   BIGINT NOT NULL REFERENCES checks(id),
    tier       TEXT NOT NULL,
    department TEXT NOT NULL,
    team       TEXT NOT NULL,
    result     TEXT NOT NULL,
    counted    BIGINT NOT NULL DEFAULT 0,
    left_n     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (check_id, tier, department, team, result)
);

INSERT INTO check_live_cells (check_id, tier, department, team, result, counted, left_n)
SELECT cp.check_id, cp.tier, cp.department, cp.team, cp.live_result,
       sum(CASE WHEN COALESCE(cp.left_on, '') = '' OR cp.left_on > c.closes_on THEN 1 ELSE 0 END),
       sum(CASE WHEN COALESCE(cp.left_on, '') = '' OR cp.left_on > c.closes_on THEN 0 ELSE 1 END)
FROM check_population cp JOIN checks c ON c.id = cp.check_id
GROUP BY cp.check_id, cp.tier, cp.department, cp.team, cp.live_result;

-- check_live_cells_add adds one snapshot row (+1) or takes it away (-1).
CREATE FUNCTION check_live_cells_add(p_check BIGINT, p_tier TEXT, p_department TEXT, p_team TEXT,
    p_result TEXT, p_left_on TEXT, p_sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    is_counted INTEGER;
BEGIN
    SELECT CASE WHEN COALESCE(p_left_on, '') = '' OR p_left_on > closes_on THEN 1 ELSE 0 END
    INTO is_counted FROM checks WHERE id = p_check;
    IF p_sign > 0 THEN
        INSERT INTO check_live_cells AS c (check_id, tier, department, team, result, counted, left_n)
        VALUES (p_check, p_tier, p_department, p_team, p_result, is_counted, 1 - is_counted)
        ON CONFLICT (check_id, tier, department, team, result)
        DO UPDATE SET counted = c.counted + excluded.counted, left_n = c.left_n + excluded.left_n;
    ELSE
        UPDATE check_live_cells SET counted = counted - is_counted, left_n = left_n - (1 - is_counted)
        WHERE check_id = p_check AND tier = p_tier AND department = p_department AND team = p_team AND result = p_result;
    END IF;
END $$;

CREATE FUNCTION check_live_cells_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM check_live_cells_add(NEW.check_id, NEW.tier, NEW.department, NEW.team, NEW.live_result, NEW.left_on, 1);
    RETURN NULL;
END $$;
CREATE TRIGGER check_live_cells_insert AFTER INSERT ON check_population
FOR EACH ROW EXECUTE FUNCTION check_live_cells_insert();

CREATE FUNCTION check_live_cells_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM check_live_cells_add(OLD.check_id, OLD.tier, OLD.department, OLD.team, OLD.live_result, OLD.left_on, -1);
    RETURN NULL;
END $$;
CREATE TRIGGER check_live_cells_delete AFTER DELETE ON check_population
FOR EACH ROW EXECUTE FUNCTION check_live_cells_delete();

CREATE FUNCTION check_live_cells_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM check_live_cells_add(OLD.check_id, OLD.tier, OLD.department, OLD.team, OLD.live_result, OLD.left_on, -1);
    PERFORM check_live_cells_add(NEW.check_id, NEW.tier, NEW.department, NEW.team, NEW.live_result, NEW.left_on, 1);
    RETURN NULL;
END $$;
CREATE TRIGGER check_live_cells_update AFTER UPDATE OF live_result, left_on, tier, department, team, check_id ON check_population
FOR EACH ROW WHEN (NEW.live_result IS DISTINCT FROM OLD.live_result OR NEW.left_on IS DISTINCT FROM OLD.left_on
    OR NEW.tier IS DISTINCT FROM OLD.tier OR NEW.department IS DISTINCT FROM OLD.department
    OR NEW.team IS DISTINCT FROM OLD.team OR NEW.check_id IS DISTINCT FROM OLD.check_id)
EXECUTE FUNCTION check_live_cells_update();

-- A new closing day moves people between counted and left: regroup that check.
CREATE FUNCTION check_live_cells_closes_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM check_live_cells WHERE check_id = NEW.id;
    INSERT INTO check_live_cells (check_id, tier, department, team, result, counted, left_n)
    SELECT cp.check_id, cp.tier, cp.department, cp.team, cp.live_result,
           sum(CASE WHEN COALESCE(cp.left_on, '') = '' OR cp.left_on > NEW.closes_on THEN 1 ELSE 0 END),
           sum(CASE WHEN COALESCE(cp.left_on, '') = '' OR cp.left_on > NEW.closes_on THEN 0 ELSE 1 END)
    FROM check_population cp WHERE cp.check_id = NEW.id
    GROUP BY cp.check_id, cp.tier, cp.department, cp.team, cp.live_result;
    RETURN NULL;
END $$;
CREATE TRIGGER check_live_cells_closes_on AFTER UPDATE OF closes_on ON checks
FOR EACH ROW WHEN (NEW.closes_on IS DISTINCT FROM OLD.closes_on)
EXECUTE FUNCTION check_live_cells_closes_on();
