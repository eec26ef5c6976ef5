-- The inbox (issue 12 §2) is counted on every page from the underlying state, per person and
-- their direct reports. Check answers waiting for a reviewer are found by person: the
-- existing indexes start with the check. Partial, so it holds only the waiting few.
CREATE INDEX IF NOT EXISTS check_attempts_pending_person ON check_attempts(person_id) WHERE written_status = 'pending';
