-- PostgreSQL's 0021: the common file with its trigger in PL/pgSQL.
-- The 80% report aggregates in SQL instead of rebuilding every snapshot person's result in
-- Go on each view (issue 11, issue 12 §4).
--
-- live_result: each snapshot person's result from the evidence so far, kept current by the
-- write path (attempt, review, interview: refreshLiveResult in store/check_summary.go, whose
-- liveResultSQL is the same rule as DecideOutcome). Only an open check's report reads it; a
-- closed check reads the frozen final_result.
ALTER TABLE check_population ADD COLUMN live_result TEXT NOT NULL DEFAULT 'no_response';

UPDATE check_population SET live_result = CASE
    WHEN EXISTS (SELECT 1 FROM check_attempts a WHERE a.check_id = check_population.check_id
            AND a.person_id = check_population.person_id AND a.practice = 0 AND a.passed_mark = 1
            AND a.written_status IN ('none', 'accepted'))
        OR EXISTS (SELECT 1 FROM check_interviews i WHERE i.check_id = check_population.check_id
            AND i.person_id = check_population.person_id AND i.verdict = 'understood')
        THEN 'understood'
    WHEN EXISTS (SELECT 1 FROM check_attempts a WHERE a.check_id = check_population.check_id
            AND a.person_id = check_population.person_id AND a.practice = 0 AND a.passed_mark = 1
            AND a.written_status = 'pending')
        THEN 'pending_review'
    WHEN EXISTS (SELECT 1 FROM check_attempts a WHERE a.check_id = check_population.check_id
            AND a.person_id = check_population.person_id AND a.practice = 0)
        OR EXISTS (SELECT 1 FROM check_interviews i WHERE i.check_id = check_population.check_id
            AND i.person_id = check_population.person_id)
        THEN 'not_understood'
    ELSE 'no_response' END;

-- left_on: the snapshot person's current leaving date, copied from people by the trigger
-- below, so that "still counted" (not left on or before the closing day) is read from the
-- snapshot row alone: joining 80,000 people rows cost the leader's report most of its time.
-- (A closed check reads final_left_on / final_counted instead.)
ALTER TABLE check_population ADD COLUMN left_on TEXT;

UPDATE check_population SET left_on = (SELECT p.left_on FROM people p WHERE p.id = check_population.person_id);

CREATE FUNCTION people_left_on_to_check_population() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE check_population SET left_on = NEW.left_on WHERE person_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER people_left_on_to_check_population AFTER UPDATE OF left_on ON people
FOR EACH ROW WHEN (NEW.left_on IS DISTINCT FROM OLD.left_on)
EXECUTE FUNCTION people_left_on_to_check_population();

-- The figures group the check's rows by tier, department and team from this index alone.
CREATE INDEX check_population_report ON check_population(check_id, tier, department, team, live_result, left_on);

-- The report's people lists walk the snapshot in name order and stop at a page; those who
-- left are few, so their list has its own partial index.
CREATE INDEX check_population_name ON check_population(check_id, name, employee_id);
CREATE INDEX check_population_left ON check_population(check_id, name, employee_id) WHERE left_on > '';
CREATE INDEX check_population_final_left ON check_population(check_id, name, employee_id) WHERE final_counted = 0;
-- A department drilled into lists its own people in name order.
CREATE INDEX check_population_department ON check_population(check_id, department, name, employee_id);

-- A closed check's figures are final: its totals per tier, department, team, counted and
-- result are written once at closing, so a whole-organisation report of a closed check (and
-- the trend chart) reads a few thousand rows instead of 80,000.
CREATE TABLE check_totals (
    check_id   BIGINT NOT NULL REFERENCES checks(id),
    tier       TEXT NOT NULL,
    department TEXT NOT NULL,
    team       TEXT NOT NULL,
    counted    BIGINT NOT NULL,
    result     TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (check_id, tier, department, team, counted, result)
);

INSERT INTO check_totals (check_id, tier, department, team, counted, result, n)
SELECT cp.check_id, cp.tier, cp.department, cp.team, COALESCE(cp.final_counted, 0), COALESCE(cp.final_result, ''), count(*)
FROM check_population cp JOIN checks c ON c.id = cp.check_id
WHERE c.status = 'closed'
GROUP BY cp.check_id, cp.tier, cp.department, cp.team, COALESCE(cp.final_counted, 0), COALESCE(cp.final_result, '');
