-- PostgreSQL's 0046 (see the common file for why and what each trigger watches): each
-- manager's team inbox number, moved by triggers as PL/pgSQL.
CREATE TABLE team_inbox_versions (
    manager_id BIGINT PRIMARY KEY, -- 0: every team
    n          BIGINT NOT NULL
);

-- team_inbox_bump moves a manager's number (0: every team's); NULL moves nothing.
CREATE FUNCTION team_inbox_bump(p_manager BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_manager IS NOT NULL THEN
        INSERT INTO team_inbox_versions AS v (manager_id, n) VALUES (p_manager, 1)
        ON CONFLICT (manager_id) DO UPDATE SET n = v.n + 1;
    END IF;
END $$;

-- team_inbox_bump_person moves the number of the person's manager.
CREATE FUNCTION team_inbox_bump_person(p_person BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM team_inbox_bump(manager_id) FROM people WHERE id = p_person;
END $$;

-- team_inbox_bump_people moves the numbers of the managers of a row's person before and after.
CREATE FUNCTION team_inbox_bump_people(p_old BIGINT, p_new BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM team_inbox_bump_person(p_old);
    IF p_new IS DISTINCT FROM p_old THEN
        PERFORM team_inbox_bump_person(p_new);
    END IF;
END $$;

CREATE FUNCTION team_inbox_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM team_inbox_bump(NEW.manager_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM team_inbox_bump(OLD.manager_id);
    ELSIF OLD.manager_id IS DISTINCT FROM NEW.manager_id OR OLD.left_on IS DISTINCT FROM NEW.left_on
        OR OLD.name IS DISTINCT FROM NEW.name OR OLD.hired_on IS DISTINCT FROM NEW.hired_on THEN
        PERFORM team_inbox_bump(OLD.manager_id);
        IF NEW.manager_id IS DISTINCT FROM OLD.manager_id THEN
            PERFORM team_inbox_bump(NEW.manager_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER team_inbox_people AFTER INSERT OR UPDATE OR DELETE ON people
FOR EACH ROW EXECUTE FUNCTION team_inbox_people();

-- A new attempt has no answers yet; a deleted one's answers go after it.
CREATE FUNCTION team_inbox_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM team_inbox_bump_person(OLD.person_id);
    ELSIF OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.person_id != NEW.person_id OR OLD.set_id != NEW.set_id THEN
        PERFORM team_inbox_bump_people(OLD.person_id, NEW.person_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER team_inbox_attempts AFTER UPDATE OR DELETE ON attempts
FOR EACH ROW EXECUTE FUNCTION team_inbox_attempts();

-- team_inbox_bump_attempt moves the number of the manager of an attempt's person.
CREATE FUNCTION team_inbox_bump_attempt(p_attempt BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM team_inbox_bump_person(person_id) FROM attempts WHERE id = p_attempt;
END $$;

CREATE FUNCTION team_inbox_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.credit IS NULL THEN
            PERFORM team_inbox_bump_attempt(NEW.attempt_id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.credit IS NULL THEN
            PERFORM team_inbox_bump_attempt(OLD.attempt_id);
        END IF;
    ELSIF (OLD.credit IS NULL) != (NEW.credit IS NULL) OR OLD.attempt_id != NEW.attempt_id THEN
        PERFORM team_inbox_bump_attempt(OLD.attempt_id);
        IF NEW.attempt_id != OLD.attempt_id THEN
            PERFORM team_inbox_bump_attempt(NEW.attempt_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER team_inbox_answers AFTER INSERT OR UPDATE OR DELETE ON attempt_answers
FOR EACH ROW EXECUTE FUNCTION team_inbox_answers();

-- Changes that concern every team: course revisions (which question sets are courses'),
-- checks added, opening, closing, renumbered or deleted, courses added, published, archived,
-- renumbered or deleted.
CREATE FUNCTION team_inbox_everyone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM team_inbox_bump(0);
    RETURN NULL;
END $$;
CREATE TRIGGER team_inbox_revisions AFTER INSERT OR DELETE OR UPDATE OF question_set_id ON course_revisions
FOR EACH ROW EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_checks_added AFTER INSERT ON checks
FOR EACH ROW EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_checks_changed AFTER UPDATE OF id, status ON checks
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.status != NEW.status) EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_checks_removed AFTER DELETE ON checks
FOR EACH ROW EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_courses_removed AFTER DELETE ON courses
FOR EACH ROW EXECUTE FUNCTION team_inbox_everyone();
-- TRUNCATE fires no row trigger: any table the items read emptied moves every team's number.
CREATE TRIGGER team_inbox_truncated_people AFTER TRUNCATE ON people FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_attempts AFTER TRUNCATE ON attempts FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_answers AFTER TRUNCATE ON attempt_answers FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_revisions AFTER TRUNCATE ON course_revisions FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_check_attempts AFTER TRUNCATE ON check_attempts FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_checks AFTER TRUNCATE ON checks FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_goals AFTER TRUNCATE ON goals FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_assignments AFTER TRUNCATE ON assignments FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_completions AFTER TRUNCATE ON course_completions FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_courses AFTER TRUNCATE ON courses FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_truncated_last AFTER TRUNCATE ON recognition_last FOR EACH STATEMENT EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_courses_added AFTER INSERT ON courses
FOR EACH ROW EXECUTE FUNCTION team_inbox_everyone();
CREATE TRIGGER team_inbox_courses_changed AFTER UPDATE OF id, published_revision_id, archived_at ON courses
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.published_revision_id IS DISTINCT FROM NEW.published_revision_id OR OLD.archived_at IS DISTINCT FROM NEW.archived_at)
EXECUTE FUNCTION team_inbox_everyone();

CREATE FUNCTION team_inbox_check_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.written_status = 'pending' THEN
            PERFORM team_inbox_bump_person(NEW.person_id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.written_status = 'pending' THEN
            PERFORM team_inbox_bump_person(OLD.person_id);
        END IF;
    ELSIF OLD.written_status = 'pending' OR NEW.written_status = 'pending' THEN
        PERFORM team_inbox_bump_people(OLD.person_id, NEW.person_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER team_inbox_check_attempts AFTER INSERT OR UPDATE OR DELETE ON check_attempts
FOR EACH ROW EXECUTE FUNCTION team_inbox_check_attempts();

CREATE FUNCTION team_inbox_goals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := TG_OP != 'INSERT' AND OLD.level = 'person' AND OLD.state = 'proposed' AND OLD.returned_at IS NULL;
    now_is BOOLEAN := TG_OP != 'DELETE' AND NEW.level = 'person' AND NEW.state = 'proposed' AND NEW.returned_at IS NULL;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF now_is THEN
            PERFORM team_inbox_bump_person(NEW.owner_id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF was THEN
            PERFORM team_inbox_bump_person(OLD.owner_id);
        END IF;
    ELSIF was OR now_is THEN
        PERFORM team_inbox_bump_people(OLD.owner_id, NEW.owner_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER team_inbox_goals AFTER INSERT OR UPDATE OR DELETE ON goals
FOR EACH ROW EXECUTE FUNCTION team_inbox_goals();

-- Assignments and completions: any row added or removed, or moved (and a due date changed).
CREATE FUNCTION team_inbox_training() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM team_inbox_bump_person(NEW.person_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM team_inbox_bump_person(OLD.person_id);
    ELSE
        PERFORM team_inbox_bump_people(OLD.person_id, NEW.person_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER team_inbox_assignments AFTER INSERT OR DELETE OR UPDATE OF person_id, course_id, due_on ON assignments
FOR EACH ROW EXECUTE FUNCTION team_inbox_training();
CREATE TRIGGER team_inbox_completions AFTER INSERT OR DELETE OR UPDATE OF person_id, course_id ON course_completions
FOR EACH ROW EXECUTE FUNCTION team_inbox_training();

-- The last recognition: any change of it (the common file says why).
CREATE FUNCTION team_inbox_last() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM team_inbox_bump_person(NEW.person_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM team_inbox_bump_person(OLD.person_id);
    ELSIF NEW.at IS DISTINCT FROM OLD.at OR NEW.person_id != OLD.person_id THEN
        PERFORM team_inbox_bump_people(OLD.person_id, NEW.person_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER team_inbox_last AFTER INSERT OR UPDATE OR DELETE ON recognition_last
FOR EACH ROW EXECUTE FUNCTION team_inbox_last();
