-- PostgreSQL's 0047 (see the common file for why and what each trigger watches): each
-- person's own inbox number, moved by triggers as PL/pgSQL.
CREATE TABLE own_inbox_versions (
    person_id BIGINT PRIMARY KEY, -- 0: everyone
    n         BIGINT NOT NULL
);

-- own_inbox_bump moves a person's number (0: everyone's); NULL moves nothing.
CREATE FUNCTION own_inbox_bump(p_person BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_person IS NOT NULL THEN
        INSERT INTO own_inbox_versions AS v (person_id, n) VALUES (p_person, 1)
        ON CONFLICT (person_id) DO UPDATE SET n = v.n + 1;
    END IF;
END $$;

-- own_inbox_bump_both moves the numbers of a row's person before and after.
CREATE FUNCTION own_inbox_bump_both(p_old BIGINT, p_new BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM own_inbox_bump(p_old);
    IF p_new IS DISTINCT FROM p_old THEN
        PERFORM own_inbox_bump(p_new);
    END IF;
END $$;

-- Everyone: a check added, opened, closed, renamed, re-dated, renumbered or deleted; a culture
-- version published, changed or removed (drafts, without a number, are no one's reading).
CREATE FUNCTION own_inbox_everyone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM own_inbox_bump(0);
    RETURN NULL;
END $$;
CREATE TRIGGER own_inbox_checks_added AFTER INSERT OR DELETE ON checks
FOR EACH ROW EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_checks_changed AFTER UPDATE OF id, status, title, title_zh, opens_on, closes_on ON checks
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.status IS DISTINCT FROM NEW.status OR OLD.title IS DISTINCT FROM NEW.title
    OR OLD.title_zh IS DISTINCT FROM NEW.title_zh OR OLD.opens_on IS DISTINCT FROM NEW.opens_on
    OR OLD.closes_on IS DISTINCT FROM NEW.closes_on)
EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_culture_added AFTER INSERT ON culture_versions
FOR EACH ROW WHEN (NEW.number IS NOT NULL) EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_culture_changed AFTER UPDATE OF id, number, published_at ON culture_versions
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.number IS DISTINCT FROM NEW.number OR OLD.published_at IS DISTINCT FROM NEW.published_at)
EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_culture_removed AFTER DELETE ON culture_versions
FOR EACH ROW WHEN (OLD.number IS NOT NULL) EXECUTE FUNCTION own_inbox_everyone();

-- TRUNCATE fires no row trigger: any table the items read emptied moves everyone's number.
CREATE TRIGGER own_inbox_truncated_checks AFTER TRUNCATE ON checks FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_truncated_culture AFTER TRUNCATE ON culture_versions FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_truncated_population AFTER TRUNCATE ON check_population FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_truncated_check_attempts AFTER TRUNCATE ON check_attempts FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_truncated_acks AFTER TRUNCATE ON culture_acknowledgements FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_inbox_truncated_goals AFTER TRUNCATE ON goals FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();

-- The person of a row (person_id): any row added or removed; changes as the common file says.
CREATE FUNCTION own_inbox_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM own_inbox_bump(NEW.person_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM own_inbox_bump(OLD.person_id);
    ELSE
        PERFORM own_inbox_bump_both(OLD.person_id, NEW.person_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER own_inbox_population AFTER INSERT OR DELETE OR UPDATE OF live_result, left_on, person_id, check_id ON check_population
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();
CREATE TRIGGER own_inbox_acks AFTER INSERT OR UPDATE OR DELETE ON culture_acknowledgements
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();

CREATE FUNCTION own_inbox_check_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.written_status = 'pending' THEN
            PERFORM own_inbox_bump(NEW.person_id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.written_status = 'pending' THEN
            PERFORM own_inbox_bump(OLD.person_id);
        END IF;
    ELSIF OLD.written_status = 'pending' OR NEW.written_status = 'pending' THEN
        PERFORM own_inbox_bump_both(OLD.person_id, NEW.person_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER own_inbox_check_attempts AFTER INSERT OR DELETE OR UPDATE OF written_status, person_id, check_id ON check_attempts
FOR EACH ROW EXECUTE FUNCTION own_inbox_check_attempts();

CREATE FUNCTION own_inbox_goals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.level = 'person' THEN
            PERFORM own_inbox_bump(NEW.owner_id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.level = 'person' THEN
            PERFORM own_inbox_bump(OLD.owner_id);
        END IF;
    ELSIF OLD.level = 'person' OR NEW.level = 'person' THEN
        PERFORM own_inbox_bump_both(OLD.owner_id, NEW.owner_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER own_inbox_goals AFTER INSERT OR UPDATE OR DELETE ON goals
FOR EACH ROW EXECUTE FUNCTION own_inbox_goals();
