-- PostgreSQL's 0048 (see the common file for why and what each trigger watches): the own
-- number moves for what a person's own cards read, with 0047's functions.

-- Everyone: badges, priorities and values renamed (or re-iconed, recoloured, renumbered,
-- added, removed); the allowance limit; the published courses and their revisions.
CREATE TRIGGER own_cards_badges AFTER INSERT OR DELETE ON badges
FOR EACH ROW EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_badges_changed AFTER UPDATE OF id, name_en, name_zh, icon, colour ON badges
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.name_en IS DISTINCT FROM NEW.name_en OR OLD.name_zh IS DISTINCT FROM NEW.name_zh
    OR OLD.icon IS DISTINCT FROM NEW.icon OR OLD.colour IS DISTINCT FROM NEW.colour)
EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_settings_added AFTER INSERT ON settings
FOR EACH ROW WHEN (NEW.key = 'recognition.monthly_allowance') EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_settings_changed AFTER UPDATE ON settings
FOR EACH ROW WHEN (OLD.key = 'recognition.monthly_allowance' OR NEW.key = 'recognition.monthly_allowance')
EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_settings_removed AFTER DELETE ON settings
FOR EACH ROW WHEN (OLD.key = 'recognition.monthly_allowance') EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_priorities AFTER INSERT OR DELETE ON strategic_priorities
FOR EACH ROW EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_priorities_changed AFTER UPDATE OF id, name_en, name_zh ON strategic_priorities
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.name_en IS DISTINCT FROM NEW.name_en OR OLD.name_zh IS DISTINCT FROM NEW.name_zh)
EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_values AFTER INSERT OR DELETE ON culture_values
FOR EACH ROW EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_values_changed AFTER UPDATE OF id, name_en, name_zh ON culture_values
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.name_en IS DISTINCT FROM NEW.name_en OR OLD.name_zh IS DISTINCT FROM NEW.name_zh)
EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_courses AFTER INSERT OR DELETE ON courses
FOR EACH ROW EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_courses_changed AFTER UPDATE OF id, key, department, published_revision_id, draft_revision_id, archived_at ON courses
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.key IS DISTINCT FROM NEW.key OR OLD.department IS DISTINCT FROM NEW.department
    OR OLD.published_revision_id IS DISTINCT FROM NEW.published_revision_id
    OR OLD.draft_revision_id IS DISTINCT FROM NEW.draft_revision_id OR OLD.archived_at IS DISTINCT FROM NEW.archived_at)
EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_revisions AFTER INSERT OR DELETE ON course_revisions
FOR EACH ROW EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_revisions_changed AFTER UPDATE OF id, course_id, question_set_id ON course_revisions
FOR EACH ROW WHEN (OLD.id != NEW.id OR OLD.course_id != NEW.course_id OR OLD.question_set_id != NEW.question_set_id)
EXECUTE FUNCTION own_inbox_everyone();

-- The person of a row (person_id, 0047's own_inbox_person): any change.
CREATE TRIGGER own_cards_recipients AFTER INSERT OR UPDATE OR DELETE ON recognition_recipients
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();
CREATE TRIGGER own_cards_optouts AFTER INSERT OR UPDATE OF person_id OR DELETE ON recognition_ranking_optouts
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();
CREATE TRIGGER own_cards_allowance AFTER INSERT OR UPDATE OR DELETE ON allowance_counts
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();
CREATE TRIGGER own_cards_lesson_reads AFTER INSERT OR UPDATE OR DELETE ON lesson_reads
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();
CREATE TRIGGER own_cards_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();
CREATE TRIGGER own_cards_attempts AFTER INSERT OR UPDATE OR DELETE ON attempts
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();
CREATE TRIGGER own_cards_completions AFTER INSERT OR UPDATE OR DELETE ON course_completions
FOR EACH ROW EXECUTE FUNCTION own_inbox_person();

-- A recognition's giver (given count); its recipients when it is hidden, re-badged or
-- renumbered (foreign keys keep them after it is added and before it is removed).
CREATE FUNCTION own_cards_recognitions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM own_inbox_bump(NEW.giver_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM own_inbox_bump(OLD.giver_id);
    ELSIF OLD.id != NEW.id OR OLD.giver_id IS DISTINCT FROM NEW.giver_id OR OLD.badge_id IS DISTINCT FROM NEW.badge_id
        OR OLD.hidden_at IS DISTINCT FROM NEW.hidden_at THEN
        PERFORM own_inbox_bump_both(OLD.giver_id, NEW.giver_id);
        PERFORM own_inbox_bump(person_id) FROM recognition_recipients WHERE recognition_id IN (OLD.id, NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER own_cards_recognitions AFTER INSERT OR DELETE OR UPDATE OF id, giver_id, badge_id, hidden_at ON recognitions
FOR EACH ROW EXECUTE FUNCTION own_cards_recognitions();

-- The owners of personal goals whose owner or returner was renamed, given a new employee
-- id or renumbered (foreign keys keep a goal's people otherwise).
CREATE INDEX goals_returned_by ON goals(returned_by) WHERE returned_by IS NOT NULL;
CREATE FUNCTION own_cards_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.id != NEW.id OR OLD.name IS DISTINCT FROM NEW.name OR OLD.employee_id IS DISTINCT FROM NEW.employee_id THEN
        PERFORM own_inbox_bump(owner_id) FROM (
            SELECT owner_id FROM goals WHERE owner_id IN (OLD.id, NEW.id) AND level = 'person'
            UNION SELECT owner_id FROM goals WHERE returned_by IN (OLD.id, NEW.id) AND level = 'person') o;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER own_cards_people AFTER UPDATE OF id, name, employee_id ON people
FOR EACH ROW EXECUTE FUNCTION own_cards_people();

-- The points still waiting for review in an attempt, and its question set's pass mark.
CREATE FUNCTION own_cards_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM own_inbox_bump(person_id) FROM attempts WHERE id = NEW.attempt_id;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM own_inbox_bump(person_id) FROM attempts WHERE id = OLD.attempt_id;
    ELSIF OLD.attempt_id != NEW.attempt_id OR OLD.question_id != NEW.question_id OR OLD.credit IS DISTINCT FROM NEW.credit THEN
        PERFORM own_inbox_bump(p) FROM (SELECT DISTINCT person_id AS p FROM attempts WHERE id IN (OLD.attempt_id, NEW.attempt_id)) a;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER own_cards_answers AFTER INSERT OR DELETE OR UPDATE OF attempt_id, question_id, credit ON attempt_answers
FOR EACH ROW EXECUTE FUNCTION own_cards_answers();
CREATE FUNCTION own_cards_questions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.id != NEW.id OR OLD.points != NEW.points THEN
        PERFORM own_inbox_bump(p) FROM (SELECT DISTINCT a.person_id AS p FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id
            WHERE aa.credit IS NULL AND aa.question_id IN (OLD.id, NEW.id)) w;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER own_cards_questions AFTER DELETE OR UPDATE OF id, points ON questions
FOR EACH ROW EXECUTE FUNCTION own_cards_questions();
CREATE FUNCTION own_cards_sets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM own_inbox_bump(p) FROM (SELECT DISTINCT person_id AS p FROM attempts WHERE set_id = NEW.id) a;
    RETURN NULL;
END $$;
CREATE TRIGGER own_cards_sets AFTER UPDATE OF pass_mark ON question_sets
FOR EACH ROW WHEN (OLD.pass_mark != NEW.pass_mark) EXECUTE FUNCTION own_cards_sets();

-- TRUNCATE fires no row trigger: any table the cards read emptied moves everyone's number.
CREATE TRIGGER own_cards_truncated_recipients AFTER TRUNCATE ON recognition_recipients FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_recognitions AFTER TRUNCATE ON recognitions FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_badges AFTER TRUNCATE ON badges FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_optouts AFTER TRUNCATE ON recognition_ranking_optouts FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_allowance AFTER TRUNCATE ON allowance_counts FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_settings AFTER TRUNCATE ON settings FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_people AFTER TRUNCATE ON people FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_priorities AFTER TRUNCATE ON strategic_priorities FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_values AFTER TRUNCATE ON culture_values FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_courses AFTER TRUNCATE ON courses FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_revisions AFTER TRUNCATE ON course_revisions FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_lesson_reads AFTER TRUNCATE ON lesson_reads FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_assignments AFTER TRUNCATE ON assignments FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_attempts AFTER TRUNCATE ON attempts FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_answers AFTER TRUNCATE ON attempt_answers FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_questions AFTER TRUNCATE ON questions FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_sets AFTER TRUNCATE ON question_sets FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
CREATE TRIGGER own_cards_truncated_completions AFTER TRUNCATE ON course_completions FOR EACH STATEMENT EXECUTE FUNCTION own_inbox_everyone();
