-- check_queue_totals: how many answers of each check wait for a review, and how many of those
-- are practice, kept by triggers on check_attempts (so an older server's writes keep them
-- current during a rolling upgrade). The leader's 80% report and the reviews page showed the
-- organisation's queue counted from every waiting answer (5,000 at 100,000 people, ~15% of
-- the report's CPU); now one row, less the viewer's own answers read by key.
CREATE TABLE check_queue_totals (
    check_id INTEGER PRIMARY KEY REFERENCES checks(id),
    waiting  INTEGER NOT NULL DEFAULT 0,
    practice INTEGER NOT NULL DEFAULT 0
);

INSERT INTO check_queue_totals (check_id, waiting, practice)
SELECT check_id, count(*), sum(practice) FROM check_attempts WHERE written_status = 'pending' GROUP BY check_id;

CREATE TRIGGER check_queue_totals_insert AFTER INSERT ON check_attempts
WHEN NEW.written_status = 'pending'
BEGIN
    INSERT INTO check_queue_totals (check_id, waiting, practice) VALUES (NEW.check_id, 1, NEW.practice)
    ON CONFLICT (check_id) DO UPDATE SET waiting = waiting + 1, practice = practice + excluded.practice;
END;

CREATE TRIGGER check_queue_totals_update AFTER UPDATE OF check_id, written_status, practice ON check_attempts
WHEN OLD.written_status = 'pending' OR NEW.written_status = 'pending'
BEGIN
    UPDATE check_queue_totals SET waiting = waiting - 1, practice = practice - OLD.practice
    WHERE check_id = OLD.check_id AND OLD.written_status = 'pending';
    INSERT INTO check_queue_totals (check_id, waiting, practice)
    SELECT NEW.check_id, 1, NEW.practice WHERE NEW.written_status = 'pending'
    ON CONFLICT (check_id) DO UPDATE SET waiting = waiting + 1, practice = practice + excluded.practice;
END;

CREATE TRIGGER check_queue_totals_delete AFTER DELETE ON check_attempts
WHEN OLD.written_status = 'pending'
BEGIN
    UPDATE check_queue_totals SET waiting = waiting - 1, practice = practice - OLD.practice
    WHERE check_id = OLD.check_id;
END;
