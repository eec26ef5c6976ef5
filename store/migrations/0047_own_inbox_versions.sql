-- own_inbox_versions: a number per person that moves whenever something their own inbox
-- items read may have changed (store/inbox_kept.go), as team_inbox_versions (0046) does for a
-- manager's team items. The own items are on every page anyone opens (a tenth of an agent's
-- page CPU at 100,000 people). Row 0 moves for changes that concern everyone. Time changes
-- the items only at midnight (a goal's status and staleness are by the day), which the kept
-- items' expiry covers.
--
-- What the own items read (store/inbox.go, inboxOwnSQL): open checks (checks) where the person
-- is counted with no response (check_population) and has no answer waiting for review
-- (check_attempts); the current culture version (culture_versions) and the person's
-- acknowledgements (culture_acknowledgements); the person's personal goals (goals).
CREATE TABLE own_inbox_versions (
    person_id INTEGER PRIMARY KEY, -- 0: everyone
    n         INTEGER NOT NULL
);

-- Everyone: a check added, opened, closed, renamed, re-dated, renumbered or deleted (foreign
-- keys keep a check that counts people, and its people come after it, but a writer may have
-- them off, as the sqlite3 shell does); a culture version published, changed or removed
-- (drafts, without a number, are no one's reading).
CREATE TRIGGER own_inbox_checks_added AFTER INSERT ON checks BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_checks_changed AFTER UPDATE OF id, status, title, title_zh, opens_on, closes_on ON checks
WHEN OLD.id != NEW.id OR OLD.status IS NOT NEW.status OR OLD.title IS NOT NEW.title OR OLD.title_zh IS NOT NEW.title_zh
    OR OLD.opens_on IS NOT NEW.opens_on OR OLD.closes_on IS NOT NEW.closes_on BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_checks_removed AFTER DELETE ON checks BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_culture_added AFTER INSERT ON culture_versions WHEN NEW.number IS NOT NULL BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_culture_changed AFTER UPDATE OF id, number, published_at ON culture_versions
WHEN OLD.id != NEW.id OR OLD.number IS NOT NEW.number OR OLD.published_at IS NOT NEW.published_at BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_culture_removed AFTER DELETE ON culture_versions WHEN OLD.number IS NOT NULL BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (0, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;

-- The person: counted in a check (or no longer), their kept result, their leaving day.
CREATE TRIGGER own_inbox_population_added AFTER INSERT ON check_population BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_population_changed AFTER UPDATE OF live_result, left_on, person_id, check_id ON check_population
WHEN OLD.live_result IS NOT NEW.live_result OR OLD.left_on IS NOT NEW.left_on OR OLD.person_id != NEW.person_id
    OR OLD.check_id != NEW.check_id BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_population_removed AFTER DELETE ON check_population BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;

-- The person's check answers waiting for review.
CREATE TRIGGER own_inbox_check_attempts_added AFTER INSERT ON check_attempts WHEN NEW.written_status = 'pending' BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_check_attempts_changed AFTER UPDATE OF written_status, person_id, check_id ON check_attempts
WHEN OLD.written_status = 'pending' OR NEW.written_status = 'pending' BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_check_attempts_removed AFTER DELETE ON check_attempts WHEN OLD.written_status = 'pending' BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;

-- The person's culture acknowledgements.
CREATE TRIGGER own_inbox_acks_added AFTER INSERT ON culture_acknowledgements BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_acks_changed AFTER UPDATE ON culture_acknowledgements BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.person_id AS p UNION SELECT NEW.person_id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_acks_removed AFTER DELETE ON culture_acknowledgements BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.person_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;

-- The person's personal goals: any change of one (check-ins, progress, proposals, returns).
CREATE TRIGGER own_inbox_goals_added AFTER INSERT ON goals WHEN NEW.level = 'person' AND NEW.owner_id IS NOT NULL BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (NEW.owner_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_goals_changed AFTER UPDATE ON goals WHEN OLD.level = 'person' OR NEW.level = 'person' BEGIN
    INSERT INTO own_inbox_versions (person_id, n) SELECT p, 1 FROM (SELECT OLD.owner_id AS p UNION SELECT NEW.owner_id) WHERE p IS NOT NULL
    ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER own_inbox_goals_removed AFTER DELETE ON goals WHEN OLD.level = 'person' AND OLD.owner_id IS NOT NULL BEGIN
    INSERT INTO own_inbox_versions (person_id, n) VALUES (OLD.owner_id, 1) ON CONFLICT (person_id) DO UPDATE SET n = n + 1;
END;
