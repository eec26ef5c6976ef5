-- Each goal keeps how many children it has: all of them, the active ones (they make its
-- roll-up) and the personal ones (the only ones whose visibility depends on the viewer).
-- The goal tree decides how deep a page unfolds and what it folds under each goal of its last
-- level from these, instead of grouping the children on every view (at 100,000 people the
-- company page's folded level is 6,000 team goals: 85% of the page's CPU). Kept by the store's
-- goal writes in the same transaction as the progress (store/goals_kept.go refreshGoal).
ALTER TABLE goals ADD COLUMN child_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN child_active INTEGER NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN child_personal INTEGER NOT NULL DEFAULT 0;

UPDATE goals SET
    child_count = (SELECT count(*) FROM goals c WHERE c.parent_id = goals.id),
    child_active = (SELECT count(*) FROM goals c WHERE c.parent_id = goals.id AND c.state = 'active'),
    child_personal = (SELECT count(*) FROM goals c WHERE c.parent_id = goals.id AND c.level = 'person');
