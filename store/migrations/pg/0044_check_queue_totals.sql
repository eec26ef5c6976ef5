-- PostgreSQL's 0044 (see the common file for why): each check's waiting answers kept by
-- triggers on check_attempts, as PL/pgSQL.
CREATE TABLE check_queue_totals (
    check_id BIGINT PRIMARY KEY REFERENCES checks(id),
    waiting  BIGINT NOT NULL DEFAULT 0,
    practice BIGINT NOT NULL DEFAULT 0
);

INSERT INTO check_queue_totals (check_id, waiting, practice)
SELECT check_id, count(*), sum(practice) FROM check_attempts WHERE written_status = 'pending' GROUP BY check_id;

-- check_queue_totals_add counts one waiting answer in (sign +1) or out (-1).
CREATE FUNCTION check_queue_totals_add(p_check BIGINT, p_practice BIGINT, p_sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_sign > 0 THEN
        INSERT INTO check_queue_totals AS q (check_id, waiting, practice) VALUES (p_check, 1, p_practice)
        ON CONFLICT (check_id) DO UPDATE SET waiting = q.waiting + 1, practice = q.practice + excluded.practice;
    ELSE
        UPDATE check_queue_totals SET waiting = waiting - 1, practice = practice - p_practice WHERE check_id = p_check;
    END IF;
END $$;

CREATE FUNCTION check_queue_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.written_status = 'pending' THEN
        PERFORM check_queue_totals_add(OLD.check_id, OLD.practice, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.written_status = 'pending' THEN
        PERFORM check_queue_totals_add(NEW.check_id, NEW.practice, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER check_queue_totals_change AFTER INSERT OR UPDATE OR DELETE ON check_attempts
FOR EACH ROW EXECUTE FUNCTION check_queue_totals_change();
