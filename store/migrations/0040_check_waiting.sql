-- live_waiting: how many of each snapshot person's answers wait for a review that decides
-- their result (not practice, passing mark, written part pending). Kept in the same
-- statement as live_result (refreshLiveResult), from the same evidence. The leader's 80%
-- report counts the organisation's review queue by effect; it joined every waiting answer
-- to its person's snapshot row (~5,000 random reads, 70% of the page at 100,000 people).
-- Now the counts read the few people with waiting answers from one partial index, and the
-- answers' own totals from another. check_attempts_queue holds only waiting answers, so a
-- query that does not ask for them (a person's attempts for their result) cannot wander into
-- it: a full (check_id, written_status, ...) index was chosen, covering, for those and walked
-- every answer of the check.
ALTER TABLE check_population ADD COLUMN live_waiting INTEGER NOT NULL DEFAULT 0;

UPDATE check_population SET live_waiting = (SELECT count(*) FROM check_attempts a
    WHERE a.check_id = check_population.check_id AND a.person_id = check_population.person_id
      AND a.practice = 0 AND a.passed_mark = 1 AND a.written_status = 'pending')
WHERE EXISTS (SELECT 1 FROM check_attempts a
    WHERE a.check_id = check_population.check_id AND a.person_id = check_population.person_id
      AND a.written_status = 'pending');

CREATE INDEX check_population_waiting ON check_population(check_id, live_result, left_on, live_waiting, person_id)
    WHERE live_waiting > 0;

CREATE INDEX check_attempts_queue ON check_attempts(check_id, person_id, practice, written_status)
    WHERE written_status = 'pending';

-- The organisation's reviews page lists the waiting answers oldest first, a page at a time:
-- in this order the page stops after its rows instead of sorting the check's every waiting
-- answer. With the two above it replaces check_attempts_pending, which SQLite (without
-- statistics) preferred, for its two equal columns, to the covering one for the counts.
-- The only other query it served, the hourly strategy badge's (answers 'none' or 'accepted'
-- of the open checks), reads a check's answers by check_attempts_person instead: nearly all
-- of them are of those two kinds anyway.
CREATE INDEX check_attempts_waiting ON check_attempts(check_id, submitted_at, id)
    WHERE written_status = 'pending';

DROP INDEX check_attempts_pending;
