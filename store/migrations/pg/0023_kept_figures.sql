-- PostgreSQL's 0023: the common file with GREATEST/LEAST for SQLite's scalar max/min.
-- Each goal keeps what the goal pages show that is derived from its check-ins and children,
-- updated by the store's goal writes in the same transaction (store/goals_kept.go): the goal
-- tree read every goal and rolled progress up on each view (issue 11). Status and staleness
-- depend on the day and are still worked out when read, from these.
ALTER TABLE goals ADD COLUMN current_value DOUBLE PRECISION;                         -- the latest check-in's value, NULL when none
ALTER TABLE goals ADD COLUMN last_checkin TEXT NOT NULL DEFAULT '';      -- the latest check-in's date
ALTER TABLE goals ADD COLUMN checkin_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN progress DOUBLE PRECISION NOT NULL DEFAULT 0;           -- 0..1, own or rolled up
ALTER TABLE goals ADD COLUMN rolled_up BIGINT NOT NULL DEFAULT 0;       -- 1 when progress is the children's weighted mean

UPDATE goals SET
    current_value = (SELECT c.value FROM goal_checkins c WHERE c.goal_id = goals.id ORDER BY c.on_date DESC, c.id DESC LIMIT 1),
    last_checkin = COALESCE((SELECT max(c.on_date) FROM goal_checkins c WHERE c.goal_id = goals.id), ''),
    checkin_count = (SELECT count(*) FROM goal_checkins c WHERE c.goal_id = goals.id);

-- Own progress (store.Progress): from baseline towards target, respecting the direction, 0..1.
UPDATE goals SET progress = (
    SELECT CASE WHEN span <= 0 THEN (CASE WHEN (direction = 'lower' AND cur <= target) OR (direction != 'lower' AND cur >= target) THEN 1.0 ELSE 0.0 END)
                ELSE GREATEST(0.0, LEAST(1.0, moved / span)) END
    FROM (SELECT CASE WHEN direction = 'lower' THEN baseline - target ELSE target - baseline END AS span,
                 CASE WHEN direction = 'lower' THEN baseline - COALESCE(current_value, baseline) ELSE COALESCE(current_value, baseline) - baseline END AS moved,
                 COALESCE(current_value, baseline) AS cur) AS x);

-- Roll up bottom-up: a parent sits at a higher level than its children, so one pass per level
-- from teams to the company sees every child already final (store.RollUp: active children only).
UPDATE goals SET rolled_up = 1, progress = GREATEST(0.0, LEAST(1.0,
        (SELECT sum(c.weight * c.progress) / sum(c.weight) FROM goals c WHERE c.parent_id = goals.id AND c.state = 'active')))
    WHERE level = 'team' AND EXISTS (SELECT 1 FROM goals c WHERE c.parent_id = goals.id AND c.state = 'active');
UPDATE goals SET rolled_up = 1, progress = GREATEST(0.0, LEAST(1.0,
        (SELECT sum(c.weight * c.progress) / sum(c.weight) FROM goals c WHERE c.parent_id = goals.id AND c.state = 'active')))
    WHERE level = 'department' AND EXISTS (SELECT 1 FROM goals c WHERE c.parent_id = goals.id AND c.state = 'active');
UPDATE goals SET rolled_up = 1, progress = GREATEST(0.0, LEAST(1.0,
        (SELECT sum(c.weight * c.progress) / sum(c.weight) FROM goals c WHERE c.parent_id = goals.id AND c.state = 'active')))
    WHERE level = 'company' AND EXISTS (SELECT 1 FROM goals c WHERE c.parent_id = goals.id AND c.state = 'active');

-- Each giver's peer recognitions per calendar month (UTC 'YYYY-MM' of created_at), so an award
-- claims one of the month's allowance with a single conditional statement inside its write
-- transaction instead of counting the month's recognitions there (store/recognition.go).
CREATE TABLE allowance_counts (
    person_id BIGINT NOT NULL,
    month     TEXT NOT NULL,
    used      BIGINT NOT NULL,
    PRIMARY KEY (person_id, month)
);
INSERT INTO allowance_counts (person_id, month, used)
SELECT giver_id, substr(created_at, 1, 7), count(*) FROM recognitions WHERE uses_allowance = 1 AND giver_id IS NOT NULL GROUP BY 1, 2;
