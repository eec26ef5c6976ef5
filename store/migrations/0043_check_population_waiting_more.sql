-- The organisation's review queue counts its deciding answers as one per person waiting for
-- review (the report's kept figures already count those people) plus the answers beyond the
-- first of the few who have more than one: this index holds only those few. Before, the
-- count read every waiting person's row of check_population_waiting (5,000 at 100,000
-- people), 15% of the leader's report CPU.
CREATE INDEX check_population_waiting_more ON check_population(check_id, live_result, left_on, live_waiting, person_id)
    WHERE live_waiting > 1;
