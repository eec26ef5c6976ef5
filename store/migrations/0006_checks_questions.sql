-- The strategy check reuses the training area's question engine (migration 0005): a check
-- owns one question set, and each counted attempt links to the engine's attempt.
ALTER TABLE checks ADD COLUMN question_set_id INTEGER REFERENCES question_sets(id);
ALTER TABLE check_attempts ADD COLUMN engine_attempt_id INTEGER REFERENCES attempts(id);
CREATE UNIQUE INDEX check_attempts_engine ON check_attempts(engine_attempt_id) WHERE engine_attempt_id IS NOT NULL;
