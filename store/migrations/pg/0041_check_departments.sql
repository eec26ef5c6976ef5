-- PostgreSQL's 0041 (see the common file for why): the report's departments kept beside its
-- cells, with the triggers as PL/pgSQL.
CREATE TABLE check_live_departments (
    check_id   BIGINT NOT NULL REFERENCES checks(id),
    tier       TEXT NOT NULL,
    department TEXT NOT NULL,
    result     TEXT NOT NULL,
    counted    BIGINT NOT NULL DEFAULT 0,
    left_n     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (check_id, tier, department, result)
);

INSERT INTO check_live_departments (check_id, tier, department, result, counted, left_n)
SELECT check_id, tier, department, result, sum(counted), sum(left_n)
FROM check_live_cells GROUP BY check_id, tier, department, result;

-- check_live_departments_add adds one cell's counts (sign +1) or takes them away (-1).
CREATE FUNCTION check_live_departments_add(p_check BIGINT, p_tier TEXT, p_department TEXT,
    p_result TEXT, p_counted BIGINT, p_left BIGINT, p_sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_sign > 0 THEN
        INSERT INTO check_live_departments AS d (check_id, tier, department, result, counted, left_n)
        VALUES (p_check, p_tier, p_department, p_result, p_counted, p_left)
        ON CONFLICT (check_id, tier, department, result)
        DO UPDATE SET counted = d.counted + excluded.counted, left_n = d.left_n + excluded.left_n;
    ELSE
        UPDATE check_live_departments SET counted = counted - p_counted, left_n = left_n - p_left
        WHERE check_id = p_check AND tier = p_tier AND department = p_department AND result = p_result;
    END IF;
END $$;

-- One trigger for every change to a cell: the old row's counts out, the new row's in.
CREATE FUNCTION check_live_departments_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM check_live_departments_add(OLD.check_id, OLD.tier, OLD.department, OLD.result, OLD.counted, OLD.left_n, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM check_live_departments_add(NEW.check_id, NEW.tier, NEW.department, NEW.result, NEW.counted, NEW.left_n, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER check_live_departments_change AFTER INSERT OR UPDATE OR DELETE ON check_live_cells
FOR EACH ROW EXECUTE FUNCTION check_live_departments_change();

CREATE TABLE check_department_totals (
    check_id   BIGINT NOT NULL REFERENCES checks(id),
    tier       TEXT NOT NULL,
    department TEXT NOT NULL,
    counted    BIGINT NOT NULL,
    result     TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (check_id, tier, department, counted, result)
);

INSERT INTO check_department_totals (check_id, tier, department, counted, result, n)
SELECT check_id, tier, department, counted, result, sum(n)
FROM check_totals GROUP BY check_id, tier, department, counted, result;

-- check_department_totals_add adds one totals row (sign +1) or takes it away (-1).
CREATE FUNCTION check_department_totals_add(p_check BIGINT, p_tier TEXT, p_department TEXT,
    p_counted BIGINT, p_result TEXT, p_n BIGINT, p_sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_sign > 0 THEN
        INSERT INTO check_department_totals AS d (check_id, tier, department, counted, result, n)
        VALUES (p_check, p_tier, p_department, p_counted, p_result, p_n)
        ON CONFLICT (check_id, tier, department, counted, result) DO UPDATE SET n = d.n + excluded.n;
    ELSE
        UPDATE check_department_totals SET n = n - p_n
        WHERE check_id = p_check AND tier = p_tier AND department = p_department
          AND counted = p_counted AND result = p_result;
    END IF;
END $$;

CREATE FUNCTION check_department_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM check_department_totals_add(OLD.check_id, OLD.tier, OLD.department, OLD.counted, OLD.result, OLD.n, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM check_department_totals_add(NEW.check_id, NEW.tier, NEW.department, NEW.counted, NEW.result, NEW.n, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER check_department_totals_change AFTER INSERT OR UPDATE OR DELETE ON check_totals
FOR EACH ROW EXECUTE FUNCTION check_department_totals_change();

CREATE INDEX check_live_cells_department ON check_live_cells(check_id, department, counted, left_n);
CREATE INDEX check_totals_department ON check_totals(check_id, department);
